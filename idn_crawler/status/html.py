"""``idn-crawl status --html``: one self-contained page (inline CSS and SVG, no script, no network).

Pictures where people would rather look than read: articles per day, field coverage
per run as a heatmap (a drifted cell stands out), requests and errors per run. Every
number is also in a ``data-*`` attribute, so tests (and scripts) can read the page back.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from typing import Any

from idn_crawler.record.fields import FIELDS
from idn_crawler.status.charts import Bar, Group, bar_chart, legend
from idn_crawler.status.text import percent, size

DAYS_SHOWN = 90  # publication days in the chart, up to the newest one

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;margin:0;
  background:#f5f6f8}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px} h2{font-size:18px;margin:20px 0 8px} section>h2:first-child{margin-top:0}
.sub{color:#5b6472;margin:0 0 16px}
section{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:16px 18px;margin:14px 0}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin:0}
.figures div{background:#f0f3f7;border-radius:6px;padding:8px 10px}
.figures dt{color:#5b6472;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.figures dd{margin:0;font-size:20px;font-weight:600}
.chart{width:100%;height:auto;display:block}
.grid{stroke:#e3e6ea;stroke-width:1} .axis{font-size:12px;fill:#5b6472}
.new,.requests,.published{fill:#3b6fb6;background:#3b6fb6} .records{fill:#9cb8e0;background:#9cb8e0}
.errors{fill:#c62828;background:#c62828} .mark{font-size:12px;font-weight:700;fill:#c62828}
.legend{font-size:13px;color:#3a4250;margin:4px 0 0} .key{margin-right:16px}
.key i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px}
table{border-collapse:collapse;font-size:13px} th,td{padding:3px 7px;text-align:right;white-space:nowrap}
th{font-weight:600;color:#3a4250} td.name,th.name{text-align:left}
.heat{overflow-x:auto} .heat td.cell{min-width:42px;border:1px solid #fff}
.heat td.drift{background:#c62828!important;color:#fff;font-weight:700}
.heat td.warning{background:#f5a623!important;color:#2b1d00;font-weight:700}
.runs td,.runs th{border-bottom:1px solid #eef0f3} .bad{color:#b00020;font-weight:600}
.problem{color:#7a0016;text-align:left;white-space:normal;font-size:12px}
.note{color:#5b6472;font-size:13px}
"""


