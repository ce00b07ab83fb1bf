"""Date rules: how dates are written, month names, the labels and meta keys around them."""

from __future__ import annotations

import re

from tasks.extract.text import Caseless

ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<F>\d+))?)?"
    r"\s*(?P<tz>Z|z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{2}(?!\d))?)?"
)
COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T?(?P<H>\d{2})(?P<M>\d{2}))?")
SLASHED = re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})")
DOTTED = re.compile(r"\b(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4})\b")
DOTTED_YEAR_FIRST = re.compile(r"\b(?P<y>(?:19|20)\d{2})\.(?P<m>[01]?\d)\.(?P<d>[0-3]?\d)\b")
# 24/02/2026 or 2/24/2026: day or month first, told apart by a number above 12 or the page.
NUMERIC = re.compile(r"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)\d{2})\b")
URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>[01]?\d)[/-](?P<d>[0-3]?\d)(?!\d)"
    r"|/(?P<y2>(?:19|20)\d{2})(?P<m2>[01]\d)(?P<d2>[0-3]\d)/"
)
MONTHS = {
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
WORDY = re.compile(
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?P<mon1>[^\W\d_]{3,10})\.?,?\s+(?P<y1>\d{4}))"
    r"|(?:(?P<mon2>[^\W\d_]{3,10})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4}))"
    r"|(?:(?P<y3>\d{4})\s+(?P<mon3>[^\W\d_]{3,10})\.?\s+(?P<d3>\d{1,2})\b)"
)
# A date written out: "May 4, 2024", "4 May 2024", "04.05.2024", "2024-05-04", "5/4/2024".
DATE_LINE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\.?\s+[^\W\d_]{3,10}\.?,?\s+(?:19|20)\d{2}\b"
    r"|\b[^\W\d_]{3,10}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}\b"
    r"|\b\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)\d{2}\b|\b(?:19|20)\d{2}([-.])\d{2}\1\d{2}\b"
    r"|\b\d{1,2}/\d{1,2}/(?:19|20)\d{2}\b"
)
UPDATED = Caseless(r"updat|modifi|aktualisiert|\bakt\.|revised|mis à jour|actualizad|refreshed")
# Boxes that date other stories or readers' posts: related teasers, cards, comments.
OTHER_STORIES = Caseless(
    r"(?:^|[\s_-])(?:related|teasers?|recommend\w*|slides?|slider|carousel|comments?|repl(?:y|ies))"
    r"(?:$|[\s_-])"
)
DATE_CLASS = Caseless(r"date|time|publish|posted|byline|meta")
PUBLISHED_KEY = re.compile(
    r"publi(?:sh|cation)|pubdate|dc:date|dc:created|datecreated|issued", re.IGNORECASE
)
NOT_PUBLISHED = re.compile(r"modif|updat|expir|revis|publisher", re.IGNORECASE)
PUBLISHED_META = (
    "article:published_time", "og:published_time", "article:published", "datepublished",
    "publishdate", "pubdate", "publish-date", "publish_date", "published_time", "date",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created",
    "dc.date.created", "sailthru.date", "parsely-pub-date", "article.published",
    "datecreated", "originalpublicationdate", "cxenseparse:recs:publishtime",
    "article_date_original", "og:article:published_time", "date_published",
)  # fmt: skip
MODIFIED_META = (
    "article:modified_time", "og:updated_time", "article:modified", "datemodified",
    "dcterms.modified", "last-modified", "lastmod", "og:article:modified_time",
    "article.updated", "date_modified", "revised",
)  # fmt: skip
