"""Prefect's embedded API as a process of its own: what ``flows.embedded_api`` launches.

    python -m flows.embedded_server PORT [TEMPLATE]

The server Prefect launches for its ephemeral mode (``uvicorn --factory
prefect.server.api.server:create_app`` on 127.0.0.1, lifespan on, the ephemeral flags set by
the caller), with the garbage collector set for its start: importing the server package and
building the app make hundreds of thousands of objects that live as long as the process, and at
the default thresholds the collector walks them again and again (10-15 % of the start's CPU
here). It collects rarely until the server listens, then freezes them and collects as usual.
Given a TEMPLATE file, it saves its newly migrated database there once started
(``flows.prefect_template``).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

from tasks.start_up import collect_rarely, imports_done


def serve(port: int, template: Path | None = None) -> None:
    collect_rarely()
    import uvicorn
    from uvicorn.config import STARTUP_FAILURE

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[Any] | None = None) -> None:  # uvicorn's sockets
            await super().startup(sockets=sockets)
            imports_done()  # what the server package and app made lives as long as it
            if template is not None:  # migrated, block types registered, no run yet
                _save_template(template)

    app = "prefect.server.api.server:create_app"
    config = uvicorn.Config(
        app, factory=True, host="127.0.0.1", port=port, log_level="error", lifespan="on"
    )
    server = Server(config)
    server.run()
    if not server.started:
        sys.exit(STARTUP_FAILURE)


def _save_template(template: Path) -> None:
    import prefect.settings
    from sqlalchemy.engine import make_url

    from flows.prefect_template import DATABASE_NAME, MEMO_STORE_NAME, save_template

    settings = prefect.settings.get_current_settings()
    url = settings.server.database.connection_url
    database = make_url(url.get_secret_value()).database if url is not None else None
    home = settings.home
    if database is None or Path(database).resolve() != (home / DATABASE_NAME).resolve():
        return  # not the home's own database
    try:
        save_template(home / DATABASE_NAME, home / MEMO_STORE_NAME, template)
    except (OSError, sqlite3.Error) as exc:  # a head start only: the server serves regardless
        print(f"newsflow: Prefect database template not saved: {exc}", file=sys.stderr)


if __name__ == "__main__":
    serve(int(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None)
