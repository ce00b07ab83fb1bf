"""Prose rules: how a sentence ends, which scripts are written without spaces."""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"[.!?。…:;»”“’›\"')]\s|[.!?。…][»”“’›\"')]*$")
CJK = re.compile(
    r"[^\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]{0,8}[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]"
)
