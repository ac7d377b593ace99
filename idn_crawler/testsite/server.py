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

Every request is appended to the access log (``GET /path?query <unix time>``,
the time it arrived), which tests read to prove what the crawler did and did
not fetch, and when.
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import json
import math
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".gz": "application/gzip",
}
NOT_FOUND = b"<!DOCTYPE html><html lang='id'><head><title>404</title></head><body><h1>404</h1></body></html>"


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, port: int = 0, access_log: Path | None = None) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.root = root.resolve()
        self.access_log = access_log
        self.lock = threading.Lock()
        self.hits: dict[str, int] = {}

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
        hit = self.server.record(self.path)
        path = unquote(urlsplit(self.path).path)
        rules = self.server.rules()
        rule = rules.get(path) or rules.get("*") or {}
        time.sleep(float(rule.get("delay", 0)))
        status, body, content_type, headers = self._answer(rule, hit, path)
        self._send(status, body, content_type, {**_rule_headers(rule), **headers})

    def _answer(self, rule: dict[str, Any], hit: int, path: str) -> tuple[int, bytes, str, dict[str, str]]:
        if "redirect" in rule:
            return int(rule.get("status", 301)), b"", "text/plain", {"Location": rule["redirect"]}
        statuses = rule.get("statuses")
        status = int(statuses[min(hit, len(statuses)) - 1]) if statuses else int(rule.get("status", 200))
        found = self._resolve(path) if status == 200 else None
        if found is None:
            return (404 if status == 200 else status), NOT_FOUND, CONTENT_TYPES[".html"], {}
        return 200, found.read_bytes(), CONTENT_TYPES.get(found.suffix, "application/octet-stream"), {}

    def _resolve(self, path: str) -> Path | None:
        target = (self.server.root / path.lstrip("/")).resolve()
        if self.server.root not in (target, *target.parents):
            return None
        for candidate in (target / "index.html", target):
            if candidate.is_file() and not candidate.name.startswith("_"):
                return candidate
        return None

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


def main() -> None:
    options = argparse.ArgumentParser(description="Serve a saved copy of the site on 127.0.0.1")
    options.add_argument("root", type=Path)
    options.add_argument("--port", type=int, default=0)
    options.add_argument("--access-log", type=Path)
    args = options.parse_args()
    server = SiteServer(args.root, args.port, args.access_log)
    print(f"serving {args.root} on {server.origin}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
