"""The Prefect variables a flow command sets before it imports Prefect, shared by the command
itself (``newsflow.cli.common.prepare_prefect_environment``) and the stack's warm runner
(``newsflow.warm``), which imports Prefect once for the commands it runs: both must import it
with the same settings. No console, no Prefect: importing this fixes nothing."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}


def set_defaults() -> None:
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)


def use_api(api_url: str) -> None:
    """Send this process's flow runs to ``api_url`` (``PREFECT_HOME`` must be set)."""
    os.environ["PREFECT_API_URL"] = api_url
    if api_url.startswith("http://127.0.0.1:"):  # no TLS: see tasks.fetch.tls
        from tasks.fetch.tls import plain_http_ca_file

        ca_file = plain_http_ca_file(Path(os.environ["PREFECT_HOME"]))
        os.environ.setdefault("PREFECT_API_SSL_CERT_FILE", str(ca_file))
