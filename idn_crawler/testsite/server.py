"""A local origin for ``IDN_MIRROR``: serves a saved copy of the site on 127.0.0.1.

``/news/world`` is served from ``ROOT/news/world/index.html``, ``/robots.txt``
from ``ROOT/robots.txt``; anything else missing is a 404. ``ROOT/_rules.json``
can script failures per path, for tests and demos::

    {"/news/x": {"statuses": [503, 200]}, "/old": {"redirect": "/new"},
     "*": {"status": 500}, "/slow": {"delay": 5},
     "/busy": {"statuses": [503, 200], "headers": {"Retry-After": "3"}},
     "/later": {"status": 429, "date_headers": {"Retry-After": 3}}}

``headers`` go out with every answer under the rule; ``date_headers`` name
headers sent as an HTTP date that many seconds after the answer (rounded up
to the next whole second, as HTTP dates have no fractions).

A 200 can also be shaped: ``"body_base64"`` serves those bytes instead of the
file, ``"pad": N`` appends N spaces to it, ``"gzip_bomb": N`` serves N zero bytes
gzipped (``Content-Encoding: gzip``), ``"content_type"`` sets its type, and
``"no_length": true`` streams the body without a Content-Length and closes the
connection after it.

Conditional requests: under ``"conditional": true`` (or for every path with
``--conditional``) a 200 carries an ``ETag`` (a hash of its body) and a
``Last-Modified`` (its file's mtime), and a request whose ``If-None-Match``
matches the ETag (or, without one, whose ``If-Modified-Since`` is not older than
the file) gets a bodiless 304. ``"conditional": "ignore"`` sends the same
validators but answers every request 200 in full, as servers that ignore them do.

Every request is appended to the access log (``GET /path?query <unix time>``,
the time it arrived), which tests read to prove what the crawler did and did
not fetch, and when. ``GET /_served`` (never logged) answers how many requests
and body bytes the server has answered so far, as JSON.

A root holding ``_site.json`` is a site of any size rendered per request from its
model (``ondemand.py``, for benchmarks); rules and files still apply alongside.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import email.utils
import hashlib
import json
import math
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from idn_crawler.testsite.ondemand import OnDemand

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".gz": "application/gzip",
}
NOT_FOUND = b"<!DOCTYPE html><html lang='id'><head><title>404</title></head><body><h1>404</h1></body></html>"


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, root: Path, port: int = 0, access_log: Path | None = None, conditional: bool = False
    ) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.root = root.resolve()
        self.conditional = conditional  # every path, unless its rule says otherwise
        self.access_log = access_log
        self.lock = threading.Lock()
        self.hits: dict[str, int] = {}
        self.on_demand = OnDemand(self.root)
        self.answered = self.sent = 0

    def served(self, body: int) -> None:
        with self.lock:
            self.answered += 1
            self.sent += body

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def rules(self) -> dict[str, Any]:
        path = self.root / "_rules.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def record(self, target: str) -> int:
        with self.lock:
            self.hits[target] = self.hits.get(target, 0) + 1
            if self.access_log is not None:
                with open(self.access_log, "a", encoding="utf-8") as log:
                    log.write(f"GET {target} {time.time():.6f}\n")
            return self.hits[target]

    def start(self) -> SiteServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self


def _rule_headers(rule: dict[str, Any]) -> dict[str, str]:
    dated = {
        name: email.utils.formatdate(math.ceil(time.time() + float(seconds)), usegmt=True)
        for name, seconds in rule.get("date_headers", {}).items()
    }
    return {**{str(k): str(v) for k, v in rule.get("headers", {}).items()}, **dated}


class _Handler(BaseHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if self.path == "/_served":
            counts = {"requests": self.server.answered, "bytes": self.server.sent}
            return self._send(200, json.dumps(counts).encode(), "application/json", count=False)
        hit = self.server.record(self.path)
        path = unquote(urlsplit(self.path).path)
        rules = self.server.rules()
        rule = rules.get(path) or rules.get("*") or {}
        time.sleep(float(rule.get("delay", 0)))
        status, body, content_type, headers = self._answer(rule, hit, path)
        mode = rule.get("conditional", self.server.conditional)
        if status == 200 and mode:
            headers = {**headers, **_validators(body, self._resolve(path))}
            if mode != "ignore" and _not_modified(self.headers, headers):
                self._send_not_modified(headers)
                return
        length = status != 200 or not rule.get("no_length")
        self._send(status, body, content_type, {**_rule_headers(rule), **headers}, length=length)

    def _send_not_modified(self, validators: dict[str, str]) -> None:
        self.send_response(304)
        for name, value in validators.items():
            self.send_header(name, value)
        self.end_headers()

    def _answer(self, rule: dict[str, Any], hit: int, path: str) -> tuple[int, bytes, str, dict[str, str]]:
        if "redirect" in rule:
            return int(rule.get("status", 301)), b"", "text/plain", {"Location": rule["redirect"]}
        statuses = rule.get("statuses")
        status = int(statuses[min(hit, len(statuses)) - 1]) if statuses else int(rule.get("status", 200))
        if status != 200:
            return status, NOT_FOUND, CONTENT_TYPES[".html"], {}
        generated = self.server.on_demand.answer(path, self.headers)
        if generated is not None:
            return generated
        found = self._resolve(path)
        if found is None and not ("body_base64" in rule or "gzip_bomb" in rule):
            return 404, NOT_FOUND, CONTENT_TYPES[".html"], {}
        body, headers = _shaped(rule, found)
        kind = CONTENT_TYPES.get(found.suffix if found else ".html", "application/octet-stream")
        return 200, body, rule.get("content_type", kind), headers

    def _resolve(self, path: str) -> Path | None:
        target = (self.server.root / path.lstrip("/")).resolve()
        if self.server.root not in (target, *target.parents):
            return None
        for candidate in (target / "index.html", target):
            if candidate.is_file() and not candidate.name.startswith("_"):
                return candidate
        return None

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
        *,
        length: bool = True,
        count: bool = True,
    ) -> None:
        if count:
            self.server.served(len(body))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        else:  # the end of the body is the end of the connection
            self.send_header("Connection", "close")
            self.close_connection = True
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(ConnectionError):  # the client may hang up on purpose (too large)
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


def _shaped(rule: dict[str, Any], found: Path | None) -> tuple[bytes, dict[str, str]]:
    """The body and extra headers of a 200 under ``rule``: the file's, unless the rule shapes them."""
    headers = dict(rule.get("headers", {}))
    if "gzip_bomb" in rule:
        headers.setdefault("Content-Encoding", "gzip")
        return _gzip_zeros(int(rule["gzip_bomb"])), headers
    body = base64.b64decode(rule["body_base64"]) if "body_base64" in rule else (found or Path()).read_bytes()
    return body + b" " * int(rule.get("pad", 0)), headers


