"""Article extraction from HTML pages, built on BeautifulSoup with the lxml parser."""

from tasks.extract.article import ExtractedArticle
from tasks.extract.extractor import extract_article

__all__ = ["ExtractedArticle", "extract_article"]
