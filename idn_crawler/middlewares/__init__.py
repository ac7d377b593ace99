"""Downloader middlewares of idn-crawler (one component per module)."""
