"""``idn-crawl status`` as a few lines for people: the dataset, the last runs, field coverage."""

from __future__ import annotations

import textwrap
from typing import Any


def size(count: int) -> str:
    """Bytes as people read them: 164 kB, 2.1 GB."""
    amount = float(count)
    for unit in ("B", "kB", "MB", "GB"):
        if amount < 1000 or unit == "GB":
            return f"{amount:.0f} {unit}" if unit == "B" or amount >= 100 else f"{amount:.1f} {unit}"
        amount /= 1000
    raise AssertionError("unreachable")


def percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


def format_status(facts: dict[str, Any]) -> str:
    return "\n".join([*dataset_lines(facts), *run_lines(facts), *coverage_lines(facts)])


def dataset_lines(facts: dict[str, Any]) -> list[str]:
    parts, archive = facts["parts"], facts["archive"]
    lines = [
        f"dataset {facts['output_dir']}: {facts['articles']:,} articles, {facts['versions']:,} versions,"
        f" {facts['gone']:,} URLs gone",
        f"  files: {facts['records']:,} records in {parts['files']:,} parts ({size(parts['bytes'])});"
        f" archive {archive['files']:,} WARC files ({size(archive['bytes'])})",
    ]
    if facts["sections"]:
        listed = ", ".join(f"{name} {count:,}" for name, count in facts["sections"].items())
        lines += textwrap.wrap(f"sections: {listed}", 100, initial_indent="  ", subsequent_indent="    ")
    for which in ("newest", "oldest"):
        if (article := facts[which]) is not None:
            lines.append(f"  {which}: {article['published_at']}  {article['title']}  {article['url']}")
    days = list(facts["crawled_per_day"].items())[-7:]
    if days:
        shown = ", ".join(f"{day} {n['new']:,} new / {n['records']:,} records" for day, n in days)
        lines += textwrap.wrap(f"crawled (UTC days): {shown}", 100, initial_indent="  ",
                               subsequent_indent="    ")  # fmt: skip
    return lines


def run_lines(facts: dict[str, Any]) -> list[str]:
    runs = facts["runs"]
    lines = [f"last {len(runs)} runs, newest first:" if runs else "runs: none recorded"]
    for run in runs:
        c = run["counts"]
        lines.append(
            f"  {run['run_id']}  {(run['started_at'] or '?')[:16].replace('T', ' ')}  {run['finish_reason']}"
            f"  exit {run['exit_code']}  requests {c['requests']:,}, errors {c['errors']:,},"
            f" new {c['articles_new']:,}, updated {c['articles_updated']:,},"
            f" unchanged {c['articles_unchanged']:,}"
        )
        lines += [f"    PROBLEM: {problem}" for problem in run["problems"]]
    if facts["runs_unreadable"]:
        lines.append(f"  unreadable run summaries: {', '.join(facts['runs_unreadable'])}")
    return lines


def coverage_lines(facts: dict[str, Any]) -> list[str]:
    remembered = facts["coverage"]["runs"]
    if not remembered:
        return ["coverage: no run remembered yet (a run needs 5 parsed articles to count)"]
    latest, usual = remembered[0]["shares"], facts["coverage"]["usual"]
    head = f"coverage over the last {len(remembered)} remembered runs (latest {remembered[0]['run_id']}):"
    marked = drift_marks(remembered, usual)
    lines = [head, *(f"  {mark} {field}: {detail}" for field, (mark, detail) in marked.items())]
    partial = [f for f, share in latest.items() if share < 1.0 and f not in marked]
    if partial:
        text = ", ".join(f"{f} {percent(latest[f])}{_usual(usual.get(f))}" for f in sorted(partial))
        lines += textwrap.wrap(f"under 100%: {text}", 100, initial_indent="  ", subsequent_indent="    ")
    else:
        lines.append("  every other field in every article of the latest run")
    return lines


def _usual(share: float | None) -> str:
    return "" if share is None else f" (usual {percent(share)})"


def drift_marks(
    remembered: list[dict[str, Any]], usual: dict[str, float | None]
) -> dict[str, tuple[str, str]]:
    """Fields a recent run named as drift (or warning)."""
    marks: dict[str, tuple[str, str]] = {}
    for run in reversed(remembered):  # the newest run's word wins
        for field, kind in run["drift"].items():
            mark = "DRIFT" if kind == "drift" else "warn"
            marks[field] = (
                mark,
                f"{percent(run['shares'].get(field))}{_usual(usual.get(field))} in run {run['run_id']}",
            )
    return marks
