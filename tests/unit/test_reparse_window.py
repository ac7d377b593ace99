"""The reparse hands out its chunks a window at a time and writes their records in order."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from idn_crawler.reparse.rebuild import in_order


class Counted:
    """Chunks [0], [1], ... that note how many were taken."""

    def __init__(self, total: int) -> None:
        self.total, self.taken = total, 0

    def __iter__(self) -> Iterator[list[Any]]:
        for n in range(self.total):
            self.taken += 1
            yield [n]


def slow_for_early(chunk: list[Any]) -> list[Any]:
    time.sleep(0.02 if chunk[0] % 3 == 0 else 0)  # later chunks often finish first
    return [c * 10 for c in chunk]


def test_records_come_in_the_order_of_their_chunks() -> None:
    with ThreadPoolExecutor(3) as pool:
        results = list(in_order(pool, slow_for_early, iter(Counted(30)), 6))
    assert results == [[n * 10] for n in range(30)]


def test_no_more_than_the_window_is_handed_out_ahead_of_the_writer() -> None:
    chunks = Counted(100)
    with ThreadPoolExecutor(2) as pool:
        results = in_order(pool, slow_for_early, iter(chunks), 8)
        assert next(results) == [0]
        assert chunks.taken <= 9  # the window, and the one handed out for the chunk just written
        time.sleep(0.2)  # however long the writer takes, the workers get no further ahead
        assert chunks.taken <= 9
        assert len(list(results)) == 99


def test_a_writer_that_stops_leaves_the_chunks_not_yet_started_unparsed() -> None:
    started: list[int] = []
    lock = threading.Lock()

    def parse(chunk: list[Any]) -> list[Any]:
        with lock:
            started.append(chunk[0])
        time.sleep(0.05)
        return chunk

    with ThreadPoolExecutor(1) as pool:
        results = in_order(pool, parse, iter(Counted(50)), 10)
        next(results)
        results.close()
    assert len(started) <= 3  # the first, and at most the one running when the writer stopped
