"""A synthetic IDN Times of any size, every article computed from its number alone.

``build_articles`` draws the whole site from one random stream, so article N needs the N
before it; here article N is a pure function of (seed, N, the section's edits), so a page
of a million-article site is rendered per request (``ondemand.py``) and a sitemap child
is computed from arithmetic over the numbers it lists, with no list of articles anywhere.

Article N is in section pair ``N % 5`` (as ``build_articles``), newest first (published
``N`` steps of five minutes before ``BASE_TIME``), linked from hubs unless ``N % 10 == 9``
(sitemap-only). Its ids are ``sc`` + N mod 36**3 and N in base 36, so the URL names it.
An edit of a section (``edits[section] = g``) modifies its first ``EDITED`` articles.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from itertools import islice

from idn_crawler.testsite.model import BASE_TIME, SECTIONS, TAG, WORDS, Article

PAIRS = [(section, sub) for section, subs in SECTIONS.items() for sub in subs]
STEP = timedelta(minutes=5)
EDITED = 3  # articles an edit of a section changes: its newest
CHUNK = 50_000  # URLs per sitemap child, the protocol's limit (and what real sites use)
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_MASK = (1 << 64) - 1


@cache
def _slots(section: str, sub: str | None = None) -> list[int]:
    """Which residues mod 5 a section (or subsection) holds."""
    return [n for n, pair in enumerate(PAIRS) if pair[0] == section and sub in (None, pair[1])]


@cache
def _three() -> list[str]:
    """Every three-digit base-36 string, in order (ids are made of them, a million times)."""
    return [base36(n, 3) for n in range(36**3)]


def base36(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, digit = divmod(number, 36)
        digits.append(_DIGITS[digit])
    return "".join(reversed(digits))


def mix(seed: int, number: int) -> int:
    """splitmix64 of (seed, number): cheap, deterministic, well spread."""
    z = (seed * 0x9E3779B97F4A7C15 + number * 0xBF58476D1CE4E5B9 + 0x94D049BB133111EB) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


@dataclass(frozen=True)
class ScaleSite:
    count: int
    seed: int = 7
    edits: Mapping[str, int] = field(default_factory=dict)
    chunk: int = CHUNK
    tag_cards: int = 40  # cards on the tag page (the file site lists every tagged article)

    # --- one article ------------------------------------------------------------------
    def words(self, number: int) -> list[str]:
        h = mix(self.seed, number)
        return [WORDS[(h >> (6 * k)) % len(WORDS)] for k in range(7)]

    def title(self, number: int) -> str:
        return " ".join(word.capitalize() for word in self.words(number))

    def codes(self, number: int) -> tuple[str, str]:
        low = _three()[number % 36**3]
        return "sc" + low, _three()[number // 36**3 % 36**3] + low

    def published(self, number: int) -> datetime:
        jitter = timedelta(seconds=mix(self.seed + 1, number) % 240)  # under a STEP: order kept
        return BASE_TIME - number * STEP - jitter

    def edit(self, number: int) -> int:
        """The edit generation that touched this article (0: never edited)."""
        section = PAIRS[number % len(PAIRS)][0]
        generation = self.edits.get(section, 0)
        return generation if generation and self.rank(number) < EDITED else 0

    def modified(self, number: int) -> datetime:
        generation = self.edit(number)
        if generation:
            return BASE_TIME + timedelta(hours=generation)
        return self.published(number) + timedelta(minutes=40)

    def path(self, number: int) -> str:
        section, sub = PAIRS[number % len(PAIRS)]
        words = "-".join(self.words(number)[:6])
        marker = "c1c2-01" if self.community(number) else "00"
        c5, c6 = self.codes(number)
        return f"/{section}/{sub}/{words}-{marker}-{c5}-{c6}"

    @staticmethod
    def community(number: int) -> bool:
        return number % 7 == 1

    @staticmethod
    def linked(number: int) -> bool:
        return number % 10 != 9

    def article(self, number: int) -> Article:
        """The whole article (body included): for its page and the cards that show it."""
        rng = random.Random(mix(self.seed + 2, number))
        section, sub = PAIRS[number % len(PAIRS)]
        body = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 60))).capitalize() + "."
            for _ in range(5)
        ]
        if generation := self.edit(number):
            body.append(f"Pembaruan {generation}: " + " ".join(rng.choice(WORDS) for _ in range(20)) + ".")
        tags = [TAG[1]] if number % 4 == 0 else [rng.choice(WORDS).capitalize() + " " + rng.choice(WORDS)]
        headings = [f"{n}. {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}" for n in (1, 2)]
        published = self.published(number)
        return Article(
            number, section, sub, self.title(number), published, self.modified(number),
            self.community(number), tags, body, headings if number % 3 == 0 else [],
            sitemap_only=not self.linked(number), ids=self.codes(number),
        )  # fmt: skip

    def number_of(self, path: str) -> int | None:
        """The article a path names, or None (not one of this site's article URLs)."""
        c6 = path.rsplit("-", 1)[-1]
        if len(c6) != 6 or c6.strip(_DIGITS):
            return None
        number = int(c6, 36)
        return number if number < self.count and self.path(number) == path else None

    # --- sections, by arithmetic over the numbers ------------------------------------------
    @staticmethod
    def _slots(section: str, sub: str | None = None) -> list[int]:
        return _slots(section, sub)

    def rank(self, number: int) -> int:
        """The article's position in its section, newest first."""
        slots = self._slots(PAIRS[number % len(PAIRS)][0])
        return number // len(PAIRS) * len(slots) + slots.index(number % len(PAIRS))

    def numbers(self, section: str, sub: str | None = None, start: int = 0) -> Iterator[int]:
        """The section's (or subsection's) article numbers from rank ``start``, newest first."""
        slots = self._slots(section, sub)
        rank = start
        while (number := rank // len(slots) * len(PAIRS) + slots[rank % len(slots)]) < self.count:
            yield number
            rank += 1

    def size(self, section: str) -> int:
        return sum(
            max(0, (self.count - slot + len(PAIRS) - 1) // len(PAIRS)) for slot in self._slots(section)
        )

    def first_linked(self, section: str | None, amount: int, sub: str | None = None) -> list[int]:
        """The first ``amount`` linked articles of a section (of the whole site when None)."""
        found: list[int] = []
        numbers = self.numbers(section, sub) if section else iter(range(self.count))
        for number in numbers:
            if len(found) == amount:
                break
            if self.linked(number):
                found.append(number)
        return found

    def picks(self, number: int) -> list[int]:
        """Two linked articles a little older (wrapping round), the "Editor's Picks" rail."""
        found: list[int] = []
        candidate = number + 5
        while len(found) < 2 and len(found) < self.count:
            candidate %= self.count
            if self.linked(candidate) and candidate != number:
                found.append(candidate)
            candidate += 1
        return found

    def chunks(self, section: str) -> int:
        return max(1, -(-self.size(section) // self.chunk))

    def chunk_lastmod(self, section: str, chunk: int) -> datetime:
        """The newest modification in one sitemap child: moves only when an article in it does."""
        first = next(self.numbers(section, start=chunk * self.chunk))
        edited = [self.modified(n) for n in islice(self.numbers(section), EDITED)] if chunk == 0 else []
        return max([self.modified(first), *edited])
