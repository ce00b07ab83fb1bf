"""Short lines inside the story's container that are furniture by what they say.

A date stamp ("Aktualisiert: 11.04.2020, 10:27"), a picture's credit ("… © AFP / Name",
"(Foto: Agency)") or a pointer to other reading ("Lesen Sie auch:", "Sign up for our
newsletter") sits among the paragraphs without a class that gives it away. Only short
paragraphs are tested, so the cost stays small.
"""

from __future__ import annotations

import re

from tasks.extract.text import Caseless

_MONTHS = (
    r"(?:jan|feb|m[aä]r|apr|ma[iy]|jun|jul|aug|sep|o[ck]t|nov|de[cz]|enero|febrero|marzo|"
    r"abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janvier|février|"
    r"mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre)\w*\.?"
)
_DATE = re.compile(
    r"\b\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    rf"|\b\d{{1,2}}\.?\s+{_MONTHS}\s+\d{{4}}\b|\b{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}\b",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_WORD = re.compile(r"[^\W\d_]{2,}")
# Labels of a picture's credit, capitalised as they are printed ("Foto:", "(Photo: AP)").
_PICTURE = r"(?:[FP]hoto|Foto|Bild|Credit|Image|Picture|Titelbild|Bildquelle|Abbildung|FOTO|PHOTO)"
_CREDIT = re.compile(
    rf"©|\({_PICTURE}\s*(?:credit)?:[^)]{{0,60}}\)\s*$|^{_PICTURE}\s*\d*\s*:"
    rf"|\b{_PICTURE}\s*:\s*[^.!?:]{{0,50}}$"
    r"|[Gg]etty ?[Ii]mages|/\s*(?:dpa|AFP|Reuters|AP|imago|picture[- ]alliance)\s*$"
)
_POINTER = Caseless(
    r"sign(?:ing)? up (?:for|to) (?:our|the|my)\b|sign up (?:now|today|here)|"
    r"subscribe (?:now|today)|"
    r"subscribe to (?:our|the|my)\b|(?:our|unseren?|den|the) (?:\w+ )?newsletter\b|"
    r"download (?:the|our) app|"
    r"\bapps? for (?:ios|android)|if you enjoyed|lesen sie auch|lee tambi[eé]n|puedes ver|"
    r"te puede interesar|lire aussi|leia tamb[eé]m|auch interessant|mehr zum thema|weiterlesen|"
    r"read more|see also|also read|jetzt abonnieren|\bim abo\b|könnte (?:dich|sie) auch|"
    r"verwandte beiträge|ähnliche beiträge|you may also like|you might also like|"
    r"recommended for you"
)
_MAX_DATE_LINE = 80
_MAX_CREDIT_LINE = 300
_MAX_POINTER_LINE = 160


def is_furniture_line(text: str) -> bool:
    """Whether a paragraph is a date stamp, a picture credit or a pointer to other reading."""
    length = len(text)
    if length >= _MAX_CREDIT_LINE:
        return False
    # a date stamp, not a quoted post signed "(@name) November 20, 2019"
    stamp = length < _MAX_DATE_LINE and "@" not in text and _DATE.search(text) is not None
    if stamp and len(_WORD.findall(_TIME.sub(" ", _DATE.sub(" ", text)))) <= 3:
        return True
    if _CREDIT.search(text):
        return True
    if text.startswith("- "):
        return False  # a list item about the subject ("- Free newsletter templates")
    return length < _MAX_POINTER_LINE and _POINTER.search(text) is not None
