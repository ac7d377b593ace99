"""Scrapy settings for idn-crawler. Every ``IDN_`` setting has its default here.

Politeness first: one site, robots.txt obeyed, modest concurrency under
AutoThrottle, a delay between requests, an honest User-Agent.
"""

from idn_crawler import __version__

BOT_NAME = "idn_crawler"
SPIDER_MODULES = ["idn_crawler.spiders"]
NEWSPIDER_MODULE = "idn_crawler.spiders"

USER_AGENT = f"idn-crawler/{__version__} (+https://github.com/idn-crawler/idn-crawler; research crawler)"
# Obeyed by our own middleware (downloader/robots.py), not Scrapy's RobotsTxtMiddleware.
ROBOTSTXT_OBEY = True

CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Scrapy starts this many asyncio workers for every callback's output. The pipelines
# here are synchronous, so more than a few only costs CPU (100, the default, made
# task bookkeeping one of the crawl's largest costs).
CONCURRENT_ITEMS = 4
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
COOKIES_ENABLED = False
# A cron crawler takes no remote commands: every default-on component that opens a
# port or writes files outside the output directory is off (Scrapy 2.19's EXTENSIONS_BASE).
# The telnet console listens on a local port (6023+) for a Python shell into the crawl.
TELNETCONSOLE_ENABLED = False
# The remote-control extension serves HTTP on a random local port and writes a job file
# with its token under the user's state directory; a killed run leaves that file behind.
REMOTE_CONTROL_ENABLED = False
# The rest of EXTENSIONS_BASE stays on: it opens no port and writes no file (stats, log
# counts, memory usage, CloseSpider, AutoThrottle, LogStats), or writes only where asked:
# FeedExporter needs FEEDS (unset), SpiderState writes spider.state only into JOBDIR (--resume).
LOGSTATS_INTERVAL = 60.0
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

DOWNLOADER_MIDDLEWARES = {
    # Next to the downloader: it sees every response as received (before redirects are
    # followed and bodies decompressed) and archives it.
    "idn_crawler.downloader.archive.ArchiveMiddleware": 950,
    # Validators out for robots.txt, listings and sitemaps; a 304 back, counted, with no body to decode.
    "idn_crawler.downloader.conditional.ConditionalMiddleware": 900,
    # robots.txt before anything else, every request held until its rules are known.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "idn_crawler.downloader.robots.RobotsMiddleware": 100,
    # Redirect and decompression limits fail under their own names (errors, not "ignored").
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "idn_crawler.downloader.limits.BombSafeCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "idn_crawler.downloader.limits.LimitedRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "idn_crawler.downloader.limits.LimitedMetaRefreshMiddleware": 580,
    # Retries wait longer each time instead of hammering a struggling server.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "idn_crawler.downloader.retry.BackoffRetryMiddleware": 550,
}
# IDN_MIRROR works below every middleware: they all see www.idntimes.com URLs.
DOWNLOAD_HANDLERS = {"https": "idn_crawler.downloader.mirror.MirrorDownloadHandler"}
ITEM_PIPELINES = {
    "pipelines.coverage.CoveragePipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.store.StorePipeline": 800,
}
EXTENSIONS = {
    # Opens the crawl state and run evidence for every component, writes the run
    # summary and closes them when the crawl ends.
    "idn_crawler.crawl.context.RunContext": 500,
    # A live progress line on a terminal, a periodic log line otherwise (IDN_PROGRESS).
    "idn_crawler.crawl.progress.Progress": 510,
}

# --- idn-crawler settings (also read from environment variables of the same name;
# idn_crawler/config.py converts and checks them, and an unknown IDN_ name is an error)
IDN_MIRROR = None  # e.g. "http://127.0.0.1:8080": fetch www.idntimes.com from there
IDN_OUTPUT_DIR = "data"
IDN_STATE_PATH = None  # default: <IDN_OUTPUT_DIR>/state.sqlite3
IDN_SECTIONS = [
    "news", "business", "sport", "tech", "life", "hype", "travel", "food", "health",
    "science", "opinion", "korea", "automotive", "fiction",
]  # fmt: skip
IDN_RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry; doubles each time
IDN_RETRY_BACKOFF_MAX = 60.0
IDN_PART_MAX_RECORDS = 1000  # a part file is published after this many records...
IDN_PART_MAX_SECONDS = 300.0  # ...or after this many seconds, whichever comes first
IDN_COMPRESS = False  # gzip the parts (.jsonl.gz)
IDN_MAX_ERROR_RATE = 0.05  # share of distinct URLs that failed above which a run exits 1
IDN_COVERAGE_THRESHOLDS = {
    "title": 1.0, "published_at": 1.0, "body": 1.0, "url": 1.0,
    "authors": 0.95, "section": 0.95,
}  # fmt: skip
IDN_RUN_ID = None  # default: <UTC time>-<6 hex digits>, new for every run
IDN_ARCHIVE = True  # keep every response the crawl reads as WARC, so the dataset can be rebuilt
IDN_ARCHIVE_DIR = None  # default: <IDN_OUTPUT_DIR>/archive
IDN_PROGRESS = "auto"  # auto: a live line on a terminal, a log line every interval otherwise; on; off
IDN_PROGRESS_INTERVAL = 60.0  # seconds between the log lines when stderr is not a terminal
# A child sitemap whose index <lastmod> has not moved is not fetched, unless its last full read is
# older than this (seconds, or a span such as 7d, 12h): then it is read in full anyway.
IDN_SITEMAP_RECONCILE = 7 * 86400.0
