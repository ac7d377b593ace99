"""The ``idn-crawl`` command: ``run``, ``demo``, ``parse`` and ``reparse``."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from idn_crawler import __version__
from idn_crawler.crawl.outcome import BAD_ARGUMENTS


class UsageParser(argparse.ArgumentParser):
    """argparse exits 2 on a usage error, the code ``idn-crawl run`` gives layout drift;
    here every usage error is 64 (EX_USAGE), after one usage line and the message.
    Subcommand parsers are built from this class too (argparse uses the parent's class)."""

    def error(self, message: str) -> NoReturn:
        usage = " ".join(self.format_usage().split())  # one line, however long
        self.exit(BAD_ARGUMENTS, f"{usage}\n{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = UsageParser(prog="idn-crawl", description="IDN Times crawler and parser")
    parser.add_argument("--version", action="version", version=f"idn-crawl {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="extract article records from saved HTML or WARC files")
    parse.add_argument("paths", nargs="+", metavar="PATH", help="HTML or WARC files, or folders of them")
    parse.add_argument("--url", help="the page's URL (default: its canonical link)")
    run = commands.add_parser(
        "run",
        help="the crawl as a cron job: lock, run summary, exit code",
        description="Crawl www.idntimes.com incrementally. Exit codes: 0 complete, 1 failed or too many"
        " errors, 2 layout drift, 64 bad arguments, 75 another run holds the lock.",
    )
    from idn_crawler.cli.run import add_run_options

    add_run_options(run)
    rebuild = commands.add_parser(
        "reparse",
        help="run the current parser over the archived pages, with no network",
        description="Rebuild the dataset from the archive: into a fresh output as the crawl built it,"
        " or into the dataset the archive belongs to as new versions of the records that changed."
        " Exit codes as for run.",
    )
    from idn_crawler.cli.reparse import add_reparse_options

    add_reparse_options(rebuild)
    from idn_crawler.cli.export import add_export_options

    add_export_options(
        commands.add_parser("export", help="a typed snapshot: one row per article, its latest version")
    )
    from idn_crawler.cli.compact import add_compact_options

    add_compact_options(commands.add_parser("compact", help="merge closed days' parts into one part per day"))
    demo = commands.add_parser("demo", help="crawl the bundled sample site on 127.0.0.1 (no network)")
    demo.add_argument("--output", default="idn-demo-data", help="where to write (default: idn-demo-data)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "parse":
        from idn_crawler.cli.parse import run_parse

        return run_parse(args.paths, args.url)
    if args.command == "run":
        from idn_crawler.cli.run import run

        return run(args)
    if args.command == "reparse":
        from idn_crawler.cli.reparse import reparse

        return reparse(args)
    if args.command in ("export", "compact"):
        from idn_crawler.cli.compact import run_compact
        from idn_crawler.cli.export import run_export

        return run_export(args) if args.command == "export" else run_compact(args)
    if args.command == "demo":
        from idn_crawler.cli.demo import run_demo

        return run_demo(args.output)
    return BAD_ARGUMENTS


if __name__ == "__main__":
    sys.exit(main())
