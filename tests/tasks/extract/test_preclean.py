"""Scripts, styles and comments are cut before the tree is built, and nothing else."""

from tasks.extract import extract_article
from tasks.extract.preclean import strip_non_content

STORY = (
    "İstanbul'da belediye meclisi yeni toplu taşıma hatlarını onayladı ve çalışmalar "
    "önümüzdeki ay başlayacak. Yetkililer projenin iki yıl içinde tamamlanmasını bekliyor."
)


def test_cuts_scripts_styles_and_comments_whatever_their_case() -> None:
    page = (
        "<p>a</p><SCRIPT type='text/javascript'>x()</SCRIPT><!-- note --><Style>p{}</Style>"
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle"}</script><p>b</p>'
    )
    cleaned, jsonld = strip_non_content(page)
    assert cleaned == "<p>a</p><p>b</p>"
    assert jsonld == ['{"@type": "NewsArticle"}']


def test_letters_that_lower_case_to_two_do_not_shift_the_cut() -> None:
    # "İ".lower() is two characters: positions found in a lower-cased copy would land
    # one character late for every "İ" before them.
    page = f"<p>İİİİ İzmir</p><script>var x = 1;</script><p>{STORY}</p>"
    cleaned, _ = strip_non_content(page)
    assert cleaned == f"<p>İİİİ İzmir</p><p>{STORY}</p>"


def test_a_turkish_story_keeps_its_first_words() -> None:
    paragraphs = "".join(f"<p>{STORY} {n}</p><script>track({n})</script>" for n in range(4))
    page = f"<html><body><article><h1>İİİ Başlık</h1>{paragraphs}</article></body></html>"
    body = extract_article(page, "https://example.com/haber").body
    assert body.count(STORY) == 4
