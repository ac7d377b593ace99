"""The request meta keys the crawl sets, and who reads them.

Scrapy copies a request's meta to the requests made from it (a redirect, a
retry), so each key below holds for the page a callback finally reads.
"""

LINK = "idn_link"  # the Link the spider requested (canonical, before any redirect): spider, archive
LASTMOD = "idn_lastmod"  # articles: the sitemap <lastmod> (a datetime) the fetch was admitted with: spider
CAPTURE = "idn_capture"  # the Capture of the response as archived (absent when not archived): spider
FETCHED_AT = "idn_fetched_at"  # when the archived response arrived (its WARC-Date): the record's crawled_at
# Send the validators the state holds (robots.txt, listings, sitemaps): the conditional middleware
CONDITIONAL = "idn_conditional"
VALIDATED = "idn_validated"  # set by the conditional middleware: validators went out with this request
INDEX_LASTMOD = "idn_index_lastmod"  # child sitemaps: the index's <lastmod> (datetime or None): spider
