#!/usr/bin/env python3
"""Run the conformance scenarios: python3 conformance/run.py --server coffer|reference|both [pytest args]."""

import argparse
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", choices=("coffer", "reference", "both"), default="reference")
    args, pytest_args = parser.parse_known_args()
    return pytest.main([str(HERE), f"--server={args.server}", *pytest_args])


if __name__ == "__main__":
    sys.exit(main())
