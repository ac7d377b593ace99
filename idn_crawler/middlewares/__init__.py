"""Downloader components of idn-crawler: retry backoff, the IDN_MIRROR handler."""
