"""Downloader components: the IDN_MIRROR handler, retries with backoff, robots.txt."""
