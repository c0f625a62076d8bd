"""Conformance harness: starts a server, replays scenario steps, matches responses."""
