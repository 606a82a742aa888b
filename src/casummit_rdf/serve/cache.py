"""A small thread-safe LRU cache of finished answers.

The served data never changes while the process runs, so an answer for the same query text (or
canned query and parameters) in the same format is the same every time; caching it is safe.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from casummit_rdf.serve.execute import Answer


class AnswerCache:
    """Least-recently-used answers, bounded in entry count and in total body bytes."""

    def __init__(self, max_entries: int = 512, max_bytes: int = 64 << 20, max_body: int = 4 << 20):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.max_body = max_body
        self._entries: OrderedDict[Hashable, Answer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Answer | None:
        if self.max_entries <= 0:
            return None
        with self._lock:
            answer = self._entries.get(key)
            if answer is not None:
                self._entries.move_to_end(key)
            return answer

    def put(self, key: Hashable, answer: Answer) -> None:
        """Remember a successful answer (errors and very large bodies are not kept)."""
        if self.max_entries <= 0 or answer.status != 200 or len(answer.body) > self.max_body:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[key] = answer
            self._bytes += len(answer.body)
            while self._entries and (len(self._entries) > self.max_entries or self._bytes > self.max_bytes):
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._entries)
