"""Scrapy's start-up banner and stats dump, moved from INFO to DEBUG (the one place that does it).

At INFO, Scrapy prints about 150 lines a run that say nothing about this run (versions,
settings overrides, enabled components) and dumps every stat at close; the run summary
already says what matters. Scrapy has no setting for the level of these messages
(``LOG_VERSIONS = []`` and ``STATS_DUMP = False`` would drop them entirely), and at DEBUG
they are what a bug report needs, so a filter on their loggers demotes them.
"""

from __future__ import annotations

import logging

# logger -> the start of each message to demote ("" = every INFO message of that logger)
BANNER = {
    "scrapy.utils.log": ("Versions:",),
    "scrapy.addons": ("Enabled addons",),
    "scrapy.middleware": ("Enabled ",),
    "scrapy.crawler": ("Overridden settings",),
    "scrapy.statscollectors": ("Dumping Scrapy stats",),
}


class Demote(logging.Filter):
    """INFO records whose message starts with one of ``prefixes`` become DEBUG records."""

    def __init__(self, prefixes: tuple[str, ...]) -> None:
        super().__init__()
        self.prefixes = prefixes

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.INFO and str(record.msg).startswith(self.prefixes):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


def demote_scrapy_banner() -> None:
    """Idempotent: each logger gets one ``Demote`` filter however often this runs."""
    for name, prefixes in BANNER.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, Demote) for f in logger.filters):
            logger.addFilter(Demote(prefixes))
