"""The synthetic IDN Times's content: sections, a tag, and articles with their dates.

``build_articles(count, seed, state)`` is deterministic; state 2 is the same site a
day later (three articles edited, five published). See ``sitegen`` for the site.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from idn_crawler.parsers.dates import WIB

ORIGIN = "https://www.idntimes.com"
SECTIONS = {"news": ["world", "indonesia"], "business": ["economy", "finance"], "sport": ["soccer"]}
TAG = ("korea-utara", "Korea Utara")
WORDS = [
    "pemerintah",
    "warga",
    "kota",
    "harga",
    "pasar",
    "rencana",
    "kebijakan",
    "laporan",
    "data",
    "tahun",
    "bulan",
    "pekan",
    "menteri",
    "presiden",
    "anggota",
    "badan",
    "lembaga",
    "daerah",
    "provinsi",
    "jalan",
    "program",
    "bantuan",
    "sekolah",
    "rumah",
    "sakit",
    "tentara",
    "negara",
    "kerja",
    "sama",
    "ekonomi",
    "pangan",
    "energi",
    "cuaca",
    "hujan",
    "banjir",
]
MONTHS_ID = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
BASE_TIME = datetime(2025, 11, 6, 9, 0, tzinfo=WIB)


@dataclass
class Article:
    index: int
    section: str
    subsection: str
    title: str
    published: datetime
    modified: datetime
    community: bool
    tags: list[str]
    paragraphs: list[str]
    headings: list[str] = field(default_factory=list)
    sitemap_only: bool = False
    ids: tuple[str, str] | None = None  # its {c5}, {c6} when not derived from index (scale.py)

    @property
    def codes(self) -> tuple[str, str]:
        if self.ids is not None:
            return self.ids
        return f"a{self.index % 1000:03d}x"[:5].ljust(5, "q"), f"k{self.index:05d}"[:6]

    @property
    def slug(self) -> str:
        words = "-".join(self.title.lower().split()[:6])
        marker = "c1c2-01" if self.community else "00"
        return f"{words}-{marker}-{self.codes[0]}-{self.codes[1]}"

    @property
    def path(self) -> str:
        return f"/{self.section}/{self.subsection}/{self.slug}"

    @property
    def url(self) -> str:
        return ORIGIN + self.path


def visible_date(when: datetime, indonesian: bool = False) -> str:
    month = MONTHS_ID[when.month - 1] if indonesian else when.strftime("%b")
    return f"{when.day:02d} {month} {when.year}, {when:%H:%M} WIB"


def build_articles(count: int, seed: int = 7, state: int = 1) -> list[Article]:
    rng = random.Random(seed)
    pairs = [(s, sub) for s, subs in SECTIONS.items() for sub in subs]
    articles = []
    for i in range(count):
        section, sub = pairs[i % len(pairs)]
        words = [rng.choice(WORDS).capitalize() for _ in range(7)]
        published = BASE_TIME - timedelta(hours=7 * i + rng.randint(0, 5))
        body = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 60))).capitalize() + "."
            for _ in range(5)
        ]
        tags = [TAG[1]] if i % 4 == 0 else [rng.choice(WORDS).capitalize() + " " + rng.choice(WORDS)]
        headings = (
            [f"{n}. {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}" for n in (1, 2)]
            if i % 3 == 0
            else []
        )
        articles.append(
            Article(
                i,
                section,
                sub,
                " ".join(words),
                published,
                published + timedelta(minutes=40),
                i % 5 == 1,
                tags,
                body,
                headings,
                sitemap_only=i % 10 == 9,
            )
        )
    if state >= 2:
        _advance(articles, rng)
    return articles


def _advance(articles: list[Article], rng: random.Random) -> None:
    """The same site a day later: three articles edited, five new ones published."""
    for article in articles[1:4]:
        article.modified = BASE_TIME + timedelta(days=1)
        article.paragraphs.append("Pembaruan: " + " ".join(rng.choice(WORDS) for _ in range(20)) + ".")
    for extra in build_articles(len(articles) + 5, seed=99)[len(articles) :]:
        extra.published = BASE_TIME + timedelta(days=1, hours=extra.index % 5)
        extra.modified = extra.published
        extra.sitemap_only = False
        articles.insert(0, extra)
