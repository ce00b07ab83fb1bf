import ssl
from pathlib import Path

import certifi

from tasks.fetch.tls import plain_http_ca_file


def test_the_plain_http_ca_file_holds_one_certificate_of_the_bundle(tmp_path: Path) -> None:
    path = plain_http_ca_file(tmp_path / "home")
    context = ssl.create_default_context(cafile=str(path))
    assert context.cert_store_stats()["x509_ca"] == 1
    assert path.read_text("ascii").strip() in Path(certifi.where()).read_text("ascii")
    assert plain_http_ca_file(tmp_path / "home") == path  # written once, then reused
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no partial file left
