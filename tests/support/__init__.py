"""Helpers shared by integration tests: real servers on free loopback ports."""
