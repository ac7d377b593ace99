"""The ``idn-crawl`` command: ``parse``, ``demo`` and ``run``."""

from __future__ import annotations

import argparse
import sys

from idn_crawler import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="idn-crawl", description="IDN Times crawler and parser")
    parser.add_argument("--version", action="version", version=f"idn-crawl {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="extract article records from saved HTML files")
    parse.add_argument("paths", nargs="+", metavar="PATH", help="HTML files or folders of them")
    parse.add_argument("--url", help="the page's URL (default: its canonical link)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "parse":
        from idn_crawler.parse_cli import run_parse

        return run_parse(args.paths, args.url)
    return 64


if __name__ == "__main__":
    sys.exit(main())
