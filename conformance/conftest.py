"""pytest integration: every scenarios/*.yaml file is one test per selected server."""

import tempfile

import pytest

from harness.scenario import Scenario, ScenarioError, StepFailure
from harness.servers import SERVERS, RunningServer, ServerError


def pytest_addoption(parser):
    parser.addoption("--server", choices=(*SERVERS, "both"), default="reference",
                     help="server to run the scenarios against (default: reference)")


def pytest_collect_file(parent, file_path):
    if file_path.suffix in (".yaml", ".yml") and file_path.parent.name == "scenarios":
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    def collect(self):
        choice = self.config.getoption("--server")
        servers = SERVERS if choice == "both" else (choice,)
        scenario = Scenario(self.path)
        for server in servers:
            yield ScenarioItem.from_parent(self, name=f"{scenario.name}[{server}]", scenario=scenario,
                                           server=server)


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario, server, **kwargs):
        super().__init__(**kwargs)
        self.scenario = scenario
        self.server = server

    def runtest(self):
        with tempfile.TemporaryDirectory(prefix=f"conformance-{self.server}-") as workdir:
            running = RunningServer(self.server, self.scenario.mode, workdir, extra_config=self.scenario.config)
            try:
                running.start()
                try:
                    self.scenario.run(running.address, workdir)
                except StepFailure as failure:
                    raise StepFailure(f"{failure}\n{running.log_tail()}") from None
            finally:
                running.stop()

    def repr_failure(self, excinfo, style=None):
        if excinfo.errisinstance((StepFailure, ScenarioError, ServerError)):
            return f"[{self.server}, {self.scenario.mode} server] {excinfo.value}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"{self.scenario.name} on {self.server}"
