"""Redesigns of the reference pages the parser was not written for: each keeps the record
whole (every field equal to the reference's expected record), or changes only what it
says, and the trace names the source that took over.

One transform per kind of redesign: translated headings, extra wrappers, renamed hooks,
removed structured data, notes in Indonesian or marked only by their role, a body that
only the flight chunks carry, rail cards that lost their dates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from lxml import html as lxml_html

from idn_crawler.parsers import parse_article
from idn_crawler.parsers.sources import Trace
from tests.helpers import PARSE_TIME, article_case

HOOKS = re.compile(
    r' data-testid="(latest-article|editors-picks|editorial-team|community-writer-disclaimer)[^"]*"'
)
JSONLD = re.compile(r'<script[^>]*type="application/ld\+json"[^>]*>.*?</script>\s*', re.S)
DATE_META = re.compile(
    r'<meta (property="article:(published|modified)_time"|name="content_(published|updated)_date")[^>]*>'
)
FLIGHT = re.compile(r"<script>self\.__next_f\.push\(.*?\)</script>", re.S)
BODY_END = "</p>\n  </div>\n</div>\n<!-- [reconstructed] community-writer note"


def translated_headings(html: str) -> str:
    html = HOOKS.sub("", html)
    for english, indonesian in (("Latest in News", "Terbaru di News"), ("Editor’s Picks", "Pilihan Editor"),
                                ("Editorial Team", "Tim Redaksi")):  # fmt: skip
        html = html.replace(f">{english}</h2>", f">{indonesian}</h2>")
    return html


def deep_wrappers(html: str) -> str:
    """Each block heading three wrappers deeper than before, the hooks gone."""
    return re.sub(r"(<h2 [^>]*>[^<]*</h2>)", r"<div><div><div>\1</div></div></div>", HOOKS.sub("", html))


def note_in_body(text: str, wrapper: str = "{}") -> Callable[[str], str]:
    def transform(html: str) -> str:
        assert BODY_END in html
        note = wrapper.format(f"<p>{text}</p>")
        return html.replace(BODY_END, BODY_END.replace("</p>\n", f"</p>\n{note}\n", 1), 1)

    return transform


def no_machine_dates(html: str) -> str:
    html = JSONLD.sub("", DATE_META.sub("", html))
    return html.replace(
        'data-testid="publish-date-article" font-family', 'data-testid="x-byline-when" font-family'
    )


def no_dates_no_chunks(html: str) -> str:
    return FLIGHT.sub("", no_machine_dates(html))


def body_only_in_chunks(html: str) -> str:
    """The body container emptied; its markup handed to the page in a flight row instead."""
    tree = lxml_html.fromstring(html)
    (body,) = tree.xpath('//*[@id="article-description"]')
    inner = "".join(lxml_html.tostring(child, encoding="unicode") for child in body)
    start = html.index('<div id="article-description"')
    end = html.index(BODY_END) + len("</p>\n  </div>\n</div>")
    row = "2a:" + json.dumps({"article_content": {"html": inner}}) + "\n"
    push = "<script>self.__next_f.push([1," + json.dumps(row) + "])</script>"
    return html[:start] + "<div></div>" + html[end:].replace("</body>", push + "</body>", 1)


def undated_cards(html: str) -> str:
    return re.sub(r'<span [^>]*data-cy="ds-card-article-pubdate"[^>]*>[^<]*</span>', "", html)


NOTE_ID = "Artikel ini ditulis oleh penulis komunitas dan telah ditinjau oleh tim redaksi kami."
NOTE_ROLE = "Konten ini bagian dari kerja sama dengan mitra kami dan tidak memengaruhi sikap redaksi."
REDESIGNS: dict[str, tuple[Callable[[str], str], dict[str, Any], dict[str, str]]] = {
    # name: (transform, fields allowed to change -> their value, field -> source that must give it)
    "translated headings": (translated_headings, {}, {"latest": "dom", "editors": "dom"}),
    "deep wrappers": (deep_wrappers, {}, {"latest": "dom", "editors_picks": "dom", "summary": "dom"}),
    "note in Indonesian inside the body": (note_in_body(NOTE_ID), {}, {"body": "dom"}),
    "note marked by its role only": (
        note_in_body(NOTE_ROLE, '<div role="note">{}</div>'),
        {},
        {"body": "dom"},
    ),
    "note hooked as a disclaimer only": (
        note_in_body(NOTE_ROLE, '<div data-testid="partner-disclaimer">{}</div>'),
        {},
        {"body": "dom"},
    ),
    "byline hook renamed, no machine dates": (
        no_machine_dates,
        {"pillar": None},
        {"published_at": "flight", "modified_at": "flight"},
    ),
    "byline hook renamed, no dates in chunks either": (
        no_dates_no_chunks,
        {"pillar": None, "modified_at": None},
        {"published_at": "fallback"},
    ),
    "body only in the flight chunks": (body_only_in_chunks, {}, {"body": "flight"}),
    "rail cards without their dates": (undated_cards, {}, {"latest": "dom"}),
}


@pytest.mark.parametrize("name", sorted(REDESIGNS))
def test_a_redesign_keeps_the_record(name: str) -> None:
    transform, changed, sources = REDESIGNS[name]
    html, url, expected = article_case("article-community")
    redesigned = transform(html)
    assert redesigned != html
    trace = Trace()
    record = parse_article(redesigned, url, PARSE_TIME, trace)
    want = {**expected, "crawled_at": PARSE_TIME, **changed}
    assert {k: v for k, v in record.items() if record[k] != want[k]} == {}
    for field, source in sources.items():
        assert trace.sources[field] == source, field


def test_without_structured_data_the_trace_names_the_sources_that_took_over() -> None:
    html, url, _ = article_case("article-community")
    trace = Trace()
    parse_article(JSONLD.sub("", html), url, PARSE_TIME, trace)
    assert trace.sources["title"] == "meta" and trace.sources["authors"] == "dom"
    assert trace.sources["published_at"] == "meta" and trace.sources["tags"] == "meta"


def test_the_reference_page_reads_its_fields_from_the_first_sources() -> None:
    html, url, _ = article_case("article-community")
    trace = Trace()
    parse_article(html, url, PARSE_TIME, trace)
    assert trace.sources["title"] == "jsonld" and trace.sources["body"] == "dom"
    assert trace.sources["latest"] == "dom" and trace.sources["published_at"] == "jsonld"
    assert trace.disagree == {"title": False, "published_at": False, "authors": False, "tags": False,
                              "image": False}  # fmt: skip


@pytest.mark.parametrize("space", ["\n      ", "&nbsp;", "&#160;", "  "])
def test_a_community_note_is_seen_however_its_words_are_spaced(space: str) -> None:
    html, url, expected = article_case("article-editorial")
    assert expected["is_community"] is False
    # The roles in Indonesian, so that nothing on the page says "writer" but the note.
    html = html.replace(">Writer<", ">Penulis<").replace(
        '\\"role\\":\\"writer\\"', '\\"role\\":\\"penulis\\"'
    )
    assert "riter" not in html
    note = f"<div><p>Artikel ini ditulis oleh PENULIS{space}Komunitas IDN Times.</p></div>"
    record = parse_article(html.replace("</body>", note + "</body>", 1), url, PARSE_TIME)
    assert record == {**expected, "crawled_at": PARSE_TIME, "is_community": True}
