"""TLS listener options: client certificates required and verified against `tls_client_ca_file`,
`tls_min_version`, and `tls_cipher_suites` with Go's suite names."""

import socket
import ssl
import subprocess
import time

import pytest

from support import SERVERS, free_port, server_config, write_config

REQUEST = b"GET /v1/sys/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=60, cwd=cwd)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """A server certificate for 127.0.0.1, a client CA, a client certificate it signed, and one signed by
    no CA the server knows; a dict of file paths."""
    d = tmp_path_factory.mktemp("pki")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", "server.key", "-out", "server.pem", cwd=d)
    (d / "client.ext").write_text("extendedKeyUsage=clientAuth\n")
    for ca in ("ca", "stranger-ca"):
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={ca}",
                "-keyout", f"{ca}.key", "-out", f"{ca}.pem", cwd=d)
    for client, ca in (("client", "ca"), ("stranger", "stranger-ca")):
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={client}", "-keyout", f"{client}.key",
                "-out", f"{client}.csr", cwd=d)
        openssl("x509", "-req", "-in", f"{client}.csr", "-CA", f"{ca}.pem", "-CAkey", f"{ca}.key",
                "-CAcreateserial", "-days", "2", "-extfile", "client.ext", "-out", f"{client}.pem", cwd=d)
    return {name: str(d / name) for name in ("server.pem", "server.key", "ca.pem", "client.pem", "client.key",
                                               "stranger.pem", "stranger.key")}


def start(launcher, kind, tmp_path, pki, **options):
    port = free_port()
    config = server_config(kind, port, tls=(pki["server.pem"], pki["server.key"]))
    config["listener"]["tcp"].update(options)
    path = write_config(tmp_path / "tls.hcl", config)
    process = launcher.spawn(kind, tmp_path, [f"-config={path}"])
    for _ in range(300):
        assert process.running, process.log_tail()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return port
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{kind} did not listen on {port}\n{process.log_tail()}")


def health(port, pki, cert=None, minimum=None, maximum=None):
    """The status line of GET sys/health over TLS with the given client certificate and versions."""
    context = ssl.create_default_context(cafile=pki["server.pem"])
    if cert:
        context.load_cert_chain(pki[f"{cert}.pem"], pki[f"{cert}.key"])
    if minimum:
        context.minimum_version = minimum
    if maximum:
        context.maximum_version = maximum
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as sock:
            sock.sendall(REQUEST)
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
            return data.split(b"\r\n", 1)[0].decode(), sock.cipher()[0]


def refused(port, pki, **options):
    """Whether the handshake or the first read fails, or the server closes without answering."""
    try:
        status, _ = health(port, pki, **options)
    except (ssl.SSLError, ConnectionError):
        return True
    return status == ""


@pytest.mark.parametrize("kind", SERVERS)
def test_client_certificate_required_and_verified(launcher, tmp_path, pki, kind):
    port = start(launcher, kind, tmp_path, pki, tls_require_and_verify_client_cert=True,
                 tls_client_ca_file=pki["ca.pem"])
    status, _ = health(port, pki, cert="client")
    assert status.startswith("HTTP/1.1 ")
    assert refused(port, pki), "served a client without a certificate"
    assert refused(port, pki, cert="stranger"), "served a client whose certificate no configured CA signed"


@pytest.mark.parametrize("kind", SERVERS)
def test_minimum_version_tls13_refuses_a_tls12_client(launcher, tmp_path, pki, kind):
    port = start(launcher, kind, tmp_path, pki, tls_min_version="tls13")
    assert refused(port, pki, maximum=ssl.TLSVersion.TLSv1_2), "served a TLS 1.2 client"
    status, _ = health(port, pki, minimum=ssl.TLSVersion.TLSv1_3)
    assert status.startswith("HTTP/1.1 ")


@pytest.mark.parametrize("kind", SERVERS)
def test_cipher_suites_by_go_name(launcher, tmp_path, pki, kind):
    port = start(launcher, kind, tmp_path, pki, tls_max_version="tls12",
                 tls_cipher_suites="TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")
    status, cipher = health(port, pki)
    assert status.startswith("HTTP/1.1 ")
    assert cipher == "ECDHE-RSA-AES256-GCM-SHA384"
