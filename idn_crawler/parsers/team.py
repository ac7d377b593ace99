"""The "Editorial Team" block: members and their role labels (Editor, Writer)."""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement
from parsel import Selector

from idn_crawler.parsers import selectors as S
from idn_crawler.parsers.dom import in_tooltip, text_of
from idn_crawler.parsers.text import clean
from idn_crawler.parsers.urls import join

Member = dict[str, str | None]
_ENCLOSING_LINK_HREF = etree.XPath(S.ENCLOSING_LINK_HREF, smart_strings=False)


def editorial_team(found: Selector | None, base_url: str) -> list[tuple[Member, str]]:
    """(member, role) pairs of the team block, in page order; role is the lower-cased label."""
    if found is None:
        return []
    container = found.root
    members = []
    for role_el in _role_labels(container):
        member = _member_of(role_el, container, base_url)
        if member:
            members.append((member, clean(text_of(role_el)).lower()))
    return members


def has_team_roles(element: HtmlElement) -> bool:
    return bool(_role_labels(element))


def _role_labels(element: HtmlElement) -> list[HtmlElement]:
    return [
        el
        for el in element.iter()
        if isinstance(el.tag, str)
        and len(el) == 0
        and el.get("role") != "tooltip"
        and S.TEAM_ROLE.match(clean(text_of(el)))
    ]


def _member_of(role_el: HtmlElement, container: HtmlElement, base_url: str) -> Member | None:
    node = role_el.getparent()
    while node is not None:
        name_el = _name_in(node, role_el)
        if name_el is not None:
            link = next(iter(_ENCLOSING_LINK_HREF(name_el)), None)
            return {
                "name": clean(text_of(name_el)),
                "url": join(base_url, link) if link else None,
            }
        if node is container:
            return None
        node = node.getparent()
    return None


def _name_in(node: HtmlElement, role_el: HtmlElement) -> HtmlElement | None:
    for el in node.iter():
        if el is role_el or not isinstance(el.tag, str) or len(el) != 0:
            continue
        if in_tooltip(el):
            continue
        text = clean(text_of(el))
        if text and not S.TEAM_ROLE.match(text):
            return el
    return None
