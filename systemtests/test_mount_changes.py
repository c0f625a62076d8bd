"""Mount changes sent at once are all kept, live and in storage: tunes of one mount's fields, of
several mounts, and a remount beside them. Each reads the stored mount table and writes it back,
so two running side by side would lose one's change."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from support import SERVERS, Api, Launcher, init_with_one_share, persistent_config, wait_active

ROUNDS = 8
MOUNTS = [f"pm{index}" for index in range(5)]


@pytest.fixture(scope="module", params=SERVERS)
def server(request, tmp_path_factory):
    """A server on persistent storage, initialized with one key share and unsealed: (api, key)."""
    kind = request.param
    workdir = tmp_path_factory.mktemp(f"mount-changes-{kind}")
    config, port = persistent_config(kind, workdir)
    launcher = Launcher()
    try:
        api, key = init_with_one_share(launcher.start(kind, workdir, [f"-config={config}"], port).api)
        for mount in MOUNTS:
            api.call("POST", f"sys/mounts/{mount}", {"type": "kv", "options": {"version": "1"}})
        yield api, key
    finally:
        launcher.stop()


def send_at_once(api, requests):
    """Sends every (method, path, body) from its own connection at the same time."""
    def send(request):
        method, path, body = request
        return Api(api.address, api.token).call(method, path, body)
    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        list(pool.map(send, requests))


def visibility(round_number):
    return "unauth" if round_number % 2 == 0 else "hidden"


def tuned(api):
    mounts = api.call("GET", "sys/mounts")["data"]
    return {path.rstrip("/"): (entry["config"]["default_lease_ttl"],
                               entry["config"].get("listing_visibility", ""), entry["description"])
            for path, entry in mounts.items() if path.rstrip("/") in MOUNTS + ["moved"]}


def test_tunes_and_a_remount_sent_at_once_are_all_kept(server):
    api, key = server
    expected = {}
    for round_number in range(ROUNDS):
        requests = [("POST", "sys/mounts/pm0/tune", {"description": f"round {round_number}"}),
                    ("POST", "sys/mounts/pm0/tune", {"listing_visibility": visibility(round_number)})]
        requests += [("POST", f"sys/mounts/{mount}/tune", {"default_lease_ttl": 100 * index + round_number})
                     for index, mount in enumerate(MOUNTS)]
        expected = {mount: (100 * index + round_number, visibility(round_number) if mount == "pm0" else "",
                            f"round {round_number}" if mount == "pm0" else "")
                    for index, mount in enumerate(MOUNTS)}
        send_at_once(api, requests)
        assert tuned(api) == expected, f"round {round_number}"

    send_at_once(api, [("POST", "sys/remount", {"from": "pm4", "to": "moved"}),
                       ("POST", "sys/mounts/pm1/tune", {"default_lease_ttl": 777}),
                       ("POST", "sys/mounts/pm2/tune", {"default_lease_ttl": 778})])
    expected["moved"] = expected.pop("pm4")
    expected["pm1"] = (777, *expected["pm1"][1:])
    expected["pm2"] = (778, *expected["pm2"][1:])
    deadline = time.monotonic() + 10  # the reference moves a mount in the background
    while "pm4" in tuned(api) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert tuned(api) == expected

    api.call("PUT", "sys/seal")
    Api(api.address).call("PUT", "sys/unseal", {"key": key}, status=200)
    wait_active(api)
    assert tuned(api) == expected, "the stored mount table, read again at unseal"
