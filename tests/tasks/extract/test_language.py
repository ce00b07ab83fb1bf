"""Language: declared by the page, read from the text by py3langid, ISO 639-1 codes."""

import pytest

from tasks.extract import extract_article
from tasks.extract.language import _identifier, _iso_639_1, detect_language

# Paragraphs written for these tests: a town council approves a new tram line.
TEXTS = {
    "en": "The city council approved the new tram line on Tuesday evening after a long debate. "
    "Construction is expected to begin next spring and the first trains should run in two years.",
    "de": "Der Stadtrat hat die neue Straßenbahnlinie am Dienstagabend nach langer Debatte "
    "genehmigt. Die Bauarbeiten sollen im nächsten Frühjahr beginnen, die ersten Züge in zwei "
    "Jahren fahren.",
    "fr": "Le conseil municipal a approuvé mardi soir la nouvelle ligne de tramway après un long "
    "débat. Les travaux devraient commencer au printemps prochain et les premières rames "
    "circuler dans deux ans.",
    "es": "El ayuntamiento aprobó el martes por la noche la nueva línea de tranvía tras un largo "
    "debate. Las obras comenzarán la próxima primavera y los primeros trenes circularán dentro "
    "de dos años.",
    "ru": "Городской совет во вторник вечером после долгих споров утвердил новую трамвайную "
    "линию. Строительство начнётся следующей весной, а первые поезда пойдут через два года.",
    "uk": "Міська рада у вівторок увечері після тривалих дебатів затвердила нову трамвайну "
    "лінію. Будівництво почнеться наступної весни, а перші потяги поїдуть через два роки.",
    "bg": "Общинският съвет одобри новата трамвайна линия във вторник вечерта след дълъг дебат. "
    "Строителството ще започне следващата пролет, а първите влакове ще тръгнат след две години.",
    "tr": "Belediye meclisi salı akşamı uzun bir tartışmanın ardından yeni tramvay hattını onayladı. "
    "İnşaatın önümüzdeki bahar başlaması ve ilk seferlerin iki yıl içinde yapılması bekleniyor.",
    "pl": "Rada miasta zatwierdziła we wtorek wieczorem nową linię tramwajową po długiej debacie. "
    "Budowa ma ruszyć wiosną przyszłego roku, a pierwsze składy pojadą za dwa lata.",
    "ja": "市議会は火曜日の夜、長い議論の末に新しい路面電車の路線を承認した。"
    "工事は来年の春に始まり、最初の電車は二年後に走る予定だ。",
    "zh": "市议会星期二晚上经过长时间辩论，批准了新的有轨电车线路。"
    "工程预计明年春天开工，第一批列车将在两年后投入运营。",
}


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_the_text_names_its_language(lang: str) -> None:
    assert detect_language(TEXTS[lang]) == lang


def test_too_little_text_or_no_language_at_all_names_none() -> None:
    assert detect_language("Tram line approved") is None
    assert detect_language("") is None
    uuids = " ".join("3f2a9c1e-77b0-4d2e-9a61-0c5e8f4b2d17" for _ in range(20))
    assert detect_language(uuids) is None


def test_every_answer_is_an_iso_639_1_code_or_none() -> None:
    for label in _identifier().labels:
        code = _iso_639_1(label)
        assert code is None or (len(code) == 2 and code.isalpha() and code.islower())
    assert _iso_639_1("zxx") is None  # "no linguistic content"
    assert _iso_639_1("yue") == "zh"


def _page(lang_attribute: str, text: str) -> str:
    paragraphs = "".join(f"<p>{text}</p>" for _ in range(3))
    return (
        f"<html{lang_attribute}><head><title>Tram</title></head><body><article>"
        f"<h1>Tram</h1>{paragraphs}</article></body></html>"
    )


def test_a_page_without_a_declared_language_gets_its_texts() -> None:
    assert extract_article(_page("", TEXTS["uk"]), None).language == "uk"


def test_the_declared_language_stands_when_the_text_agrees_or_says_little() -> None:
    assert extract_article(_page(' lang="de-AT"', TEXTS["de"]), None).language == "de"
    short = "<html lang='fr'><body><article><p>Tram line approved.</p></article></body></html>"
    assert extract_article(short, None).language == "fr"


def test_a_template_language_gives_way_to_a_long_text_plainly_in_another() -> None:
    assert extract_article(_page(' lang="en-US"', TEXTS["de"]), None).language == "de"
    assert extract_article(_page(' lang="de"', TEXTS["en"]), None).language == "en"


def test_a_close_language_or_one_the_model_lacks_is_not_overruled() -> None:
    norwegian = (
        "Bystyret godkjente den nye trikkelinjen tirsdag kveld etter en lang debatt. "
        "Byggingen skal etter planen starte neste vår, og de første vognene skal gå om to år."
    )
    assert extract_article(_page(' lang="nb"', norwegian), None).language == "nb"
    assert extract_article(_page(' lang="da"', norwegian), None).language == "da"
