"""Helpers of the system tests: server configurations, an HTTP client, CLI runs, table parsing."""

import http.client
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "conformance"))

from harness.processes import SERVERS, ServerProcess, binary_for, free_port  # noqa: E402
from harness.servers import DEV_ROOT_TOKEN, dev_argv, is_unsealed  # noqa: E402


def server_config(server, port, datadir=None, tls=None):
    """A configuration for `server` listening on 127.0.0.1:`port`, as a dict (HCL and JSON alike).

    Without `datadir` the storage is in memory. With it, the storage persists there: Coffer's
    `sqlite` file, or for the reference (which has no SQLite storage) single-node `raft`,
    which needs a cluster address too. `tls` is a (certificate file, key file) pair.
    """
    listener = {"address": f"127.0.0.1:{port}"}
    if tls:
        listener["tls_cert_file"], listener["tls_key_file"] = (str(path) for path in tls)
    else:
        listener["tls_disable"] = True
    config = {}
    if datadir is None:
        storage = {"inmem": {}}
    elif server == "coffer":
        storage = {"sqlite": {"path": str(Path(datadir) / "coffer.db")}}
    else:
        cluster_port = free_port()
        storage = {"raft": {"path": str(datadir), "node_id": "node1"}}
        listener["cluster_address"] = f"127.0.0.1:{cluster_port}"
        config["api_addr"] = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
        config["cluster_addr"] = f"https://127.0.0.1:{cluster_port}"
    config["storage"] = storage
    config["listener"] = {"tcp": listener}
    config["disable_mlock"] = True
    return config


def persistent_config(kind, workdir):
    """A config file for `kind` storing in `workdir`/data (made here), on a free port: (path, port)."""
    datadir = workdir / "data"
    datadir.mkdir()
    port = free_port()
    return write_config(workdir / "server.hcl", server_config(kind, port, datadir)), port


def init_with_one_share(api):
    """Initializes with one key share, unseals and waits until active: (root API, the key)."""
    init = api.call("PUT", "sys/init", {"secret_shares": 1, "secret_threshold": 1}, status=200)
    api.call("PUT", "sys/unseal", {"key": init["keys"][0]}, status=200)
    root = api.with_token(init["root_token"])
    wait_active(root)
    return root, init["keys"][0]


def hcl_text(config, block_word=None):
    """`config` (as `server_config` makes it) written as HCL; `block_word` renames the storage block."""
    lines = []
    for name, value in config.items():
        if isinstance(value, dict):
            word = block_word if (name == "storage" and block_word) else name
            for label, body in value.items():
                lines.append(f'{word} "{label}" {{')
                lines.extend(f"  {key} = {json.dumps(item)}" for key, item in body.items())
                lines.append("}")
        else:
            lines.append(f"{name} = {json.dumps(value)}")
    return "\n".join(lines) + "\n"


def write_config(path, config):
    """Writes `config` to `path`, as JSON if the name ends in .json, else as HCL; returns the path."""
    path = Path(path)
    path.write_text(json.dumps(config, indent=2) if path.suffix == ".json" else hcl_text(config))
    return path


class Server:
    """A started server: which one, its process, its address and an API client with `token`."""

    def __init__(self, kind, process, address, verify=True, token=None):
        self.kind = kind
        self.process = process
        self.address = address
        self.api = Api(address, token, verify)


class Launcher:
    """Starts servers and stops every one it started."""

    def __init__(self):
        self.processes = []

    def spawn(self, kind, workdir, args, name="server"):
        """`<kind's binary> server ARGS`, started without waiting for it."""
        return self._spawn([binary_for(kind), "server", *args], workdir, name)

    def _spawn(self, argv, workdir, name):
        process = ServerProcess(argv, workdir, name)
        self.processes.append(process)
        return process.start()

    def start(self, kind, workdir, args, port, name="server", tls_verify=None):
        """A server started with `server ARGS`, once `sys/seal-status` answers on 127.0.0.1:`port`.

        `tls_verify` is the certificate file to trust when the listener speaks TLS.
        """
        process = self.spawn(kind, workdir, args, name)
        address = f"{'https' if tls_verify else 'http'}://127.0.0.1:{port}"
        verify = str(tls_verify) if tls_verify else True
        process.wait_ready(f"{address}/v1/sys/seal-status", verify=verify)
        return Server(kind, process, address, verify)

    def dev(self, kind, workdir, wrapper=()):
        """A dev server: unsealed, in memory, root token `root`; run under `wrapper` (e.g. taskset) if given."""
        port = free_port()
        process = self._spawn([*wrapper, *dev_argv(binary_for(kind), port)], workdir, "dev")
        address = f"http://127.0.0.1:{port}"
        process.wait_ready(f"{address}/v1/sys/seal-status", is_unsealed)
        return Server(kind, process, address, token=DEV_ROOT_TOKEN)

    def stop(self):
        for process in self.processes:
            process.stop()


class Api:
    """The Vault HTTP API of one server, with one token."""

    def __init__(self, address, token=None, verify=True):
        self.address = address
        self.token = token
        self.session = requests.Session()
        self.session.trust_env = False
        self.session.verify = verify

    def request(self, method, path, body=None):
        headers = {"X-Vault-Token": self.token} if self.token else {}
        return self.session.request(method, f"{self.address}/v1/{path}", json=body, headers=headers, timeout=30)

    def call(self, method, path, body=None, status=(200, 204)):
        """The response of a request that must answer with one of `status`, and its JSON body if any."""
        response = self.request(method, path, body)
        statuses = status if isinstance(status, tuple) else (status,)
        if response.status_code not in statuses:
            raise AssertionError(f"{method} {path}: expected status {statuses}, got {response.status_code}: "
                                 f"{response.text}")
        return response.json() if response.content else None

    def with_token(self, token):
        return Api(self.address, token, self.session.verify)


