"""The CA file of Prefect's clients when their API is plain http on this machine.

Every Prefect client builds a TLS context from ``PREFECT_API_SSL_CERT_FILE``, by default
certifi's bundle of about 150 CAs: 15-40 ms of parsing each on this machine, and a flow command
makes four (its run client, its events worker's client and version check, the artifacts
client): a tenth of a second of a one-file ingest. On ``http://127.0.0.1`` (the stack `newsflow
up` runs, or the embedded API) no connection uses TLS, so the contexts need no CA at all; they
get one certificate (the bundle's first), which is quick to read.
"""

from __future__ import annotations

from pathlib import Path

import certifi

FILE_NAME = "plain-http-api-ca.pem"
_END = "-----END CERTIFICATE-----"


def plain_http_ca_file(directory: Path) -> Path:
    """A one-certificate CA file in ``directory`` (written once), for the TLS contexts of
    clients whose API is plain http: they are built but never used."""
    path = directory / FILE_NAME
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        bundle = Path(certifi.where()).read_text("ascii")
        first = bundle[bundle.index("-----BEGIN CERTIFICATE-----") : bundle.index(_END)] + _END
        partial = path.with_suffix(".pem.partial")
        partial.write_text(first + "\n", "ascii")
        partial.replace(path)  # whole or absent, also when two commands start together
    return path
