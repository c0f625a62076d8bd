"""A TLS listener from tls_cert_file/tls_key_file (PEM): HTTPS answers with that certificate, plain HTTP does not."""

import subprocess

import pytest
import requests

from support import SERVERS, free_port, server_config, write_config


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 and its key: (cert file, key file)."""
    directory = tmp_path_factory.mktemp("tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)
    return cert, key


@pytest.fixture(params=SERVERS)
def server(request, launcher, certificate, tmp_path):
    port = free_port()
    config = write_config(tmp_path / "tls.hcl", server_config(request.param, port, tls=certificate))
    return launcher.start(request.param, tmp_path, [f"-config={config}"], port, tls_verify=certificate[0])


def plain_session():
    session = requests.Session()
    session.trust_env = False
    return session


def test_https_health_answers(server, certificate):
    assert server.address.startswith("https://")
    response = plain_session().get(f"{server.address}/v1/sys/health", verify=str(certificate[0]), timeout=10)
    assert response.status_code == 501
    assert response.json()["initialized"] is False


def test_init_and_unseal_over_https(server):
    init = server.api.call("PUT", "sys/init", {"secret_shares": 1, "secret_threshold": 1}, status=200)
    assert server.api.call("PUT", "sys/unseal", {"key": init["keys"][0]}, status=200)["sealed"] is False
    assert server.api.request("GET", "sys/health").status_code == 200


def test_certificate_not_trusted_by_default_is_rejected(server):
    with pytest.raises(requests.exceptions.SSLError):
        plain_session().get(f"{server.address}/v1/sys/health", verify=True, timeout=10)


def test_plain_http_gets_no_answer(server):
    url = server.address.replace("https://", "http://", 1) + "/v1/sys/health"
    try:
        response = plain_session().get(url, timeout=10)
    except requests.ConnectionError:
        return
    # Go's server answers plain HTTP on a TLS port with a 400 naming the mistake; a server may
    # as well drop the connection. Either way no health report comes back.
    assert response.status_code == 400, f"plain HTTP got {response.status_code}: {response.text}"
    assert "initialized" not in response.text
