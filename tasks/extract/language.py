"""The page's language: what it declares, unless its text plainly says otherwise.

py3langid (a maintained fork of langid.py: 140 labels, its model shipped inside the package)
reads a bounded prefix of the body: a thousand characters name the language as surely as the
whole text (bench/language.py), and the cost stays flat on long pages. The model is loaded
once per process, on the first page that needs it.

Templates declare a language the text is not in (lang="en" on German blogs, on Swahili and
Zulu news), so a declared language gives way when the text is long enough, the model is
sure of another language, and it all but rules the declared one out.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from tasks.extract.jsonld import first_text
from tasks.extract.meta import PageMeta

_CODE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]{2,8})*$")
_SAMPLE = 1000  # characters of the text that are read
_MIN_LETTERS = 40  # fewer letters than this (a caption, a title) name no language surely
_MIN_CONFIDENCE = 0.5  # the model's probability for its best language, below which: None
_OVERRIDE_LETTERS = 200  # letters of text before it may contradict the declared language
_OVERRIDE_CONFIDENCE = 0.99
_RULED_OUT = 1e-4  # the declared language's probability, at most, for it to give way
_LETTER = re.compile(r"[^\W\d_]")
# Labels without an ISO 639-1 code of their own that belong to one (a macrolanguage, or
# in news the modern language written in the ancient form's script); others have none.
_ISO_639_1 = {
    "ary": "ar",
    "arz": "ar",
    "uzs": "uz",
    "yue": "zh",
    "wuu": "zh",
    "gug": "gn",
    "ltg": "lv",
    "fuv": "ff",
    "sdh": "ku",
    "kik": "ki",
    "hbo": "he",
    "grc": "el",
}


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def load_model() -> None:
    """Load the model now (a parse worker does it as it starts, before its first page)."""
    _identifier()


def normalise_code(value: str | None) -> str | None:
    if not value:
        return None
    match = _CODE.match(value.strip())
    return match.group(1).lower() if match else None


def _iso_639_1(label: str) -> str | None:
    """The model's label as an ISO 639-1 code; None for "no language" (zxx, und) and for
    languages that have no such code."""
    return label if len(label) == 2 else _ISO_639_1.get(label)


def _probabilities(text: str) -> tuple[dict[str, float], int]:
    """Probability of each ISO 639-1 language for a prefix of ``text``, and the letters in
    that prefix; nothing when too few letters to tell."""
    sample = text[:_SAMPLE]
    letters = len(_LETTER.findall(sample))
    if letters < _MIN_LETTERS:
        return {}, letters
    found: dict[str, float] = {}
    for label, probability in _identifier().rank(sample):
        code = _iso_639_1(label)
        if code is not None:
            found[code] = found.get(code, 0.0) + probability
    return found, letters


def _best(probabilities: dict[str, float]) -> tuple[str | None, float]:
    if not probabilities:
        return None, 0.0
    code = max(probabilities, key=probabilities.__getitem__)
    return code, probabilities[code]


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language; None when too little text to tell."""
    code, confidence = _best(_probabilities(text)[0])
    return code if confidence >= _MIN_CONFIDENCE else None


def declared_language(meta: PageMeta, ld: dict[str, Any]) -> str | None:
    """The language the page says it is in: <html lang>, meta tags, JSON-LD inLanguage."""
    declared = (
        meta.lang,
        meta.first("content-language", "language", "dc.language", "og:locale"),
        first_text(ld.get("inLanguage")),
    )
    for value in declared:
        code = normalise_code(value)
        if code:
            return code
    return None


def language_of(meta: PageMeta, ld: dict[str, Any], body: str) -> str | None:
    declared = declared_language(meta, ld)
    probabilities, letters = _probabilities(body)
    code, confidence = _best(probabilities)
    if declared is None:
        return code if confidence >= _MIN_CONFIDENCE else None
    if (
        code is not None
        and code != declared
        and declared in probabilities  # a language the model knows
        and letters >= _OVERRIDE_LETTERS
        and confidence >= _OVERRIDE_CONFIDENCE
        and probabilities[declared] <= _RULED_OUT
    ):
        return code
    return declared
