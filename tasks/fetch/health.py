"""A quick "does this local API answer?" probe (the CLI asks it of a stack `newsflow up` ran)."""

from __future__ import annotations

import httpx


def api_answers(api_url: str, *, timeout: float) -> bool:
    """True when ``GET <api_url>/health`` answers 200 within ``timeout`` seconds."""
    try:
        response = httpx.get(f"{api_url.rstrip('/')}/health", timeout=timeout, trust_env=False)
    except httpx.HTTPError:
        return False
    return response.status_code == 200
