"""Scrapy's redirect and decompression limits, failing under names the spider can count.

Scrapy gives up on a redirect chain (HTTP or meta refresh) past
REDIRECT_MAX_TIMES, and on a body that expands past DOWNLOAD_MAXSIZE, with a
bare ``IgnoreRequest``, the exception it also uses for requests dropped on
purpose; and a redirect loop is not caught at all: its next hop is a URL the
dupefilter has seen, so the request vanishes without a callback or an errback.
These subclasses raise ``TooManyRedirects`` (for loops too) and
``DecompressionBomb``, so that every such page is counted as an error of the
run (``spiders/failures.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from scrapy import Request
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response


class TooManyRedirects(IgnoreRequest):
    """A redirect loop, or a chain longer than the limit."""


class DecompressionBomb(IgnoreRequest):
    """A compressed body that expands past DOWNLOAD_MAXSIZE."""


def _named_limits(request: Request, redirect: Callable[[], Request | Response]) -> Request | Response:
    """``redirect()``'s result, failing with ``TooManyRedirects`` at the limit or a loop."""
    chain = [*request.meta.get("redirect_urls", []), request.url]
    try:
        result = redirect()
    except IgnoreRequest as exc:  # the only one they raise: the limit reached
        raise TooManyRedirects(f"more than {len(chain) - 1} redirects from {chain[0]}") from exc
    if isinstance(result, Request) and result.url in chain:
        raise TooManyRedirects(f"redirect loop: {' -> '.join([*chain, result.url])}")
    return result


class LimitedRedirectMiddleware(RedirectMiddleware):
    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        return _named_limits(request, partial(super().process_response, request, response))


class LimitedMetaRefreshMiddleware(MetaRefreshMiddleware):
    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        return _named_limits(request, partial(super().process_response, request, response))


class BombSafeCompressionMiddleware(HttpCompressionMiddleware):
    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        try:
            return super().process_response(request, response)
        except IgnoreRequest as exc:  # the only one it raises: DOWNLOAD_MAXSIZE exceeded while decoding
            raise DecompressionBomb(str(exc)) from exc
