"""Fixtures of the system tests: real `coffer` and reference (`bao`) processes on free loopback ports."""

import pytest

from support import SERVERS, Bao, Launcher, ServerProcess


@pytest.fixture
def launcher():
    started = Launcher()
    yield started
    started.stop()


@pytest.fixture(scope="module", params=SERVERS)
def dev_server(request, tmp_path_factory):
    """One dev server of each kind, shared by the tests of a module."""
    started = Launcher()
    try:
        yield started.dev(request.param, tmp_path_factory.mktemp(f"dev-{request.param}"))
    finally:
        started.stop()


@pytest.fixture
def bao(dev_server, tmp_path):
    """The `bao` CLI against the module's dev server, as root; a module may define its own."""
    return Bao(dev_server, tmp_path)


def pytest_sessionfinish(session, exitstatus):
    ServerProcess.stop_all()
