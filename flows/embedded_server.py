"""Prefect's embedded API as a process of its own: what ``flows.embedded_api`` launches.

    python -m flows.embedded_server PORT

The server Prefect launches for its ephemeral mode (``uvicorn --factory
prefect.server.api.server:create_app`` on 127.0.0.1, lifespan on, the ephemeral flags set by
the caller), with the garbage collector set for its start: importing the server package and
building the app make hundreds of thousands of objects that live as long as the process, and at
the default thresholds the collector walks them again and again (10-15 % of the start's CPU
here). It collects rarely until the server listens, then freezes them and collects as usual.
"""

from __future__ import annotations

import sys
from typing import Any

from tasks.start_up import collect_rarely, imports_done


def serve(port: int) -> None:
    collect_rarely()
    import uvicorn
    from uvicorn.config import STARTUP_FAILURE

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[Any] | None = None) -> None:  # uvicorn's sockets
            await super().startup(sockets=sockets)
            imports_done()  # what the server package and app made lives as long as it

    app = "prefect.server.api.server:create_app"
    config = uvicorn.Config(
        app, factory=True, host="127.0.0.1", port=port, log_level="error", lifespan="on"
    )
    server = Server(config)
    server.run()
    if not server.started:
        sys.exit(STARTUP_FAILURE)


if __name__ == "__main__":
    serve(int(sys.argv[1]))
