"""Line rules: what makes a short line a date stamp, a picture credit or a pointer elsewhere."""

from __future__ import annotations

import re

from tasks.extract.text import Caseless

MONTHS = (
    r"(?:jan|feb|m[aä]r|apr|ma[iy]|jun|jul|aug|sep|o[ck]t|nov|de[cz]|enero|febrero|marzo|"
    r"abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janvier|février|"
    r"mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre)\w*\.?"
)
DATE = re.compile(
    r"\b\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    rf"|\b\d{{1,2}}\.?\s+{MONTHS}\s+\d{{4}}\b|\b{MONTHS}\s+\d{{1,2}},?\s+\d{{4}}\b",
    re.IGNORECASE,
)
TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
WORD = re.compile(r"[^\W\d_]{2,}")
# Labels of a picture's credit, capitalised as they are printed ("Foto:", "(Photo: AP)").
PICTURE = r"(?:[FP]hoto|Foto|Bild|Credit|Image|Picture|Titelbild|Bildquelle|Abbildung|FOTO|PHOTO)"
CREDIT = re.compile(
    rf"©|\({PICTURE}\s*(?:credit)?:[^)]{{0,60}}\)\s*$|^{PICTURE}\s*\d*\s*:"
    rf"|\b{PICTURE}\s*:\s*[^.!?:]{{0,50}}$"
    r"|[Gg]etty ?[Ii]mages|/\s*(?:dpa|AFP|Reuters|AP|imago|picture[- ]alliance)\s*$"
)
POINTER = Caseless(
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
