"""Quick local probes: does this API answer, which port is free (for the CLI's Prefect API)."""

from __future__ import annotations

import socket

import httpx


def api_answers(api_url: str, *, timeout: float) -> bool:
    """True when ``GET <api_url>/health`` answers 200 within ``timeout`` seconds."""
    try:
        response = httpx.get(f"{api_url.rstrip('/')}/health", timeout=timeout, trust_env=False)
    except httpx.HTTPError:
        return False
    return response.status_code == 200


def free_local_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
