"""With ``warehouse`` imported before DuckDB, DuckDB's allocator hands freed memory back at
once. Fresh interpreters: the setting counts only before DuckDB's library first allocates."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from warehouse.allocator import ALLOCATOR_VARIABLE, PROMPT_RETURN

# Resident anonymous memory (MiB) before and after a hash aggregation of 3 million groups (whose
# freed pages, kept, stay at ~150 MiB), and the allocator setting the process saw.
_PROBE = """
import json, os
def anon():
    with open("/proc/self/status") as status:
        return int(status.read().split("RssAnon:")[1].split()[0]) // 1024
import warehouse.connection  # noqa: F401 (imports DuckDB the way the product does)
import duckdb
connection = duckdb.connect()
before = anon()
connection.execute(
    "SELECT count(*) FROM (SELECT i % 3000017 AS k, count(*) FROM range(6000000) t(i) GROUP BY k)"
).fetchall()
print(json.dumps({"before": before, "after": anon(), "setting": os.environ.get("VARIABLE")}))
""".replace("VARIABLE", ALLOCATOR_VARIABLE)


def _probe(environment: dict[str, str]) -> tuple[int, str | None]:
    """The resident memory a finished query left behind (MiB), and the allocator setting."""
    completed = subprocess.run(
        [sys.executable, "-c", _PROBE], env=environment, capture_output=True, text=True, check=True
    )
    result = json.loads(completed.stdout)
    return int(result["after"]) - int(result["before"]), result["setting"]


def _environment(**extra: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k != ALLOCATOR_VARIABLE}
    environment["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return {**environment, **extra}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DuckDB uses jemalloc on Linux")
def test_a_query_s_memory_is_returned_when_it_ends() -> None:
    left, setting = _probe(_environment())
    assert setting == PROMPT_RETURN
    assert left < 64


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DuckDB uses jemalloc on Linux")
def test_a_setting_of_the_user_s_own_is_kept() -> None:
    """Also shows the query is big enough to tell: with freed pages kept for a minute, its hash
    table's pages stay resident."""
    kept = "dirty_decay_ms:60000,muzzy_decay_ms:60000"
    left, setting = _probe(_environment(**{ALLOCATOR_VARIABLE: kept}))
    assert setting == kept
    assert left > 100
