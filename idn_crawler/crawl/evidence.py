"""What one run learns about each article's freshness, however it reached it.

The newest change date seen for an article (a sitemap ``<lastmod>``, else a
card's date) is noted as links are read; the lastmod a fetch was made for is
noted when its record is yielded. When the record is published, the state is
told the newest of them that the fetched copy surely reflects, so the next run
need not fetch the article again to learn that.
"""

from __future__ import annotations

from datetime import datetime, timedelta

# A change dated this long before our fetch is surely in the copy we fetched (a CDN
# may serve the old page for a while after an edit; an hour is far longer).
SETTLED_AFTER = timedelta(hours=1)


class RunEvidence:
    def __init__(self) -> None:
        self.newest: dict[str, datetime] = {}
        # article id -> (the lastmod its fetch was admitted with, when it was fetched)
        self.fetches: dict[str, tuple[datetime | None, datetime]] = {}

    def note(self, ident: str, date: datetime | None) -> None:
        if date is not None and (ident not in self.newest or date > self.newest[ident]):
            self.newest[ident] = date

    def fetched(self, ident: str, lastmod: datetime | None, at: datetime) -> None:
        """The article's page was fetched at ``at``, admitted with this lastmod."""
        self.fetches[ident] = (lastmod, at)

    def settled(self, ident: str, fetched_at: datetime | None) -> datetime | None:
        """The newest date seen that the copy fetched at ``fetched_at`` surely reflects."""
        date = self.newest.get(ident)
        if date is None or fetched_at is None or date > fetched_at - SETTLED_AFTER:
            return None
        return date

    def lastmod_for(self, ident: str) -> datetime | None:
        """The lastmod to store with an article's record: its fetch's, or a newer settled one."""
        own, fetched_at = self.fetches.get(ident, (None, None))
        settled = self.settled(ident, fetched_at)
        if own is None or settled is None:
            return own or settled
        return max(own, settled)
