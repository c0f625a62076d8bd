"""HTTP/1.1 connections as clients use them: keep-alive, pipelining, `Connection: close`, HTTP/1.0,
any method token, and malformed requests. Raw sockets, so nothing in a client library hides how
the server frames its answers."""

import json
import re
import socket
import time

import pytest

from support import DEV_ROOT_TOKEN

TIMEOUT = 5


def connect(server):
    host, port = server.address.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=TIMEOUT)


def read_answers(sock, count):
    """Reads `count` answers (each with Content-Length or none) and whether the server then closed."""
    data = b""
    answers = []
    while len(answers) < count:
        head_end = data.find(b"\r\n\r\n")
        if head_end < 0:
            chunk = sock.recv(65536)
            assert chunk, f"connection closed after {len(answers)} of {count} answers"
            data += chunk
            continue
        head = data[:head_end].decode("latin-1")
        length = int((re.search(r"(?im)^content-length:\s*(\d+)", head) or [0, 0])[1])
        while len(data) < head_end + 4 + length:
            chunk = sock.recv(65536)
            assert chunk, "connection closed inside an answer"
            data += chunk
        answers.append((head, data[head_end + 4:head_end + 4 + length]))
        data = data[head_end + 4 + length:]
    return answers


def closed_by_server(sock):
    try:
        return sock.recv(1) == b""
    except socket.timeout:
        return False


def request(method, path, version="HTTP/1.1", headers=(), body=b""):
    lines = [f"{method} {path} {version}", "Host: localhost", f"X-Vault-Token: {DEV_ROOT_TOKEN}", *headers]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def status(head):
    return int(head.split(" ", 2)[1])


def test_pipelined_requests_are_answered_in_order_on_one_connection(dev_server):
    with connect(dev_server) as sock:
        sock.sendall(
            request("PUT", "/v1/cubbyhole/pipelined", body=b'{"n":"1"}')
            + request("GET", "/v1/cubbyhole/pipelined")
            + request("GET", "/v1/sys/seal-status"))
        (put, _), (read, read_body), (seal, seal_body) = read_answers(sock, 3)
        assert status(put) == 204
        assert status(read) == 200 and json.loads(read_body)["data"] == {"n": "1"}
        assert status(seal) == 200 and json.loads(seal_body)["sealed"] is False
        sock.sendall(request("GET", "/v1/sys/health"))
        assert status(read_answers(sock, 1)[0][0]) == 200


def test_many_pipelined_requests_run_one_after_another(dev_server):
    count = 150
    with connect(dev_server) as sock:
        sock.sendall(b"".join(
            request("PUT", "/v1/cubbyhole/order", body=json.dumps({"n": str(n)}).encode())
            + request("GET", "/v1/cubbyhole/order")
            for n in range(count)))
        answers = read_answers(sock, 2 * count)
        for n in range(count):
            (put, _), (read, read_body) = answers[2 * n], answers[2 * n + 1]
            assert status(put) == 204
            assert status(read) == 200 and json.loads(read_body)["data"] == {"n": str(n)}
        sock.sendall(request("GET", "/v1/sys/health"))
        assert status(read_answers(sock, 1)[0][0]) == 200


def test_connection_close_is_honoured(dev_server):
    with connect(dev_server) as sock:
        sock.sendall(request("GET", "/v1/sys/health", headers=["Connection: close"]))
        head, _ = read_answers(sock, 1)[0]
        assert status(head) == 200
        assert closed_by_server(sock)


def test_http_1_0_gets_an_http_1_0_answer_and_the_connection_closes(dev_server):
    with connect(dev_server) as sock:
        sock.sendall(request("GET", "/v1/sys/health", version="HTTP/1.0"))
        head, body = read_answers(sock, 1)[0]
        assert head.startswith("HTTP/1.0 200")
        assert json.loads(body)["initialized"] is True
        assert closed_by_server(sock)


def test_unknown_method_token_is_405_and_list_is_a_method(dev_server):
    with connect(dev_server) as sock:
        sock.sendall(request("BREW", "/v1/cubbyhole/x"))
        assert status(read_answers(sock, 1)[0][0]) == 405
        sock.sendall(request("LIST", "/v1/sys/policies/acl"))
        listed, list_body = read_answers(sock, 1)[0]
        assert status(listed) == 200 and "default" in json.loads(list_body)["data"]["keys"]


@pytest.mark.parametrize("dev_server", ["coffer"], indirect=True)
def test_malformed_request_gets_a_400_envelope_and_the_connection_closes(dev_server):
    with connect(dev_server) as sock:
        sock.sendall(b"GET /v1/sys/health HTTP/1.1\r\nHost localhost\r\n\r\n")
        head, body = read_answers(sock, 1)[0]
        assert status(head) == 400
        assert re.search(r"(?im)^content-type:\s*application/json", head)
        assert json.loads(body)["errors"][0].startswith("malformed HTTP request")
        assert closed_by_server(sock)


@pytest.mark.parametrize("split", [1, 2, 20, 40])
def test_a_request_split_across_reads_keeps_its_method_and_path(dev_server, split):
    """A read that ends inside a pipelined request: the next read continues it, whatever its
    first word looks like."""
    first = request("GET", "/v1/sys/seal-status")
    second = request("GET", "/v1/sys/seal-status")
    with connect(dev_server) as sock:
        sock.sendall(first + second[:split])
        time.sleep(0.2)
        sock.sendall(second[split:] + request("GET", "/v1/sys/health"))
        answers = read_answers(sock, 3)
        assert [status(head) for head, _ in answers] == [200, 200, 200]
        assert json.loads(answers[1][1])["sealed"] is False
        assert json.loads(answers[2][1])["initialized"] is True
        sock.sendall(request("LIST", "/v1/sys/policies/acl"))
        listed, body = read_answers(sock, 1)[0]
        assert status(listed) == 200 and "default" in json.loads(body)["data"]["keys"]


def test_a_list_request_split_inside_its_method_is_still_a_list(dev_server):
    with connect(dev_server) as sock:
        whole = request("LIST", "/v1/sys/policies/acl")
        sock.sendall(whole[:2])
        time.sleep(0.2)
        sock.sendall(whole[2:])
        listed, body = read_answers(sock, 1)[0]
        assert status(listed) == 200 and "default" in json.loads(body)["data"]["keys"]


def test_requests_read_before_a_malformed_one_are_answered_first(dev_server):
    with connect(dev_server) as sock:
        sock.sendall(request("GET", "/v1/sys/seal-status") + request("GET", "/v1/sys/health")
                     + b"GET /v1/sys/health HTTP/1.1\r\nHost localhost\r\n\r\n")
        (seal, seal_body), (health, _) = read_answers(sock, 2)
        assert status(seal) == 200 and json.loads(seal_body)["sealed"] is False
        assert status(health) == 200
        rest = b""
        while chunk := sock.recv(65536):
            rest += chunk
        assert rest == b"" or rest.startswith(b"HTTP/1.1 400")


def test_bytes_after_a_closing_request_do_not_cost_the_answers_before(dev_server):
    with connect(dev_server) as sock:
        sock.sendall(request("GET", "/v1/sys/seal-status")
                     + request("GET", "/v1/sys/health", headers=["Connection: close"])
                     + request("GET", "/v1/sys/seal-status"))
        (seal, _), (health, _) = read_answers(sock, 2)
        assert status(seal) == 200 and status(health) == 200
        assert closed_by_server(sock)