def page(facts: dict[str, Any]) -> str:
    parts = (_head, _figures, _per_day, _coverage, _runs_chart, _runs_table, _sections)
    body = "".join(part(facts) for part in parts)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>idn-crawler status: {escape(facts['output_dir'])}</title><style>{STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def _head(facts: dict[str, Any]) -> str:
    return (
        f'<h1>idn-crawler dataset status</h1><p class="sub">{escape(facts["output_dir"])}'
        f" &middot; generated {escape(facts['generated_at'])}</p>"
    )


def _figure(key: str, name: str, value: Any, shown: str | None = None) -> str:
    text = shown if shown is not None else f"{value:,}"
    value_attribute = escape(str(value))
    figure = f'<dd data-key="{key}" data-value="{value_attribute}">{escape(text)}</dd>'
    return f"<div><dt>{escape(name)}</dt>{figure}</div>"


def _figures(facts: dict[str, Any]) -> str:
    parts, archive = facts["parts"], facts["archive"]
    items = [
        _figure("articles", "articles", facts["articles"]),
        _figure("versions", "versions", facts["versions"]),
        _figure("records", "records in parts", facts["records"]),
        _figure("gone", "URLs gone", facts["gone"]),
        _figure("parts.files", "part files", parts["files"]),
        _figure("parts.bytes", "parts size", parts["bytes"], size(parts["bytes"])),
        _figure("archive.files", "WARC files", archive["files"]),
        _figure("archive.bytes", "archive size", archive["bytes"], size(archive["bytes"])),
    ]
    extremes = "".join(
        f"<p><b>{which}</b>: {escape(a['published_at'])} &middot; "
        f'<a href="{escape(a["url"])}">{escape(a["title"] or a["url"])}</a></p>'
        for which in ("newest", "oldest")
        if (a := facts[which]) is not None
    )
    return f'<section><dl class="figures">{"".join(items)}</dl>{extremes}</section>'


def _per_day(facts: dict[str, Any]) -> str:
    published: dict[str, int] = facts["published_per_day"]
    if not published:
        return '<section><h2>Articles per day</h2><p class="note">No article published yet.</p></section>'
    last = date.fromisoformat(max(published))
    first = max(date.fromisoformat(min(published)), last - timedelta(days=DAYS_SHOWN - 1))
    days = [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
    groups = [
        Group(
            day[5:],
            [Bar(published.get(day, 0), "published", f"{day}: {published.get(day, 0)} articles")],
            {"day": day, "articles": str(published.get(day, 0))},
        )
        for day in days
    ]
    older = sum(n for day, n in published.items() if day < first.isoformat())
    note = f'<p class="note">Not shown: {older:,} articles published before {first}.</p>' if older else ""
    return (
        '<section><h2>Articles per day</h2><p class="note">Each article once, by its publication day'
        f" (the site's date), {days[0]} to {days[-1]}.</p>"
        f"{bar_chart(groups, 'articles per publication day')}{note}{_crawled(facts)}</section>"
    )


def _crawled(facts: dict[str, Any]) -> str:
    crawled: dict[str, dict[str, int]] = facts["crawled_per_day"]
    if not crawled:
        return ""
    groups = [
        Group(
            day[5:],
            [
                Bar(n["new"], "new", f"{day}: {n['new']} new articles"),
                Bar(n["records"], "records", f"{day}: {n['records']} records written"),
            ],
            {"crawl-day": day, "new": str(n["new"]), "records": str(n["records"])},
        )
        for day, n in list(crawled.items())[-DAYS_SHOWN:]
    ]
    key = legend([("new", "new articles"), ("records", "records written (new and updated)")])
    return f"<h2>Crawled per day (UTC)</h2>{bar_chart(groups, 'articles crawled per day')}{key}"


def _heat(share: float | None) -> str:
    """Pale (no article has it) to green (every one): red is kept for drift, so drift stands out."""
    if share is None:
        return "background:#f3f3f3"
    return f"background:hsl(135,48%,{97 - 22 * share:.0f}%)"


def _coverage(facts: dict[str, Any]) -> str:
    runs = list(reversed(facts["coverage"]["runs"]))  # oldest first, as time reads
    if not runs:
        return '<section><h2>Field coverage per run</h2><p class="note">No run remembered yet.</p></section>'
    usual = facts["coverage"]["usual"]
    head = "".join(f'<th title="{escape(r["run_id"])}">{escape(_when(r["finished_at"]))}</th>' for r in runs)
    fields = [f for f in FIELDS if any(f in r["shares"] for r in runs)]
    rows = "".join(_coverage_row(f, runs, usual.get(f)) for f in fields)
    return (
        '<section><h2>Field coverage per run</h2><p class="note">Share of each run\'s parsed articles'
        " that have the field (the runs the crawl state remembers, oldest left): pale is none, green"
        ' every one. <b style="color:#c62828">Red</b>: the run named the field as drift (exit 2);'
        ' <b style="color:#b06000">amber</b>: a warning.</p>'
        f'<div class="heat"><table><tr><th class="name">field</th>{head}<th>usual</th></tr>{rows}</table>'
        "</div>"
        "</section>"
    )


def _coverage_row(field: str, runs: list[dict[str, Any]], usual: float | None) -> str:
    cells = []
    for run in runs:
        share = run["shares"].get(field)
        kind = run["drift"].get(field, "")
        mark = " !" if kind else ""
        cells.append(
            f'<td class="cell {kind}" style="{_heat(share)}" data-field="{field}"'
            f' data-run="{escape(run["run_id"])}"'
            f' data-share="{share if share is not None else ""}" title="{field}: {percent(share)}">'
            f"{percent(share)}{mark}</td>"
        )
    return f'<tr><td class="name">{field}</td>{"".join(cells)}<td>{percent(usual)}</td></tr>'


def _runs_chart(facts: dict[str, Any]) -> str:
    runs = list(reversed(facts["runs"]))
    if not runs:
        return ""
    groups = [_run_group(run) for run in runs]
    chart = bar_chart(groups, "requests and errors per run")
    key = legend([("requests", "requests"), ("errors", "errors")])
    return f"<section><h2>Requests and errors per run</h2>{chart}{key}</section>"


def _run_group(run: dict[str, Any]) -> Group:
    requests, errors = run["counts"]["requests"], run["counts"]["errors"]
    bars = [
        Bar(requests, "requests", f"{run['run_id']}: {requests} requests"),
        Bar(errors, "errors", f"{run['run_id']}: {errors} errors", marked=True),
    ]
    return Group(_when(run["started_at"]), bars, {"run": run["run_id"], "requests": str(requests),
                                                   "errors": str(errors)})  # fmt: skip


def _when(stamp: str | None) -> str:
    """``12-02 01:15`` of an ISO time: what a run is known by on an axis."""
    return (stamp or "?")[5:16].replace("T", " ")


def _runs_table(facts: dict[str, Any]) -> str:
    rows = "".join(_run_row(run) for run in facts["runs"])
    unreadable = facts["runs_unreadable"]
    note = (
        f'<p class="note">Unreadable run summaries: {escape(", ".join(unreadable))}</p>' if unreadable else ""
    )
    heads = "".join(f"<th>{h}</th>" for h in ("exit", "requests", "errors", "new", "updated", "unchanged"))
    return (
        f'<section><h2>Last runs</h2><table class="runs"><tr><th class="name">run</th><th class="name">'
        f"finish</th>{heads}</tr>{rows}</table>{note}</section>"
    )


def _run_row(run: dict[str, Any]) -> str:
    c = run["counts"]
    exit_class = "" if run["exit_code"] == 0 else ' class="bad"'
    numbers = "".join(
        f"<td>{c[k]:,}</td>"
        for k in ("requests", "errors", "articles_new", "articles_updated", "articles_unchanged")
    )
    problems = "".join(
        f'<tr><td></td><td class="problem" colspan="7">{escape(p)}</td></tr>' for p in run["problems"]
    )
    return (
        f'<tr data-run="{escape(run["run_id"])}" data-exit="{run["exit_code"]}"><td class="name">'
        f'{escape(run["run_id"])}</td><td class="name">{escape(str(run["finish_reason"]))}</td>'
        f"<td{exit_class}>{run['exit_code']}</td>{numbers}</tr>{problems}"
    )


def _sections(facts: dict[str, Any]) -> str:
    counts: dict[str, int] = facts["sections"]
    if not counts:
        return ""
    most = max(counts.values())
    rows = "".join(
        f'<tr data-section="{escape(name)}" data-articles="{n}"><td class="name">{escape(name)}</td>'
        f"<td>{n:,}</td>"
        f'<td class="name"><svg width="320" height="12"><rect class="published" width="{320 * n / most:.1f}"'
        ' height="12"/></svg></td></tr>'
        for name, n in counts.items()
    )
    return f"<section><h2>Articles per section</h2><table>{rows}</table></section>"
