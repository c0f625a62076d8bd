"""An audit log that stops taking lines half-way, on both servers: the server runs under a file
size limit (`prlimit --fsize`), so the log fills up while many requests write at once and the
server groups their lines into shared writes. The server must survive the limit's signal, refuse
what it could not record with a 500, keep only whole lines in the log (the reference leaves the
line its failed write cut; Coffer cuts it off again), and change nothing for a
request whose request line was not recorded; once the log is rotated and the server reopens it,
every write it acknowledged is there.
"""

import json
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from support import DEV_ROOT_TOKEN, SERVERS, Api
from test_audit_log import start

LIMIT_BYTES = 96 * 1024
WRITES = 160


def logged_paths(text, kind):
    return {line["request"]["path"] for line in map(json.loads, text.splitlines()) if line["type"] == kind}


@pytest.mark.parametrize("kind", SERVERS)
def test_a_full_log_refuses_requests_and_keeps_whole_lines(launcher, tmp_path, kind):
    process, api, log = start(launcher, kind, tmp_path, wrapper=("prlimit", f"--fsize={LIMIT_BYTES}", "--"))

    def put(index):
        writer = Api(api.address, DEV_ROOT_TOKEN)
        return index, writer.request("PUT", f"secret/data/k{index}", {"data": {"v": "x" * 64}}).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = dict(pool.map(put, range(WRITES)))

    assert process.process.poll() is None, "the server died when its log reached the file size limit"
    assert set(statuses.values()) <= {200, 204, 500}, statuses
    answered = [index for index, status in statuses.items() if status != 500]
    refused = [index for index, status in statuses.items() if status == 500]
    assert answered and refused, statuses

    text = log.read_text()
    if kind == "coffer":
        assert text.endswith("\n"), "the log ends in a partial line"
    else:
        # The reference leaves the line its failed write cut; the whole lines before it must parse.
        text = text[: text.rfind("\n") + 1]
    requests_logged = logged_paths(text, "request")
    responses_logged = logged_paths(text, "response")
    for index in answered:
        assert f"secret/data/k{index}" in requests_logged and f"secret/data/k{index}" in responses_logged

    full = tmp_path / "full.log"
    log.rename(full)
    process.process.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while api.request("DELETE", "sys/audit/file").status_code != 204:
        assert time.monotonic() < deadline, "the server did not recover once the log was rotated"
        time.sleep(0.2)

    for index in answered:
        assert api.call("GET", f"secret/data/k{index}")["data"]["data"] == {"v": "x" * 64}
    for index in refused:
        if f"secret/data/k{index}" not in requests_logged:
            assert api.request("GET", f"secret/data/k{index}").status_code == 404, index
