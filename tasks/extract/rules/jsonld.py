"""JSON-LD rules: which schema.org types are an article and which a plain page."""

from __future__ import annotations

import re

ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|NewsArticle|Report|Posting|Review)$")
PAGE_TYPES = {"WebPage", "ItemPage", "AboutPage", "ProfilePage", "QAPage"}
