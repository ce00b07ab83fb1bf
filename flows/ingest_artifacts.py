"""Artifacts of the file pickup in the Prefect UI: counts per source and where the rows went."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prefect.artifacts import create_markdown_artifact, create_table_artifact


def publish_ingest_files_artifacts(
    summary: Mapping[str, Any], new_by_source: Mapping[str, int]
) -> None:
    create_table_artifact(
        key="ingest-files-summary",
        table=[
            {
                "seen": summary["parsed"] + summary["rejected"],
                "new": summary["new"],
                "duplicate": summary["duplicate"],
                "rejected": summary["rejected"],
                "unchanged": summary["unchanged"],
            }
        ],
        description="Files taken by this run",
    )
    create_table_artifact(
        key="ingest-files-new-by-source",
        table=[{"source": s, "new": n} for s, n in sorted(new_by_source.items())]
        or [{"source": "(none)", "new": 0}],
        description="New articles per source",
    )
    state = (
        f"busy: {summary['pending_batches']} batch(es) stay staged for the next load"
        if summary["warehouse_busy"]
        else "loaded"
    )
    create_markdown_artifact(
        key="ingest-files-warehouse",
        markdown=f"Warehouse: `{summary['warehouse']}` ({state})",
    )
