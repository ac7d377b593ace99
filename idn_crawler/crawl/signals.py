"""What a run's records say of the layout beyond presence (docs/record.md#drift-signals).

Coverage counts whether a field is there; these say whether it still comes from
where it usually does, whether its sources agree, and whether its shape is the
usual one: a body that gained a note, rails whose cards lost their dates. Counted
per run, remembered in the crawl state with the coverage, and judged against it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from idn_crawler.parsers.sources import Trace

# Page chrome and notes, in either language, that are never article text: one in a body means
# the body took in a block it should have left out. Phrases of the chrome alone: a rail's
# heading ("Terbaru di", "Trending di") reads as ordinary Indonesian prose too. Matched in the
# lowered body, whose whitespace the parser has already collapsed: a regex of alternatives
# cost 6% of a reparse (cProfile, bench/reparse.py's archive, 2026-12), these tests 0.3%.
CHROME = (
    "written by our community writers", "ditulis oleh penulis komunitas",
    "ditulis oleh para penulis komunitas", "disclaimer: this summary", "disclaimer: ringkasan",
    "baca artikel idn times lainnya", "editor's picks", "editor’s picks", "intinya sih",
    "editorial team", "tim redaksi", "follow us on",
)  # fmt: skip


def has_chrome(body: str) -> bool:
    lowered = body.lower()
    return any(phrase in lowered for phrase in CHROME)


SHAPES = ("paragraphs_per_body", "words_per_paragraph", "latest_cards_dated", "bodies_with_chrome")


class SignalTally:
    """Per-run counts: the source of each field, disagreements, the shape of bodies and rails."""

    def __init__(self) -> None:
        self.articles = 0
        self.sources: Counter[tuple[str, str]] = Counter()
        self.samples: dict[tuple[str, str], str] = {}
        self.checked: Counter[str] = Counter()
        self.differ: Counter[str] = Counter()
        self.disagree_samples: dict[str, str] = {}
        self.shape: Counter[str] = Counter()

    def article(self, record: dict[str, Any], trace: Trace | None = None) -> None:
        self.articles += 1
        if trace is not None:
            self._trace(record.get("url") or "", trace)
        self._shape(record)

    def _trace(self, url: str, trace: Trace) -> None:
        for field, source in trace.sources.items():
            self.sources[field, source] += 1
            self.samples[field, source] = url
        for field, differ in trace.disagree.items():
            self.checked[field] += 1
            if differ:
                self.differ[field] += 1
                self.disagree_samples[field] = url

    def _shape(self, record: dict[str, Any]) -> None:
        paragraphs = [p for p in (record.get("body") or "").split("\n\n") if p]
        self.shape["bodies"] += 1
        self.shape["paragraphs"] += len(paragraphs)
        self.shape["words"] += sum(len(p.split()) for p in paragraphs)
        url = record.get("url") or ""
        self.samples["body", "shape"] = self.samples["latest", "shape"] = url
        if has_chrome(record.get("body") or ""):
            self.shape["bodies_with_chrome"] += 1
            self.samples["body", "chrome"] = url
        cards = record.get("latest") or []
        self.shape["cards"] += len(cards)
        self.shape["cards_dated"] += sum(1 for c in cards if c.get("published_at"))

    def summary(self) -> dict[str, Any]:
        """The run summary's ``sources``, ``disagreement`` and ``shape`` sections."""
        by_field: dict[str, dict[str, float]] = {}
        for (field, source), count in sorted(self.sources.items()):
            by_field.setdefault(field, {})[source] = count
        sources = {f: {s: round(n / sum(c.values()), 4) for s, n in c.items()} for f, c in by_field.items()}
        disagreement = {f: round(self.differ[f] / n, 4) for f, n in sorted(self.checked.items())}
        return {"sources": sources, "disagreement": disagreement, "shape": self._shapes()}

    def _shapes(self) -> dict[str, float | None]:
        s = self.shape
        return {
            "paragraphs_per_body": _ratio(s["paragraphs"], s["bodies"]),
            "words_per_paragraph": _ratio(s["words"], s["paragraphs"]),
            "latest_cards_dated": _ratio(s["cards_dated"], s["cards"]),
            "bodies_with_chrome": _ratio(s["bodies_with_chrome"], s["bodies"]),
        }

    def sample(self, field: str, source: str | None = None) -> str | None:
        if source is None:
            return self.disagree_samples.get(field)
        return self.samples.get((field, source))


def main_source(shares: dict[str, float] | None) -> str | None:
    """The source that gave a field most often (``sources`` of a summary), or None."""
    return max(shares, key=lambda s: shares[s]) if shares else None


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def flatten(sections: dict[str, Any]) -> dict[str, float]:
    """The sections as the history keeps them: ``source/title/jsonld``, ``disagree/title``,
    ``shape/paragraphs_per_body`` -> value."""
    flat = {f"source/{f}/{s}": v for f, shares in sections["sources"].items() for s, v in shares.items()}
    flat.update({f"disagree/{f}": v for f, v in sections["disagreement"].items()})
    flat.update({f"shape/{n}": v for n, v in sections["shape"].items() if v is not None})
    return flat
