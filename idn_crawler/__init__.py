"""idn-crawler: an incremental crawler and article parser for IDN Times.

The Python API for one page is ``parse_article(html, url=None, crawled_at=None)``, which
returns the article record (docs/record.md) or raises ``NotAnArticle`` saying why not::

    from idn_crawler import parse_article
    record = parse_article(html, "https://www.idntimes.com/news/...")

Both are imported on first use, so ``import idn_crawler`` (which Scrapy's settings module
does for ``__version__``) stays as cheap as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["NotAnArticle", "__version__", "parse_article"]

if TYPE_CHECKING:
    from idn_crawler.parsers import NotAnArticle, parse_article


def __getattr__(name: str) -> Any:
    if name in ("parse_article", "NotAnArticle"):
        from idn_crawler import parsers

        return getattr(parsers, name)
    raise AttributeError(f"module 'idn_crawler' has no attribute {name!r}")
