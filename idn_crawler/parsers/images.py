"""Images and their captions; ``credit`` is the parenthesised end of a caption."""

from __future__ import annotations

from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.dom import text_of
from idn_crawler.parsers.text import clean
from idn_crawler.parsers.urls import strip_image_query


def credit_of(caption: str | None) -> str | None:
    match = S.CREDIT.search(caption or "")
    return clean(match.group(1)) or None if match else None


def make_image(url: str | None, caption: str | None) -> dict[str, str | None] | None:
    if not url:
        return None
    caption = clean(caption) or None
    return {"url": url, "caption": caption, "credit": credit_of(caption)}


def image_url(element: HtmlElement, base_url: str | None) -> str | None:
    """The real source of the first image in element, skipping lazy-load placeholders."""
    images = [element] if element.tag in S.IMAGE_TAGS else []
    images += [img for tag in S.IMAGE_TAGS for img in element.iter(tag) if img is not element]
    for img in images:
        for attr in S.IMAGE_SRC_ATTRS:
            value = (img.get(attr) or "").strip()
            if value and not S.PLACEHOLDER_IMAGE.search(value):
                return strip_image_query(value, base_url)
    return None


_CAPTIONS = tuple(CSSSelector(css) for css in S.CAPTION)


def caption_of(element: HtmlElement) -> str | None:
    """The visible caption, taken once even when the page renders it twice."""
    for select in _CAPTIONS:
        for node in select(element):
            text = clean(text_of(node))
            if text:
                return text
    return None


def image_from_block(element: HtmlElement, base_url: str | None) -> dict[str, str | None] | None:
    return make_image(image_url(element, base_url), caption_of(element))
