"""robots.txt, obeyed to the letter (RFC 9309), before any other request to the site.

Our own downloader middleware instead of Scrapy's RobotsTxtMiddleware, which
(in Scrapy 2.19) lets requests through that it should hold: the requests that
arrive while robots.txt is downloading all await one Deferred, and only the
first of them receives the parser (each ``asFuture`` waiter passes ``None`` on
to the next), so the others go out unchecked: ``Disallow: /`` still let a few
hub pages through. It also treats a robots.txt it cannot fetch (5xx, timeout,
refused connection) as "allow everything", and matches groups against the whole
User-Agent header, where RFC 9309 matches the product token.

Here every request to an origin waits for the one download of its robots.txt
(once per run, through the engine: retries, IDN_MIRROR and up to five
redirects apply), and each waiter gets the same rules:

- 2xx: the file's rules (Protego), matched on our product token
  (``idn-crawler``); its ``Sitemap:`` lines go to ``RunContext.robots_sitemaps``;
- 4xx, or more than five redirects: the file is unavailable, everything is
  allowed (RFC 9309 §2.3.1.3, §2.3.1.2);
- 5xx, a network failure, any other answer: unreachable, nothing is allowed
  (§2.3.1.4);
- 304 (the download is conditional, ``downloader/conditional.py``): unchanged
  since the copy the last clean run kept in the crawl state with its
  validators, whose rules still hold. Every run asks again, so no copy is
  ever obeyed without the server confirming it (§2.4's 24 hours never apply).

A request the rules do not allow raises ``RobotsRefused`` (an ``IgnoreRequest``)
and is counted under ``idn/robots/refused``. Nothing skips the rules: Scrapy's
``dont_obey_robotstxt`` meta key is not honoured.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Self

from protego import Protego
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from idn_crawler.crawl import meta as M
from idn_crawler.crawl import stats as K
from idn_crawler.crawl.context import RunContext
from idn_crawler.downloader.limits import TooManyRedirects
from idn_crawler.parsers.sitemaps import robots_sitemaps

logger = logging.getLogger(__name__)
META_ROBOTS = "idn_robots"  # marks the robots.txt download (its retries and redirects keep it)
MAX_REDIRECTS = 5  # RFC 9309 §2.3.1.2: follow at least five


class RobotsRefused(IgnoreRequest):
    """robots.txt does not allow this request (or could not be read, so allows nothing)."""


@dataclass(frozen=True)
class RobotsRules:
    parser: Protego | None = None  # None: no file, no rules
    unreachable: str | None = None  # why nothing is allowed
    unavailable: str | None = None  # why everything is allowed
    sitemaps: tuple[str, ...] = ()  # the file's Sitemap lines

    @classmethod
    def parse(cls, body: bytes) -> Self:
        text = body.decode("utf-8-sig", errors="ignore")
        return cls(Protego.parse(text), sitemaps=tuple(robots_sitemaps(text)))

    def allows(self, url: str, agent: str) -> bool:
        if self.unreachable is not None:
            return False
        return self.parser is None or self.parser.can_fetch(url, agent)


def product_token(user_agent: str) -> str:
    """``idn-crawler`` of ``idn-crawler/0.1.0 (+https://...)``: what groups match (RFC 9309 §2.2.1)."""
    return re.split(r"[/\s]", user_agent.strip(), maxsplit=1)[0]


def rules_from(response: Response) -> RobotsRules:
    status = response.status
    if 200 <= status < 300:
        return RobotsRules.parse(response.body)
    if 400 <= status < 500:
        return RobotsRules(unavailable=f"HTTP {status}")
    return RobotsRules(unreachable=f"HTTP {status}")


class RobotsMiddleware:
    def __init__(self, crawler: Crawler, agent: str) -> None:
        self.crawler = crawler
        self.agent = agent
        self._rules: dict[str, RobotsRules] = {}
        self._waiting: dict[str, list[Deferred[RobotsRules]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured("ROBOTSTXT_OBEY is off")
        agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT") or "*"
        return cls(crawler, product_token(agent))

    async def process_request(self, request: Request) -> None:
        url = urlparse_cached(request)
        if request.meta.get(META_ROBOTS) or url.scheme not in ("http", "https"):
            return
        rules = await self.rules_for(f"{url.scheme}://{url.netloc}")
        if not rules.allows(request.url, self.agent):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(K.ROBOTS_REFUSED)
            logger.debug("Refused by robots.txt: %s", request.url)
            raise RobotsRefused(f"robots.txt does not allow {request.url}")

    async def rules_for(self, origin: str) -> RobotsRules:
        """The origin's rules; the first caller downloads them, the others wait for the same."""
        if origin in self._rules:
            return self._rules[origin]
        if origin in self._waiting:
            waiter: Deferred[RobotsRules] = Deferred()
            self._waiting[origin].append(waiter)
            return await maybe_deferred_to_future(waiter)
        self._waiting[origin] = []
        rules = RobotsRules(unreachable="the download was interrupted")
        try:
            rules = await self._download(origin)
        finally:  # whatever happened, nobody waits forever, and everyone gets the same rules
            self._rules[origin] = rules
            for waiter in self._waiting.pop(origin):
                waiter.callback(rules)
        return rules

    async def _download(self, origin: str) -> RobotsRules:
        meta = {META_ROBOTS: True, "redirect_ttl": MAX_REDIRECTS, "allow_offsite": True, M.CONDITIONAL: True}
        request = Request(f"{origin}/robots.txt", callback=NO_CALLBACK, meta=meta)
        assert self.crawler.engine is not None
        try:
            response = await self.crawler.engine.download_async(request)
        except TooManyRedirects as exc:
            rules = RobotsRules(unavailable=str(exc))
        except Exception as exc:  # no answer at all: RFC 9309 §2.3.1.4, complete disallow
            rules = RobotsRules(unreachable=f"{type(exc).__name__}: {exc}".rstrip(": "))
        else:
            rules = self._rules_of(response)
            # Where the sitemaps start; a crawl without a RunContext (``idn-crawl fetch``) needs none.
            context = self.crawler.get_extension(RunContext)
            if rules.parser is not None and context is not None:
                context.robots_sitemaps = list(rules.sitemaps)
        self._report(request.url, rules)
        return rules

    def _rules_of(self, response: Response) -> RobotsRules:
        """The answer's rules; a 304's are those of the copy kept with the validators it matched."""
        context = self.crawler.get_extension(RunContext)
        if context is None:  # a crawl with no state (``idn-crawl fetch``) keeps no validators
            return rules_from(response)
        revalidation = context.revalidation
        kept = revalidation.stored_body(response.url)
        if response.status == 304 and kept is not None:
            logger.info("%s is unchanged since the last run (304): its rules as they were", response.url)
            return RobotsRules.parse(kept)
        if 200 <= response.status < 300:
            revalidation.keep(response.url, response.headers, body=response.body)
        elif 400 <= response.status < 500:
            revalidation.keep(response.url, Headers())  # no file: nothing to ask with next time
        return rules_from(response)

    def _report(self, url: str, rules: RobotsRules) -> None:
        stats = self.crawler.stats
        assert stats is not None
        if rules.unreachable is not None:
            stats.set_value(K.ROBOTS_UNREACHABLE, rules.unreachable)
            logger.error(
                "%s could not be fetched (%s): RFC 9309 says crawl nothing; no other request is sent",
                url,
                rules.unreachable,
            )
        elif rules.unavailable is not None:
            stats.set_value(K.ROBOTS_UNAVAILABLE, rules.unavailable)
            logger.warning("%s is unavailable (%s): RFC 9309 allows everything", url, rules.unavailable)
