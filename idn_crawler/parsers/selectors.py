"""Every selector the parsers use, named and kept together with its fallback chain.

A layout change on the site should be a one-file edit here. Chains are tried in
order; the first that yields a value wins. Hashed ``css-*`` classes never appear:
they change on every deploy (docs/site.md#platform). Blocks whose markup nobody has published
(summary, Editorial Team, rails, community note) are found by their visible
headings and text (docs/site.md#parsing-rules, rule 2); their ``data-testid`` hooks are only fallbacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    """A block's visible heading: the full pattern, plus lower-case words one of
    which the text must contain (a cheap filter libxml2 runs before Python does)."""

    pattern: re.Pattern[str]
    keywords: tuple[str, ...]

    def search(self, text: str) -> bool:
        return bool(self.pattern.search(text))


# --- <head> ------------------------------------------------------------------
# The analytics data layer live pages write into the head (docs/site.md#analytics-meta-layer;
# captured 5 Apr 2026 on /hype/entertainment/okin-buka-suara-...-00-sd4vv-sxnx6l):
#   content_title            "Okin Buka Suara Disebut Mau Jual Rumah Anak, Rachel Vennya ..."
#   content_published_date   "2026-04-05 10:21:40"  (no zone: WIB)
#   content_updated_date     "2026-04-05 10:21:40"
#   content_creator_fullname "Muhammad Bimo Aprilianto"  (= meta[name=author])
#   content_editor           "Zahrotustianah ", "Yudha \u200e",
#                            "Achmad Fatkhur Rozi,Misrohatun H,Retno Rahayu"
#   content_tag              "Rachel Vennya,niko al hakim,Give me Perspective"  (= meta[name=keywords])
#   content_category         "Hype"; content_subcategory "Entertainment"
#   content_id               "019d5b74-047f-72a6-a5d7-e0fa29a11cef"; idn:link "idnapp://news/<that uuid>"
LAYER_TITLE = 'meta[name="content_title"]::attr(content)'
LAYER_EDITORS = ('meta[name="content_editor"]::attr(content)',)
LAYER_CRUMBS = (
    'meta[name="content_category"]::attr(content)',
    'meta[name="content_subcategory"]::attr(content)',
)
CONTENT_ID = ('meta[name="content_id"]::attr(content)',)
APP_LINK = ('meta[name="idn:link"]::attr(content)',)
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
CONTENT_UUID = re.compile(rf"^{_UUID}$", re.I)
APP_LINK_ID = re.compile(rf"^idnapp://news/({_UUID})/?$", re.I)
JSONLD_SCRIPTS = 'script[type="application/ld+json"]::text'
CANONICAL = (
    'link[rel="canonical"]::attr(href)',
    'meta[property="og:url"]::attr(content)',
)
META_TITLE = (
    LAYER_TITLE,
    'meta[property="og:title"]::attr(content)',
    'meta[name="twitter:title"]::attr(content)',
)
META_DESCRIPTION = (
    'meta[name="description"]::attr(content)',
    'meta[property="og:description"]::attr(content)',
)
META_PUBLISHED = (
    'meta[property="article:published_time"]::attr(content)',
    'meta[name="content_published_date"]::attr(content)',
)
META_MODIFIED = (
    'meta[property="article:modified_time"]::attr(content)',
    'meta[name="content_updated_date"]::attr(content)',
)
META_IMAGE = (
    'meta[property="og:image"]::attr(content)',
    'meta[name="twitter:image"]::attr(content)',
)
# Comma-separated, a bare comma between tags on live pages.
META_KEYWORDS = ('meta[name="content_tag"]::attr(content)', 'meta[name="keywords"]::attr(content)')
# The writer's full name: the layer's, else meta author (legacy pages list "IDN Times" first
# there, the writer later).
LAYER_WRITER = 'meta[name="content_creator_fullname"]::attr(content)'
META_AUTHORS = 'meta[name="author"]::attr(content)'
# Ends of a name that whitespace collapsing leaves: zero-width and direction marks, BOM
# (live content_editor values carry U+200E: "Yudha \u200e").
_INVISIBLE = r"[\s\u200b-\u200f\u202a-\u202e\u2060\ufeff]+"
NAME_EDGES = re.compile(rf"^{_INVISIBLE}|{_INVISIBLE}$")
SITE_NAME_SUFFIX = re.compile(r"\s*[|\-–]\s*IDN\s*Times\s*$", re.I)

# --- article header ----------------------------------------------------------
TITLE = (
    'h1[data-testid="title-article"]',
    "h1.title-text",
    "article h1",
    "main h1",
    "h1",
)
# Cards carry data-testid="publish-date-article" too: only a <time> inside it is
# the article's own date.
PUBLISHED_DOM = (
    '[data-testid="publish-date-article"] time::attr(datetime)',
    '[data-testid="publish-date-article"] time::text',
    "time.date::attr(datetime)",
    "time.date::text",
)
# When the byline's hook is gone (a redesign): the first machine date after the headline,
# then the first text after it that reads as a full date ("06 Nov 2025, 09:17 WIB"). A date
# further down belongs to a rail card, so the text search stays close to the headline.
DATE_NEAR_HEADLINE = "(//h1)[1]/following::time[1]/@datetime"
TEXT_NEAR_HEADLINE = "(//h1)[1]/following::text()[normalize-space()][position() <= 12]"
BREADCRUMBS = (
    '[data-testid^="breadcrumbs-"]',
    'nav[aria-label="breadcrumb"] a',
    "ol.breadcrumb li:not(.gimmick)",
    '[class*="breadcrumb"] a',
)
# Byline writers: the element and the link that wraps it.
AUTHOR_LINKS = (
    '//*[@data-testid and starts-with(@data-testid, "author-article-")]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " author-name ")]//a[@href]',
)
ENCLOSING_LINK_HREF = "ancestor-or-self::a[@href][1]/@href"
HOME_CRUMB = re.compile(r"^(home|beranda)$", re.I)
NOT_A_WRITER = re.compile(r"^idn\s*times$", re.I)

# --- cover image --------------------------------------------------------------
COVER_BLOCK = (
    '[data-testid="article-cover"]',
    ".featured-image",
    'figure[class*="cover"]',
)
CAPTION = ("figcaption", '[data-testid$="caption"]', ".main-article-source", "span", "p")
IMAGE_TAGS = ("img", "amp-img")
IMAGE_SRC_ATTRS = ("data-src", "data-lazy-src", "data-original", "src")
PLACEHOLDER_IMAGE = re.compile(r"placeholder|blank\.(gif|png)|^data:", re.I)
CREDIT = re.compile(r"\(([^()]*)\)\s*$")

# --- body ---------------------------------------------------------------------
BODY = (
    "#article-description",
    "article#article-content",
    ".content-post-description",
    '[itemprop="articleBody"]',
    '[data-testid="article-body"]',
    ".article-body",
    ".amp-article-body",
)
BODY_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# Elements that are never article text wherever they sit.
NOISE_TAGS = frozenset(
    {"script", "style", "noscript", "iframe", "template", "button", "form", "svg", "aside",
     "nav", "amp-ad", "amp-embed", "ins", "object", "video", "audio", "input", "select"}
)  # fmt: skip
NOISE_CLASSES = frozenset(
    {"wrapper-ads", "inarticle-ads", "ads-inarticle", "ads", "editors-pick", "show-page",
     "read-more-btn-check", "read-more-btn", "related-article", "baca-juga"}
)  # fmt: skip
NOISE_ID_PREFIXES = ("div-gpt-ad", "headline-ads", "ads-")
NOISE_TESTID_PREFIXES = ("ads-", "share-")
# Notes and chrome by what they are, whatever their words: ARIA roles, and hooks that name
# a note, a disclaimer, an ad or a share bar as one dash-separated word.
NOISE_ROLES = frozenset({"note", "complementary", "navigation", "banner", "contentinfo", "dialog"})
NOISE_HOOK = re.compile(r"(^|[-_])(ads?|advert\w*|share|note|disclaimer|promo|related)([-_]|$)", re.I)
IMAGE_BLOCK_CLASSES = frozenset({"embed-image", "image-embed", "img-embed"})
# Paragraph texts that are navigation or notes, not body (dropped by text).
NOT_BODY_TEXT = re.compile(
    r"^(baca\s+juga\b|baca\s+artikel\s+idn\s+times\s+lainnya|lanjutkan\s+membaca"
    r"|advertisement$|iklan$|scroll\s+to\s+continue|disclaimer:\s*(this|ringkasan)\s+"
    r"|this\s+(summary|article)\s+(is|was)\s+(written|created|generated)\s+(by|using|with)\b"
    r"|ringkasan\s+ini\s+(dibuat|ditulis)\b"
    r"|artikel\s+ini\s+(ditulis|dibuat|merupakan\s+karya)\s+(oleh\s+)?(para\s+)?(penulis|kontributor)"
    r"|(this|the)\s+article\s+is\s+written\s+by\s+our\s+community\s+writers)",
    re.I,
)
SEE_ALSO = re.compile(r"^baca\s+juga\b", re.I)
MAX_CAPTION_LENGTH = 250
# Elements whose own text is a paragraph when they hold no block-level element.
TEXT_CONTAINERS = frozenset({"div", "section", "span"})
BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "ul", "ol", "li", "table", "blockquote", "figure",
     "h1", "h2", "h3", "h4", "h5", "h6", "aside", "nav", "header", "footer", "img", "amp-img"}
)  # fmt: skip
DATELINE = re.compile(r"^\s*([^,]{1,60}?)\s*,\s*IDN\s+Times\s*[-–—]\s*", re.I)

# --- blocks found by their visible heading (docs/site.md#blocks-found-by-their-headings)
SUMMARY_HEADING = Heading(re.compile(r"^intinya\s+sih", re.I), ("intinya",))
SUMMARY_ITEMS_FALLBACK = '[data-testid="article-summary-item"]'
SUMMARY_AI = re.compile(r"artificial\s+intelligence|\bAI\b|kecerdasan\s+buatan", re.I)
EDITORIAL_TEAM_HEADING = Heading(
    re.compile(r"^(editorial\s+team|tim\s+redaksi)$", re.I), ("editorial", "redaksi")
)
EDITORIAL_TEAM_FALLBACK = '[data-testid="editorial-team"]'
EDITOR_ROLE = re.compile(r"^editor$", re.I)
TEAM_ROLE = re.compile(r"^(editor|writer|penulis|reporter|contributor|kontributor)$", re.I)
LATEST_HEADING = Heading(re.compile(r"^(latest\s+in\b|terbaru\s+(di|dari)\b)", re.I), ("latest", "terbaru"))
LATEST_FALLBACK = '[data-testid="latest-article"]'
EDITORS_PICKS_HEADING = Heading(
    re.compile(r"^editor'?s'?\s+picks?$|^pilihan\s+editor$", re.I), ("pick", "pilihan")
)
EDITORS_PICKS_FALLBACK = ('[data-testid="editors-picks"]', ".editors-pick")
TRENDING_HEADING = Heading(re.compile(r"^trending\s+(in|di)\b", re.I), ("trending",))
FOR_YOU_HEADING = Heading(
    re.compile(r"^(for\s+you|untuk\s+kamu|rekomendasi|recommended)\b", re.I),
    ("for you", "untuk kamu", "rekomendasi", "recommended"),
)
BLOCK_HEADINGS = (
    SUMMARY_HEADING,
    EDITORIAL_TEAM_HEADING,
    LATEST_HEADING,
    EDITORS_PICKS_HEADING,
    TRENDING_HEADING,
    FOR_YOU_HEADING,
)
# The note in either language ("... ditulis oleh penulis komunitas ...").
COMMUNITY_NOTE = re.compile(
    r"written\s+by\s+(our|a)\s+community\s+writers?"
    r"|(ditulis|dibuat)\s+oleh\s+(para\s+)?(penulis|kontributor)\s+komunitas",
    re.I,
)
# What the raw page must hold before "omunitas" for COMMUNITY_NOTE to match there: the
# page's whitespace may be written as an entity (parts._may_hold_community_note) ...
BEFORE_KOMUNITAS = re.compile(r"(penulis|kontributor)(\s|&nbsp;|&#160;|&#xa0;)+k$", re.I)
# ... and the text nodes it is tested against.
COMMUNITY_NOTE_TEXTS = "//text()[not(parent::script or parent::style)]"
# How far a block's content may sit above its heading. Wrappers are free to multiply in a
# redesign; the climb stops sooner at an element that holds another block's heading.
RAIL_CLIMB_LEVELS = 12

# --- tags --------------------------------------------------------------------
TAG_LINKS = ('[data-testid="tag-list"] a', ".content-post-topic a", 'a[href*="/tag/"][rel~="tag"]')
# Content pillars: the site's editorial labels among the keywords, not topics (docs/site.md#live-
# captures-april-2026; 21 of 54 live articles of April 2026 carry one, none two). The five seen,
# spelled as the site spells them; matched case-insensitively.
PILLARS = ("Update me", "Educate me", "Divert me", "Give me Perspective", "Keep me on Trend")
# Others may exist: a keyword of at most four words that opens with one of these verbs and "me"
# is taken for one too. Conservative on purpose: a topic rarely reads "<verb> me ...".
PILLAR_SHAPE = re.compile(
    r"^(update|educate|divert|inspire|entertain|give|keep|help|move|amaze|surprise|tell)\s+me\b(\s+\S+){0,2}$",
    re.I,
)

# --- cards (hubs, tag pages, rails) ----------------------------------------
CARD_TITLE = '[data-cy="ds-card-article-title"]'
CARD_PUBDATE = ('[data-cy="ds-card-article-pubdate"]', "time")
CARD_CATEGORY = '[data-cy="ds-card-article-category"]'
CARD_CLIMB_LEVELS = 4
HIDDEN = "ancestor-or-self::*[@hidden or @aria-hidden='true']"
LISTING_TITLE = ("main h1", '[data-testid="category-title"]', "h1")

# --- Next.js flight chunks ----------------------------------------------------
# The string literal in "unrolled loop" form: several times faster than (?:[^"\\]|\\.)*
FLIGHT_PUSH = re.compile(r'self\.__next_f\.push\(\[\s*1\s*,\s*("[^"\\]*(?:\\.[^"\\]*)*")\s*\]\)', re.S)
FLIGHT_ROW = re.compile(r"^([0-9a-zA-Z]+):(.*)$")
