"""What an IDN Times URL is, and its one canonical form (docs/site.md#urls, and rule 4 of
docs/site.md#parsing-rules)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

SITE_HOST = "www.idntimes.com"
SITE_ORIGIN = f"https://{SITE_HOST}"
# Hosts that are the main edition under another name; regional hosts are not.
SITE_ALIASES = frozenset({"www.idntimes.com", "idntimes.com", "m.idntimes.com"})
IMAGE_HOSTS = frozenset({"image.idntimes.com", "cdn.idntimes.com"})

TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid",
     "mc_cid", "mc_eid", "_ga", "_gl", "ref", "ref_src", "src", "page"}
)  # fmt: skip
TRACKING_PREFIXES = ("utm_",)

# First path segments that are never sections (robots.txt, app chrome, people).
NOT_SECTIONS = frozenset(
    {"tag", "author", "search", "ajax", "v1", "tag-manager", "_next", "api", "amp",
     "indeks", "index", "static", "assets", "user", "login", "register"}
)  # fmt: skip

_SLUG = r"[a-z0-9][a-z0-9-]*"
CURRENT_ARTICLE_RE = re.compile(rf"^/({_SLUG})/({_SLUG})/({_SLUG}-([a-z0-9]{{5}})-([a-z0-9]{{6}}))$")
LEGACY_ARTICLE_RE = re.compile(rf"^/({_SLUG})/({_SLUG})/({_SLUG})/({_SLUG})$")
TAG_RE = re.compile(rf"^/tag/({_SLUG})$")
HUB_RE = re.compile(rf"^/({_SLUG})(?:/({_SLUG}))?$")
SITEMAP_RE = re.compile(r"^(/[a-z0-9_-]+)*/[a-z0-9_-]*sitemap[a-z0-9_-]*\.xml(\.gz)?$")
COMMUNITY_CURRENT_RE = re.compile(r"-c1c2-01-[a-z0-9]{5}-[a-z0-9]{6}$")


class Kind(StrEnum):
    ARTICLE = "article"
    LEGACY_ARTICLE = "legacy_article"
    HUB = "hub"
    TAG = "tag"
    SITEMAP = "sitemap"
    ROBOTS = "robots"
    HOME = "home"
    OTHER = "other"


# LINK_CACHE entries: a page's repeated links fit many times over; a million sitemap URLs,
# each read once, would otherwise keep three full caches (about 60 MB) for nothing.
LINK_CACHE = 8192


def canonicalize(href: str | None, base: str | None = None) -> str | None:
    """The canonical https://www.idntimes.com URL for href, or None when off-site."""
    # Shortcut: an absolute href, or a root-relative one on a page of the site, reads the
    # same against any base, so the cache below sees it once whatever page links it. Each
    # page passes its own URL as base, so without this every link of every page missed
    # the cache: 16% more pages/s over bench/reparse.py's archive (interleaved timings,
    # median of 6, 2026-12). Plain form: _canonical(href, base).
    if (
        base is not None
        and href
        and (_ABSOLUTE.match(href) or (_ROOTED.match(href) and _ON_SITE.match(base)))
    ):
        base = None
    return _canonical(href, base)


_ABSOLUTE = re.compile(r"\s*https?://", re.I)
_ROOTED = re.compile(r"\s*/(?!/)")
_ON_SITE = re.compile(r"https://www\.idntimes\.com/")


# Every page links the same navigation and rails: 4.6% more pages/s (bench/parse.py's
# pages, callgrind instructions, 2026-12). Plain form: _canonical.__wrapped__.
@lru_cache(maxsize=LINK_CACHE)
def _canonical(href: str | None, base: str | None = None) -> str | None:
    if not href or href.strip().lower().startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    parts = split_joined(href, base)
    if parts is None or parts.scheme not in ("http", "https") or (parts.hostname or "") not in SITE_ALIASES:
        return None
    path = _canonical_path(parts.path)
    query = "" if is_article_path(path) else _clean_query(parts.query)
    return urlunsplit(("https", SITE_HOST, path, query, ""))


def split_joined(href: str, base: str | None = None) -> SplitResult | None:
    """href read against base, split; None when it does not parse as a URL at all
    (``http://[``: urllib raises ValueError), so one broken link costs only itself."""
    try:
        return urlsplit(urljoin(base or SITE_ORIGIN + "/", href.strip()))
    except ValueError:
        return None


def is_malformed(href: str | None, base: str | None = None) -> bool:
    """Whether href is a link that does not parse (the crawl counts these)."""
    return bool(href) and split_joined(href or "", base) is None


def join(base: str, href: str) -> str | None:
    """urljoin, but None when href does not parse (a person's profile link)."""
    try:
        return urljoin(base, href)
    except ValueError:
        return None


