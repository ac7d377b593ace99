"""Drift against the dataset's own history: a field far below its usual share
(docs/record.md#exit-codes-of-idn-crawl-run).

Fixed thresholds guard the required fields; every other field is compared with
the median of its share over the last runs the crawl state remembers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import median

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
        shares = _shares(history, field)
        found[field] = round(median(shares), 4) if len(shares) >= MIN_RUNS else None
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


def describe(collapse: Collapse, sample: str | None) -> str:
    text = (
        f"field {collapse.field!r} coverage {collapse.now:.1%} is far below its usual"
        f" {collapse.usual:.1%} (median of the last {collapse.runs} runs; e.g. {sample or 'n/a'})"
    )
    return text if collapse.severe else f"warning: {text}"
