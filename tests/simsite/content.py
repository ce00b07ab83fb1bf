"""The simulated news site's content: articles, pages in three templates, feeds and sitemaps.

Everything is generated deterministically from a seed so tests can assert on exact titles,
bodies and dates.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from html import escape
from xml.sax.saxutils import escape as xml_escape

_WORDS = (  # noqa: SIM905
    "council budget river bridge school teachers election minister harbour festival storm "
    "railway hospital farmers market museum library police report court judge housing "
    "energy prices wind solar football league coach season climate research university "
    "students workers union strike talks agreement village city mayor plan vote tax road"
).split()
TEMPLATES = ("jsonld", "meta", "bare")
_FIRST = ("Ann", "Ben", "Cleo", "Dev")
_LAST = ("Ray", "Moss", "Lund")


@dataclass(frozen=True)
class SimArticle:
    host_key: str  # which simulated host serves it
    slug: str
    title: str
    author: str
    published: datetime  # UTC
    paragraphs: tuple[str, ...]
    template: str  # jsonld | meta | bare ("bare" pages carry no date: the feed item has it)

    @property
    def path(self) -> str:
        return f"/{self.published:%Y/%m/%d}/{self.slug}.html"

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def make_articles(
    host_key: str, *, start: date, days: int, per_day: int, seed: int = 7
) -> list[SimArticle]:
    rng = random.Random(f"{host_key}-{seed}")
    articles = []
    for day in range(days):
        for number in range(per_day):
            published = datetime(
                start.year, start.month, start.day, 6 + 3 * number, 15, tzinfo=UTC
            ) + timedelta(days=day)
            words = rng.sample(_WORDS, 5)
            title = (
                f"{words[0].title()} {words[1]} and {words[2]} in {host_key} story {day}-{number}"
            )
            paragraphs = tuple(
                " ".join(rng.choice(_WORDS) for _ in range(rng.randint(35, 60))).capitalize() + "."
                for _ in range(5)
            )
            index = day * per_day + number
            articles.append(
                SimArticle(
                    host_key=host_key,
                    slug=f"{host_key}-story-{day:02d}-{number}",
                    title=title,
                    author=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                    published=published,
                    paragraphs=paragraphs,
                    template=TEMPLATES[index % len(TEMPLATES)],
                )
            )
    return articles


_CHROME_TOP = (
    '<header><nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/sport/">Sport</a>'
    "</nav></header>"
)
_CHROME_BOTTOM = (
    '<aside class="related"><h3>Most read</h3><ul><li><a href="/x">Another story</a></li></ul>'
    "</aside><footer><p>© Simulated News Ltd. All rights reserved.</p></footer>"
)


def render_page(article: SimArticle, base_url: str) -> str:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
    canonical = f'<link rel="canonical" href="{base_url}{article.path}">'
    if article.template == "jsonld":
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "datePublished": article.published.isoformat(),
            "author": {"@type": "Person", "name": article.author},
        }
        head = f'<script type="application/ld+json">{json.dumps(data)}</script>{canonical}'
        main = f"<article><h1>{escape(article.title)}</h1>{paragraphs}</article>"
    elif article.template == "meta":
        head = (
            f'<meta property="og:title" content="{escape(article.title)}">'
            f'<meta property="article:published_time" content="{article.published.isoformat()}">'
            f'<meta name="author" content="{escape(article.author)}">{canonical}'
        )
        main = (
            f'<div class="story"><h1 class="headline">{escape(article.title)}</h1>'
            f'<div class="story-body">{paragraphs}</div></div>'
        )
    else:
        head = ""
        main = f"<main><h1>{escape(article.title)}</h1>{paragraphs}</main>"
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(article.title)} | Simulated News</title>{head}</head>"
        f"<body>{_CHROME_TOP}{main}{_CHROME_BOTTOM}</body></html>"
    )


def rss_feed(articles: list[SimArticle], base_url: str, *, tracking: bool = True) -> str:
    items = []
    for a in sorted(articles, key=lambda a: a.published, reverse=True):
        link = f"{base_url}{a.path}" + ("?utm_source=rss&amp;utm_medium=feed" if tracking else "")
        items.append(
            f"<item><title>{xml_escape(a.title)}</title><link>{link}</link>"
            f'<guid isPermaLink="false">{a.slug}</guid>'
            f"<pubDate>{a.published:%a, %d %b %Y %H:%M:%S} +0000</pubDate>"
            f"<author>news@example.com ({xml_escape(a.author)})</author>"
            f"<description>{xml_escape(a.paragraphs[0][:120])}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Simulated News</title><link>{base_url}/</link>"
        f"<description>Test feed</description>{''.join(items)}</channel></rss>"
    )


def atom_feed(articles: list[SimArticle], base_url: str) -> str:
    entries = "".join(
        f"<entry><title>{xml_escape(a.title)}</title>"
        f'<link rel="alternate" href="{a.path}"/><id>tag:sim,2024:{a.slug}</id>'
        f"<published>{a.published.isoformat()}</published><updated>{a.published.isoformat()}</updated>"
        f"<author><name>{xml_escape(a.author)}</name></author></entry>"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        f'xml:base="{base_url}/"><title>Simulated Wire</title><id>tag:sim,2024:wire</id>'
        f"<updated>2024-01-01T00:00:00Z</updated>{entries}</feed>"
    )


def json_feed(articles: list[SimArticle], base_url: str) -> str:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Simulated News (JSON)",
            "items": [
                {
                    "id": a.slug,
                    "url": f"{base_url}{a.path}",
                    "title": a.title,
                    "date_published": a.published.isoformat(),
                    "authors": [{"name": a.author}],
                }
                for a in articles
            ],
        }
    )


def news_sitemap(articles: list[SimArticle], base_url: str) -> str:
    urls = "".join(
        f"<url><loc>{base_url}{a.path}</loc><news:news><news:publication>"
        "<news:name>Simulated News</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{a.published.isoformat()}</news:publication_date>"
        f"<news:title>{xml_escape(a.title)}</news:title></news:news></url>"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{urls}</urlset>"
    )


def urlset(articles: list[SimArticle], base_url: str) -> str:
    urls = "".join(
        f"<url><loc>{base_url}{a.path}</loc><lastmod>{a.published:%Y-%m-%d}</lastmod></url>"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    )


def sitemap_index(locations: list[tuple[str, str | None]]) -> str:
    entries = "".join(
        f"<sitemap><loc>{loc}</loc>" + (f"<lastmod>{mod}</lastmod>" if mod else "") + "</sitemap>"
        for loc, mod in locations
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
    )


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + ']><rss version="2.0"><channel><title>&lol9;</title></channel></rss>'
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<rss version="2.0"><channel><title>t</title><item><title>&xxe;</title>'
    "<link>http://127.0.0.1/x</link></item></channel></rss>"
)