def _canonical_path(path: str) -> str:
    path = re.sub(r"/{2,}", "/", path or "/").rstrip("/")
    path = re.sub(r"/(amp|full)$", "", path)
    # Legacy AMP copies put "amp" third: /{section}/{sub}/amp/{author}/{slug}.
    path = re.sub(r"^(/[^/]+/[^/]+)/amp(/[^/]+/[^/]+)$", r"\1\2", path)
    return path or "/"


def _clean_query(query: str) -> str:
    pairs = [
        (k, v)
        for k, v in parse_qsl(query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    return urlencode(pairs)


def is_article_path(path: str) -> bool:
    return _article_match(path) is not None


def _article_match(path: str) -> re.Match[str] | None:
    current = CURRENT_ARTICLE_RE.match(path)
    if current and current.group(1) not in NOT_SECTIONS:
        return current
    legacy = LEGACY_ARTICLE_RE.match(path)
    if legacy and legacy.group(1) not in NOT_SECTIONS and "amp" not in legacy.groups():
        return legacy
    return None


# Asked of every link of every page: 4.6% more pages/s (bench/parse.py's pages,
# callgrind instructions, 2026-12). Plain form: kind_of.__wrapped__.
@lru_cache(maxsize=LINK_CACHE)
def kind_of(url: str) -> Kind:
    parts = urlsplit(url)
    path = parts.path or "/"
    if path == "/robots.txt":
        return Kind.ROBOTS
    if SITEMAP_RE.match(path):
        return Kind.SITEMAP
    if parts.query:
        return Kind.OTHER
    if path == "/":
        return Kind.HOME
    if CURRENT_ARTICLE_RE.match(path) and _article_match(path):
        return Kind.ARTICLE
    if _article_match(path):
        return Kind.LEGACY_ARTICLE
    if TAG_RE.match(path):
        return Kind.TAG
    hub = HUB_RE.match(path)
    if hub and hub.group(1) not in NOT_SECTIONS:
        return Kind.HUB
    return Kind.OTHER


ARTICLE_KINDS = frozenset({Kind.ARTICLE, Kind.LEGACY_ARTICLE})


@dataclass(frozen=True, slots=True)
class Link:
    """A link of the site, classified once where it is first read: its canonical URL,
    its kind, and for an article its id. It travels as is to the gate and the state."""

    url: str
    kind: Kind
    article_id: str | None  # set for articles only

    @property
    def is_article(self) -> bool:
        return self.article_id is not None


# An absolute article URL already in its canonical form, as every sitemap entry is: a
# million of them skip urljoin/urlsplit (and the caches, which they would only flush).
# Its canonical form is itself: nothing to join, no query, no AMP or /full suffix.
_PLAIN_ARTICLE = re.compile(
    rf"^{re.escape(SITE_ORIGIN)}(/{_SLUG}/{_SLUG}/{_SLUG}-[a-z0-9]{{5}}-[a-z0-9]{{6}})$"
)


def link_to(href: str | None, base: str | None = None) -> Link | None:
    """The Link for an href as found on a page (None when off-site or not a link)."""
    plain = _PLAIN_ARTICLE.match(href) if href else None
    if plain is not None and (path := plain.group(1)).split("/", 2)[1] not in NOT_SECTIONS:
        current = CURRENT_ARTICLE_RE.match(path)
        assert current is not None  # the same shape
        return Link(plain.string, Kind.ARTICLE, f"{current.group(4)}-{current.group(5)}")
    url = canonicalize(href, base)
    return _classified(url) if url is not None else None


@lru_cache(maxsize=LINK_CACHE)
def _classified(url: str) -> Link:
    kind = kind_of(url)
    return Link(url, kind, article_id(url) if kind in ARTICLE_KINDS else None)


def is_article_url(url: str | None) -> bool:
    return bool(url) and kind_of(url or "") in (Kind.ARTICLE, Kind.LEGACY_ARTICLE)


def article_id(url: str) -> str:
    """``{c5}-{c6}`` for current URLs; the path for legacy ones."""
    path = urlsplit(url).path
    current = CURRENT_ARTICLE_RE.match(path)
    if current:
        return f"{current.group(4)}-{current.group(5)}"
    return path


def path_segments(url: str) -> list[str]:
    return [s for s in urlsplit(url).path.split("/") if s]


def is_community_url(url: str) -> bool:
    path = urlsplit(url).path
    if CURRENT_ARTICLE_RE.match(path):
        return bool(COMMUNITY_CURRENT_RE.search(path))
    return kind_of(url) is Kind.LEGACY_ARTICLE and path.endswith("-c1c2")


def strip_image_query(url: str | None, base: str | None = None) -> str | None:
    """Drop the CDN's resize query (``?tr=w-1200,...``): the image is the same file."""
    if not url or url.startswith("data:"):
        return None
    parts = split_joined(url, base)
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        return None  # not a URL, or a hostless one ("http:") no reader could fetch
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
