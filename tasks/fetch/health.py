"""Quick local probes: does this API answer, which port is free (for the CLI's Prefect API).

Standard library only: every flow command probes the stack's API before anything else, and
httpx (its import, and the TLS context each client builds) would cost it 0.1 s of start-up.
"""

from __future__ import annotations

import http.client
import socket
from urllib.parse import urlsplit


def api_answers(api_url: str, *, timeout: float) -> bool:
    """True when ``GET <api_url>/health`` answers 200 within ``timeout`` seconds."""
    parts = urlsplit(f"{api_url.rstrip('/')}/health")
    if parts.scheme == "https":
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname or "", parts.port, timeout=timeout
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)
    try:
        connection.request("GET", parts.path)
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def free_local_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
