"""The article body: paragraphs grouped under sub-headings, in-body images, dateline.

The walk keeps document order, drops what is not article text (ads, "Baca Juga"
lines, notes, editor's-pick boxes, captions; docs/site.md#body) and never lets a
sub-heading into the paragraphs: it opens a new section instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.dom import text_of, visible_text
from idn_crawler.parsers.images import image_from_block
from idn_crawler.parsers.text import clean

Section = dict[str, Any]


@dataclass
class Body:
    sections: list[Section] = field(default_factory=list)
    images: list[dict[str, str | None]] = field(default_factory=list)
    dateline: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(p for s in self.sections for p in s["paragraphs"])


class _Walker:
    def __init__(self, base_url: str | None, excluded: set[HtmlElement]) -> None:
        self.base_url = base_url
        self.excluded = excluded
        self.body = Body(sections=[{"heading": None, "paragraphs": []}])
        self.after_see_also = False  # a "Baca Juga" line may head a list of links

    def walk(self, element: HtmlElement) -> None:
        for child in element:
            if not isinstance(child.tag, str) or child in self.excluded or is_noise(child):
                continue
            see_also = self.after_see_also
            self.after_see_also = False
            self.visit(child, child.tag.lower(), see_also)

    def visit(self, child: HtmlElement, tag: str, see_also: bool) -> None:
        if tag in S.BODY_HEADINGS:
            self.heading(clean(text_of(child)))
        elif tag == "p":
            self.paragraph_or_image(child)
        elif tag == "figure" or tag in S.IMAGE_TAGS or _has_class(child, S.IMAGE_BLOCK_CLASSES):
            self.image(child)
        elif tag in ("ul", "ol"):
            if not see_also:
                for item in child.iter("li"):
                    self.paragraph(paragraph_text(item))
        elif tag == "blockquote" and not _HAS_PARAGRAPH(child):
            self.paragraph(paragraph_text(child))
        elif tag in S.TEXT_CONTAINERS and next(child.iterdescendants(*S.BLOCK_TAGS), None) is None:
            self.paragraph(paragraph_text(child))  # text set in a bare <div>, as some templates do
        else:
            self.walk(child)

    def heading(self, text: str) -> None:
        if text and not S.EDITORS_PICKS_HEADING.search(text.replace("\u2019", "'")):
            self.body.sections.append({"heading": text, "paragraphs": []})

    def paragraph(self, text: str) -> None:
        if not text:
            return
        if S.NOT_BODY_TEXT.search(text):
            self.after_see_also = bool(S.SEE_ALSO.match(text))
            return
        self.body.sections[-1]["paragraphs"].append(text)

    def paragraph_or_image(self, element: HtmlElement) -> None:
        images = list(element.iter(*S.IMAGE_TAGS))
        text = paragraph_text(element)
        if images and len(text) <= S.MAX_CAPTION_LENGTH:
            # An image set in a paragraph: the paragraph's text is its caption.
            self.image(element)
            return
        for img in images:
            self.image(img)
        self.paragraph(text)

    def image(self, element: HtmlElement) -> None:
        image = image_from_block(element, self.base_url)
        if image and image not in self.body.images:
            self.body.images.append(image)


def extract_body(
    container: HtmlElement, base_url: str | None, excluded: set[HtmlElement] | None = None
) -> Body:
    """The body under container; elements in excluded (summary, rails, team) are skipped."""
    for line_break in container.iter("br"):  # "a<br>b" reads "a b", not "ab"
        line_break.tail = " " + (line_break.tail or "")
    walker = _Walker(base_url, excluded or set())
    walker.walk(container)
    body = walker.body
    body.dateline = _take_dateline(body.sections)
    body.sections = [s for s in body.sections if s["paragraphs"] or s["heading"]]
    return body


def body_from_text(text: str) -> Body:
    """Last resort: JSON-LD ``articleBody`` has no paragraph breaks, so one paragraph."""
    body = Body(sections=[{"heading": None, "paragraphs": [clean(text)] if clean(text) else []}])
    body.dateline = _take_dateline(body.sections)
    body.sections = [s for s in body.sections if s["paragraphs"]]
    return body


def _take_dateline(sections: list[Section]) -> str | None:
    first = next((s["paragraphs"] for s in sections if s["paragraphs"]), None)
    if not first:
        return None
    match = S.DATELINE.match(first[0])
    if not match:
        return None
    rest = first[0][match.end() :].strip()
    if rest:
        first[0] = rest
    else:
        first.pop(0)
    return clean(match.group(1)) or None


_HAS_PARAGRAPH = etree.XPath("boolean(.//p)")


def paragraph_text(element: HtmlElement) -> str:
    return clean(visible_text(element))


def _has_class(element: HtmlElement, names: frozenset[str]) -> bool:
    classes = element.get("class")
    return bool(classes) and not names.isdisjoint(classes.split())


def is_noise(element: HtmlElement) -> bool:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in S.NOISE_TAGS or element.get("hidden") is not None or _has_class(element, S.NOISE_CLASSES):
        return True
    ident = element.get("id") or ""
    testid = element.get("data-testid") or ""
    if ident.startswith(S.NOISE_ID_PREFIXES) or testid.startswith(S.NOISE_TESTID_PREFIXES):
        return True
    role = element.get("role")
    if role is not None and role.lower() in S.NOISE_ROLES:
        return True
    return any(S.NOISE_HOOK.search(hook) for hook in (testid, ident) if hook)
