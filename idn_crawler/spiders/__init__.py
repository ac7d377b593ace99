"""Spiders of idn-crawler."""
