"""The notify tests' gateway and huey fixtures (tests/gateway.py, shared with other apps' tests)."""

from tests.gateway import Gateway, gateway, huey_immediate  # noqa: F401