def _validators(body: bytes, found: Path | None) -> dict[str, str]:
    headers = {"ETag": f'"{hashlib.sha256(body).hexdigest()[:20]}"'}
    if found is not None:
        headers["Last-Modified"] = email.utils.formatdate(int(found.stat().st_mtime), usegmt=True)
    return headers


def _not_modified(request: Any, validators: dict[str, str]) -> bool:
    """RFC 9110 §13.1: If-None-Match decides when present (weak comparison), else If-Modified-Since."""
    match = request.get("If-None-Match")
    if match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in match.split(",")]
        return "*" in tags or validators["ETag"] in tags
    since, modified = request.get("If-Modified-Since"), validators.get("Last-Modified")
    if not since or not modified:
        return False
    try:
        return email.utils.parsedate_to_datetime(modified) <= email.utils.parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


def _gzip_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: the gzip container
    chunk = bytes(1 << 20)
    parts = [packer.compress(chunk[: min(len(chunk), size - done)]) for done in range(0, size, len(chunk))]
    return b"".join(parts) + packer.flush()


def main() -> None:
    options = argparse.ArgumentParser(description="Serve a saved copy of the site on 127.0.0.1")
    options.add_argument("root", type=Path)
    options.add_argument("--port", type=int, default=0)
    options.add_argument("--access-log", type=Path)
    options.add_argument("--conditional", action="store_true", help="honour If-None-Match/If-Modified-Since")
    args = options.parse_args()
    server = SiteServer(args.root, args.port, args.access_log, args.conditional)
    print(f"serving {args.root} on {server.origin}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
