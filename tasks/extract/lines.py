"""Short lines inside the story's container that are furniture by what they say.

A date stamp ("Aktualisiert: 11.04.2020, 10:27"), a picture's credit ("… © AFP / Name",
"(Foto: Agency)") or a pointer to other reading ("Lesen Sie auch:", "Sign up for our
newsletter") sits among the paragraphs without a class that gives it away. Only short
paragraphs are tested, so the cost stays small.
"""

from __future__ import annotations

from tasks.extract.rules.lines import CREDIT, DATE, POINTER, TIME, WORD

_MAX_DATE_LINE = 80
_MAX_CREDIT_LINE = 300
_MAX_POINTER_LINE = 160


def is_furniture_line(text: str) -> bool:
    """Whether a paragraph is a date stamp, a picture credit or a pointer to other reading."""
    length = len(text)
    if length >= _MAX_CREDIT_LINE:
        return False
    # a date stamp, not a quoted post signed "(@name) November 20, 2019"
    stamp = length < _MAX_DATE_LINE and "@" not in text and DATE.search(text) is not None
    if stamp and len(WORD.findall(TIME.sub(" ", DATE.sub(" ", text)))) <= 3:
        return True
    if CREDIT.search(text):
        return True
    if text.startswith("- "):
        return False  # a list item about the subject ("- Free newsletter templates")
    return length < _MAX_POINTER_LINE and POINTER.search(text) is not None
