"""Drift against the dataset's own history: a field far below its usual share
(docs/record.md#exit-codes-of-idn-crawl-run).

Fixed thresholds guard the required fields; every other field is compared with
the median of its share over the last runs the crawl state remembers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Any

from idn_crawler.crawl.signals import main_source

# A run of fewer parsed articles says little of the layout (one odd page is 20 % of it), so it
# is neither remembered nor judged against the history.
MIN_ARTICLES = 5
HISTORY_RUNS = 10  # the runs read back: about the last ten days of a daily cron
MIN_RUNS = 3  # fewer runs than this are no "usual" yet
MIN_USUAL = 0.2  # rarer fields swing from run to run by chance: too noisy to call a fall drift
COLLAPSE = 0.5  # a field under half its usual share has collapsed
# A field in nearly every article for weeks that collapses is drift (exit 2); other collapses warn.
SEVERE_RUNS = 5
SEVERE_USUAL = 0.9
# There exactly when IDN_ARCHIVE is on: the operator's choice, not the site's layout.
UNWATCHED = frozenset({"capture"})


@dataclass(frozen=True)
class Collapse:
    field: str
    now: float
    usual: float
    runs: int

    @property
    def severe(self) -> bool:
        return self.runs >= SEVERE_RUNS and self.usual >= SEVERE_USUAL


def _shares(history: Sequence[Mapping[str, float]], field: str) -> list[float]:
    return [run[field] for run in history if field in run]


def usual_shares(history: Sequence[Mapping[str, float]], fields: Iterable[str]) -> dict[str, float | None]:
    """Field -> median share over the history; None with fewer than MIN_RUNS runs."""
    found: dict[str, float | None] = {}
    for field in fields:
        usual, _ = _usual(history, field)
        found[field] = round(usual, 4) if usual is not None else None
    return found


def collapses(coverage: Mapping[str, float | None], history: Sequence[Mapping[str, float]]) -> list[Collapse]:
    found = []
    for field, now in coverage.items():
        shares = _shares(history, field)
        if now is None or field in UNWATCHED or len(shares) < MIN_RUNS:
            continue
        usual = median(shares)
        if usual >= MIN_USUAL and now < usual * COLLAPSE:
            found.append(Collapse(field, now, round(usual, 4), len(shares)))
    return found


def describe(collapse: Collapse, sample: str | None, source: str | None = None) -> str:
    fell_back = f", the rest now from {source!r}" if source else ""
    text = (
        f"field {collapse.field!r} coverage {collapse.now:.1%} is far below its usual"
        f" {collapse.usual:.1%} (median of the last {collapse.runs} runs{fell_back}; e.g. {sample or 'n/a'})"
    )
    return text if collapse.severe else f"warning: {text}"


# --- beyond presence: sources, disagreement, shape (crawl/signals.py) -----------------
MAIN_SOURCE = 0.5  # the source that gave a field in at least half the articles is its main one
DISAGREE_RISE = 0.2  # sources disagreeing this much more often than usual (and at least this often)
SHAPE_FACTOR = 2.0  # paragraphs per body or words per paragraph off by this factor
CHROME_SHARE = 0.2  # bodies holding page chrome or a note: on its face wrong, history or not
CHROME_SEVERE = 0.5  # ... in half the bodies: the body selector took in a block (exit 2)


@dataclass(frozen=True)
class SignalProblem:
    field: str  # the record field it concerns
    text: str
    severe: bool = False


def _usual(history: Sequence[Mapping[str, float]], name: str) -> tuple[float | None, int]:
    values = _shares(history, name)
    return (median(values), len(values)) if len(values) >= MIN_RUNS else (None, len(values))


def signal_problems(
    sections: Mapping[str, Any], history: Sequence[Mapping[str, float]], sample: Callable[..., str | None]
) -> list[SignalProblem]:
    return [
        *_source_shifts(sections["sources"], history, sample),
        *_disagreements(sections["disagreement"], history, sample),
        *_shapes(sections["shape"], history, sample),
    ]


def _source_shifts(
    sources: Mapping[str, Mapping[str, float]],
    history: Sequence[Mapping[str, float]],
    sample: Callable[..., str | None],
) -> Iterator[SignalProblem]:
    names = {name for run in history for name in run if name.startswith("source/")}
    for name in sorted(names):
        _, field, source = name.split("/", 2)
        usual, runs = _usual(history, name)
        now = sources.get(field)
        if usual is None or usual < MAIN_SOURCE or not now or now.get(source, 0.0) >= usual * COLLAPSE:
            continue
        main = main_source(dict(now)) or source
        yield SignalProblem(field, (
            f"warning: field {field!r} now comes from {main!r} in {now[main]:.0%} of articles, usually from"
            f" {source!r} ({usual:.0%}, median of the last {runs} runs; now {now.get(source, 0.0):.0%};"
            f" e.g. {sample(field, main) or 'n/a'})"
        ))  # fmt: skip


def _disagreements(
    rates: Mapping[str, float], history: Sequence[Mapping[str, float]], sample: Callable[..., str | None]
) -> Iterator[SignalProblem]:
    for field, now in rates.items():
        usual, runs = _usual(history, f"disagree/{field}")
        if usual is not None and now >= DISAGREE_RISE and now > usual + DISAGREE_RISE:
            yield SignalProblem(field, (
                f"warning: the sources of field {field!r} disagree on {now:.0%} of articles, usually on"
                f" {usual:.0%} (median of the last {runs} runs; e.g. {sample(field) or 'n/a'})"
            ))  # fmt: skip


SHAPE_FIELDS = {"paragraphs_per_body": "body", "words_per_paragraph": "body",
                "latest_cards_dated": "latest", "bodies_with_chrome": "body"}  # fmt: skip


def _shapes(
    shape: Mapping[str, float | None],
    history: Sequence[Mapping[str, float]],
    sample: Callable[..., str | None],
) -> Iterator[SignalProblem]:
    for name, now in shape.items():
        if now is None:
            continue
        usual, runs = _usual(history, f"shape/{name}")
        field = SHAPE_FIELDS[name]
        said = f"{name.replace('_', ' ')} is {now:.3g}" + (
            f", usually {usual:.3g} (median of the last {runs} runs)" if usual is not None else ""
        )
        if name == "bodies_with_chrome":
            if now >= CHROME_SHARE and now > (usual or 0.0) + CHROME_SHARE / 2:
                severe = now >= CHROME_SEVERE
                text = (
                    f"{said}: page chrome or notes inside the body (e.g. {sample('body', 'chrome') or 'n/a'})"
                )
                yield SignalProblem(field, text if severe else f"warning: {text}", severe)
        elif usual is not None and _off(name, now, usual):
            yield SignalProblem(field, f"warning: {said} (e.g. {sample(field, 'shape') or 'n/a'})")


def _off(name: str, now: float, usual: float) -> bool:
    if name == "latest_cards_dated":
        return usual >= MIN_USUAL and now < usual * COLLAPSE
    return usual > 0 and not usual / SHAPE_FACTOR <= now <= usual * SHAPE_FACTOR