def wait_active(api, timeout=30.0):
    """Waits until `sys/health` answers 200: unsealed and active (the reference's raft needs a moment)."""
    deadline = time.monotonic() + timeout
    while True:
        response = api.request("GET", "sys/health")
        if response.status_code == 200:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"sys/health still {response.status_code} after {timeout}s: {response.text}")
        time.sleep(0.2)


_CLIENT_VARIABLE = re.compile(r"^(VAULT|BAO|COFFER)_")


def run_cli(argv, home, variables, timeout=60):
    """Runs a CLI with `HOME`=`home` and exactly the client variables given (no VAULT_*, BAO_*, COFFER_* else)."""
    env = {name: value for name, value in os.environ.items() if not _CLIENT_VARIABLE.match(name)}
    env.update(variables, HOME=str(home))
    return subprocess.run([str(a) for a in argv], env=env, cwd=home, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout)


def describe(result):
    """A CLI run's command, status and output, for assertion messages."""
    return (f"$ {' '.join(result.args)}\nexit status {result.returncode}\n--- stdout ---\n{result.stdout}"
            f"--- stderr ---\n{result.stderr}")


def ok(result):
    """The stdout of a CLI run that must exit 0."""
    assert result.returncode == 0, describe(result)
    return result.stdout


def parse_table(text):
    """The rows of the first `Key  Value` table in `text`, as a dict (columns are 2+ spaces apart)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^Key\s{2,}Value\s*$", line) and i + 1 < len(lines) and lines[i + 1].startswith("---"):
            rows = {}
            for row in lines[i + 2:]:
                if not row.strip():
                    break
                key, _, value = row.strip().partition("  ")
                rows[key.strip()] = value.strip()
            return rows
    raise AssertionError(f"no Key/Value table in:\n{text}")


def parse_columns(text):
    """The rows of a table with a header and a `----` rule, as lists of cells (2+ spaces apart)."""
    lines = text.splitlines()
    for i, line in enumerate(lines[1:], start=1):
        if line.startswith("----") and lines[i - 1].strip():
            return [re.split(r"\s{2,}", row.strip()) for row in lines[i + 1:] if row.strip()]
    raise AssertionError(f"no table in:\n{text}")


def parse_list(text):
    """The entries of a `Keys` list as `list` prints it in table format."""
    lines = text.splitlines()
    if len(lines) < 2 or lines[0].strip() != "Keys" or not lines[1].startswith("----"):
        raise AssertionError(f"not a Keys list:\n{text}")
    return [line.strip() for line in lines[2:] if line.strip()]


class Bao:
    """The `bao` CLI against one server: `bao(*args, token=...)`, root token unless told."""

    def __init__(self, server, home):
        self.server = server
        self.home = home
        self.binary = binary_for("reference")

    def __call__(self, *args, token=DEV_ROOT_TOKEN):
        return run_cli([self.binary, *args], self.home, {"BAO_ADDR": self.server.address, "BAO_TOKEN": token})

    def json(self, command, *args, token=DEV_ROOT_TOKEN):
        """The parsed output of `bao COMMAND -format=json ARGS` (COMMAND: its words, e.g. "kv get"),
        which must exit 0."""
        result = self(*command.split(), "-format=json", *args, token=token)
        try:
            return json.loads(ok(result))
        except json.JSONDecodeError as error:
            raise AssertionError(f"not JSON ({error}):\n{describe(result)}") from None

    def write_policy(self, name, text):
        path = self.home / f"{name}.hcl"
        path.write_text(text)
        return self("policy", "write", name, str(path))


class RawResponse:
    """A response as the server sent it: status, headers (names in lower case) and body text."""

    def __init__(self, status, headers, text):
        self.status = status
        self.headers = headers
        self.text = text

    @property
    def location(self):
        return self.headers.get("location")

    def json(self):
        return json.loads(self.text)

    def __repr__(self):
        location = f" -> {self.location}" if self.location else ""
        return f"{self.status}{location} {self.text[:200].strip()}"


class RawClient:
    """HTTP/1.1 requests whose target is sent byte for byte (no normalising of `//`, dot segments or
    percent-encodings, which `requests` and curl do), on one keep-alive connection. Not thread-safe:
    use one client per thread."""

    def __init__(self, address, token=None, timeout=30):
        parts = urlsplit(address)
        self.host, self.port = parts.hostname, parts.port
        self.token = token
        self.timeout = timeout
        self.connection = None

    def request(self, method, target, body=None, token=None, headers=None):
        """`METHOD TARGET` (e.g. `/v1/secret//data/x`) with `body` as JSON; redirects are not followed.

        `token` replaces the client's token for this request (`""`: none); `headers` are sent as
        given. A keep-alive connection the server closed meanwhile is reopened once.
        """
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                return self._exchange(method, target, body, self.token if token is None else token, headers or {})
            except (http.client.RemoteDisconnected, http.client.CannotSendRequest, ConnectionError):
                self.close()
                if attempt == 2:
                    raise

    def _exchange(self, method, target, body, token, headers):
        data = json.dumps(body).encode() if body is not None else None
        self.connection.putrequest(method, target, skip_accept_encoding=True)
        if token:
            self.connection.putheader("X-Vault-Token", token)
        for name, value in headers.items():
            self.connection.putheader(name, value)
        if data is not None:
            self.connection.putheader("Content-Type", "application/json")
            self.connection.putheader("Content-Length", str(len(data)))
        self.connection.endheaders(data)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        headers = {name.lower(): value for name, value in response.getheaders()}
        if response.will_close:
            self.close()
        return RawResponse(response.status, headers, text)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None
