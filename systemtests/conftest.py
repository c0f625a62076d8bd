"""Fixtures of the system tests: real `coffer` and reference (`bao`) processes on free loopback ports."""

import pytest

from support import SERVERS, Launcher, ServerProcess


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


def pytest_sessionfinish(session, exitstatus):
    ServerProcess.stop_all()
