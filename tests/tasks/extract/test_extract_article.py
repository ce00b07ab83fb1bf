"""End-to-end behaviour of extract_article on small hand-written pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from tasks.extract import ExtractedArticle, extract_article

STORY = " ".join(
    f"Paragraph {n} of the story tells what the council decided about the river bridge, "
    "and why the vote took three hours."
    for n in range(1, 4)
)

PAGE = f"""<!doctype html>
<html lang="en-GB"><head>
<meta charset="utf-8">
<title>Council votes to rebuild the bridge | Riverside Gazette</title>
<meta property="og:site_name" content="Riverside Gazette">
<meta property="article:published_time" content="2024-03-05T09:30:00+01:00">
<meta name="author" content="Ann Lee">
<link rel="canonical" href="/news/bridge-vote">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Council votes to rebuild the bridge</h1>
<div class="share-buttons"><a href="#">Share on X</a> <a href="#">Email</a></div>
<p>{STORY}</p>
<h2>What happens next</h2>
<p>Work starts in May, the council said, and the old bridge will close for a year.
The new one will carry cyclists as well as cars.</p>
<div class="newsletter-signup"><p>Sign up for our daily newsletter to get the news first.</p></div>
<ul class="related-links"><li><a href="/a">Another story about roads</a></li>
<li><a href="/b">Yet another story about trains</a></li></ul>
</article>
<footer><p>Copyright Riverside Gazette. All rights reserved.</p></footer>
</body></html>"""


def test_a_plain_news_page_gives_every_field() -> None:
    article = extract_article(PAGE, "https://gazette.example/news/bridge-vote?ref=rss")

    assert isinstance(article, ExtractedArticle)
    assert article.title == "Council votes to rebuild the bridge"
    assert article.authors == ("Ann Lee",)
    assert article.published_at == datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert article.language == "en"
    assert article.canonical_url == "https://gazette.example/news/bridge-vote"
    assert article.method == "scoring"
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0].startswith("Paragraph 1 of the story")
    assert "What happens next" in paragraphs
    assert paragraphs[-1].startswith("Work starts in May")


def test_furniture_stays_out_of_the_body() -> None:
    body = extract_article(PAGE, None).body

    for furniture in ("Home", "Share on X", "newsletter", "Another story", "Copyright"):
        assert furniture not in body
    assert "Council votes to rebuild the bridge" not in body


def test_an_empty_page_gives_an_empty_article_with_a_warning() -> None:
    article = extract_article(b"", None)

    assert article.body == ""
    assert article.title is None
    assert article.warnings


def test_dates_in_the_future_are_ignored() -> None:
    future = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    page = PAGE.replace("2024-03-05T09:30:00+01:00", future)

    assert extract_article(page, None).published_at is None


def test_a_visible_date_is_read_when_no_metadata_gives_one() -> None:
    page = (
        "<html><body><h1>Bridge</h1><div class='post-date'>Posted on March 5, 2024</div>"
        f"<p>{STORY}</p></body></html>"
    )
    published = extract_article(page, None).published_at
    assert published == datetime(2024, 3, 5, tzinfo=UTC)


def test_a_date_in_the_url_is_the_last_resort() -> None:
    page = f"<html><body><p>{STORY}</p></body></html>"
    published = extract_article(page, "https://x.example/2023/07/09/bridge/").published_at
    assert published == datetime(2023, 7, 9, tzinfo=UTC)
