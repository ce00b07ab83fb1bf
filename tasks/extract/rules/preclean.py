"""Pre-parse rules: elements cut from the raw HTML before parsing, and the script types kept."""

from __future__ import annotations

import re

DROPPED = ("script", "style", "svg", "noscript", "template", "iframe", "select", "textarea")
OPEN = re.compile(r"<(!--|(?:" + "|".join(DROPPED) + r")(?=[\s>/]))")  # in lower case
TEMPLATE_TYPE = re.compile(r"""type\s*=\s*["']?text/(?:template|html)""", re.IGNORECASE)
JSONLD_TYPE = re.compile(r"""type\s*=\s*["']?application/ld\+json""", re.IGNORECASE)
