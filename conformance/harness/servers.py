"""The server under test of one scenario, in one of the two modes scenarios ask for.

Both servers get the same command lines:
  dev:            <bin> server -dev -dev-root-token-id=root -dev-listen-address=127.0.0.1:PORT
  uninitialised:  <bin> server -config=FILE   (in-memory storage, plain-TCP listener)
A scenario's `config` text is written to a second file and added with another -config.
"""

from pathlib import Path

from .processes import SERVERS, ServerError, ServerProcess, binary_for, free_port

MODES = ("dev", "uninitialised")
DEV_ROOT_TOKEN = "root"

CONFIG_TEMPLATE = """storage "inmem" {{}}
listener "tcp" {{ address = "127.0.0.1:{port}" tls_disable = true }}
disable_mlock = true
"""


def dev_argv(binary, port):
    """The dev-mode command line: unsealed at start, root token `root`, listening on 127.0.0.1:`port`."""
    return [binary, "server", "-dev", f"-dev-root-token-id={DEV_ROOT_TOKEN}",
            f"-dev-listen-address=127.0.0.1:{port}"]


def is_unsealed(response):
    """Whether a `sys/seal-status` response says the server is unsealed."""
    return response.status_code == 200 and response.json().get("sealed") is False


class RunningServer:
    """The server of one scenario, started in `workdir` on a free port."""

    def __init__(self, server, mode, workdir, ready_timeout=60.0, extra_config=None):
        if server not in SERVERS:
            raise ServerError(f"unknown server {server!r}")
        if mode not in MODES:
            raise ServerError(f"unknown server mode {mode!r}")
        self.server = server
        self.mode = mode
        self.workdir = Path(workdir)
        self.port = free_port()
        self.address = f"http://127.0.0.1:{self.port}"
        self.ready_timeout = ready_timeout
        self.process = None
        self.extra_config = extra_config

    def command(self):
        binary = binary_for(self.server)
        extra = []
        if self.extra_config:
            scenario_config = self.workdir / "scenario.hcl"
            scenario_config.write_text(self.extra_config.replace("${workdir}", str(self.workdir)))
            extra = [f"-config={scenario_config}"]
        if self.mode == "dev":
            return dev_argv(binary, self.port) + extra
        config = self.workdir / "server.hcl"
        config.write_text(CONFIG_TEMPLATE.format(port=self.port))
        return [binary, "server", f"-config={config}"] + extra

    def start(self):
        self.process = ServerProcess(self.command(), self.workdir).start()
        accept = is_unsealed if self.mode == "dev" else (lambda response: True)
        self.process.wait_ready(f"{self.address}/v1/sys/seal-status", accept, timeout=self.ready_timeout)

    def stop(self):
        if self.process is not None:
            self.process.stop()

    def log_tail(self):
        return self.process.log_tail() if self.process is not None else ""
