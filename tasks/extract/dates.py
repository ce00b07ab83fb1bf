"""Publication and modification times: parse the many ways pages write them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<F>\d+))?)?"
    r"\s*(?P<tz>Z|z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{2}(?!\d))?)?"
)
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T?(?P<H>\d{2})(?P<M>\d{2}))?")
_SLASHED = re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})")
_DOTTED = re.compile(r"\b(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4})\b")
_DOTTED_YEAR_FIRST = re.compile(r"\b(?P<y>(?:19|20)\d{2})\.(?P<m>[01]?\d)\.(?P<d>[0-3]?\d)\b")
# 24/02/2026 or 2/24/2026: day or month first, told apart by a number above 12 or the page.
_NUMERIC = re.compile(r"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)\d{2})\b")
_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>[01]?\d)[/-](?P<d>[0-3]?\d)(?!\d)"
    r"|/(?P<y2>(?:19|20)\d{2})(?P<m2>[01]\d)(?P<d2>[0-3]\d)/"
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "january jan januar janvier enero gennaio januari janeiro styczeń",
            "february feb februar février febrero febbraio februari fevereiro",
            "march mar märz mars marzo maart março",
            "april apr avril abril aprile",
            "may mai mayo maggio mei maio",
            "june jun juni juin junio giugno junho",
            "july jul juli juillet julio luglio julho",
            "august aug août agosto augustus",
            "september sep sept septembre septiembre settembre setembro",
            "october oct oktober octobre octubre ottobre outubro okt",
            "november nov novembre noviembre novembro",
            "december dec dezember décembre diciembre dicembre dezembro dez",
        ],
        start=1,
    )
    for name in names.split()
}
_WORDY = re.compile(
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?P<mon1>[^\W\d_]{3,10})\.?,?\s+(?P<y1>\d{4}))"
    r"|(?:(?P<mon2>[^\W\d_]{3,10})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4}))"
    r"|(?:(?P<y3>\d{4})\s+(?P<mon3>[^\W\d_]{3,10})\.?\s+(?P<d3>\d{1,2})\b)"
)
_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)


def _offset(text: str | None) -> timezone | None:
    if not text:
        return None
    if text.upper() in {"Z", "UTC", "GMT"}:
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _build(
    y: str, m: str, d: str, hour: str | None = None, minute: str | None = None,
    second: str | None = None, tz: timezone | None = None, fraction: str | None = None,
) -> datetime | None:  # fmt: skip
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        return datetime(
            int(y), int(m), int(d), int(hour or 0), int(minute or 0), int(second or 0), micro,
            tzinfo=tz or UTC,
        )  # fmt: skip
    except ValueError:
        return None


def _numeric(match: re.Match[str], month_first: bool) -> datetime | None:
    """A d/m/y or m/d/y date: a number above 12 is the day; else the page's custom decides."""
    a, b, year = match.group("a"), match.group("b"), match.group("y")
    if int(a) > 12 or (int(b) <= 12 and not month_first):
        return _build(year, b, a)
    return _build(year, a, b)


def parse_date(text: str | None, *, month_first: bool = True) -> tuple[datetime | None, bool]:
    """Parse a date or date-time. Returns the moment and whether the text gave a time zone.

    A moment with no time zone in the text is read as UTC. ``month_first`` reads an
    ambiguous "03/04/2024" as March 4 (American custom) rather than 3 April.
    """
    if not text:
        return None, False
    text = text.strip()[:200]
    if text.isdigit() and len(text) in (10, 13):  # Unix epoch seconds or milliseconds
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        return datetime.fromtimestamp(seconds, tz=UTC), True
    match = _ISO.search(text)
    if match:
        tz = _offset(match.group("tz"))
        g = match.group
        moment = _build(g("y"), g("m"), g("d"), g("H"), g("M"), g("S"), tz, g("F"))
        return moment, tz is not None
    for pattern in (_COMPACT, _SLASHED, _DOTTED, _DOTTED_YEAR_FIRST):
        match = pattern.search(text)
        if match:
            found = match.groupdict()
            return _build(found["y"], found["m"], found["d"], found.get("H"), found.get("M")), False
    match = _NUMERIC.search(text)
    if match:
        return _numeric(match, month_first), False
    match = _WORDY.search(text)
    if match:
        g = match.group
        day = g("d1") or g("d2") or g("d3")
        month = _MONTHS.get((g("mon1") or g("mon2") or g("mon3")).casefold())
        year = g("y1") or g("y2") or g("y3")
        if month:
            return _build(year, str(month), day), False
    return None, False


def plausible(moment: datetime | None, now: datetime) -> datetime | None:
    """Keep dates between the early web and now (a small clock skew allowed)."""
    if moment is None or moment < _EARLIEST or moment > now + timedelta(days=1):
        return None
    return moment


def date_from_url(url: str | None) -> datetime | None:
    if not url:
        return None
    match = _URL_DATE.search(url)
    if not match:
        return None
    g = match.group
    if g("y"):
        return _build(g("y"), g("m"), g("d"))
    return _build(g("y2"), g("m2"), g("d2"))
