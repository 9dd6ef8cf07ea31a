"""A small cache for aggregate reads (facets, speaker counts, timelines).

Aggregates scan many rows (facet counts over every matching quote), while the store changes
rarely and in batches. Entries are keyed by the query and by a cheap *store version* (the
number of quotes, plus a counter this server bumps on its own writes), and expire after
``ttl`` seconds so edits made by other processes (statement linking, alias edits from the
CLI) show within that time even when the quote count does not move.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class AggregateCache:
    """Thread-safe LRU with a time-to-live, invalidated when the store's version moves."""

    def __init__(self, store: Any, *, ttl: float = 30.0, size: int = 512) -> None:
        self.store = store
        self.ttl = ttl
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[float, Hashable, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._writes = 0
        self._version: tuple[float, Hashable] = (0.0, None)

    def bump(self) -> None:
        """Forget everything: this server just wrote to the store."""
        with self._lock:
            self._writes += 1
            self._entries.clear()
            self._version = (0.0, None)

    def version(self) -> Hashable:
        """The store's version: re-read at most once a second (a COUNT over an index)."""
        now = time.monotonic()
        with self._lock:
            checked, version = self._version
            if version is not None and now - checked < 1.0:
                return version
            writes = self._writes
        count = int(self.store.query("SELECT COUNT(*) FROM quotes")[0][0])
        version = (count, writes)
        with self._lock:
            self._version = (now, version)
        return version

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value for ``key``, computing it (outside the lock) when missing or stale."""
        version = self.version()
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[1] == version and now - entry[0] < self.ttl:
                self._entries.move_to_end(key)
                return entry[2]
        value = compute()
        with self._lock:
            self._entries[key] = (now, version, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value


class CachedReads:
    """The aggregate queries of :mod:`queries`, through an :class:`AggregateCache`.

    Values are shared between requests: callers must not mutate what they get.
    """

    def __init__(self, store: Any, cache: AggregateCache | None = None) -> None:
        self.store = store
        self.cache = cache or AggregateCache(store)

    def facets(self, f: Any, size: int) -> dict[str, list[dict[str, Any]]]:
        import dataclasses

        from . import queries

        return self.cache.get(
            ("facets", dataclasses.astuple(f), size), lambda: queries.quote_facets(self.store, f, size)
        )

    def entity(self, ref: str) -> dict[str, Any]:
        from . import queries

        entity_id = self.store.find_entity_id(ref)  # cheap, and merges are followed before caching

        def compute() -> dict[str, Any]:
            entity = queries.entity_detail(self.store, entity_id)
            first, last = queries.quoted_range(self.timeline(entity_id))
            return {**entity, "first_quoted": first, "last_quoted": last}

        return self.cache.get(("entity", entity_id), compute)

    def timeline(self, entity_id: str | None, topic: str | None = None) -> list[dict[str, Any]]:
        from . import queries

        return self.cache.get(
            ("timeline", entity_id, topic), lambda: queries.timeline(self.store, entity_id, topic=topic)
        )

    def speakers(self, search: str | None, limit: int, offset: int) -> list[dict[str, Any]]:
        from . import queries

        return self.cache.get(
            ("speakers", search, limit, offset),
            lambda: queries.list_speakers(self.store, search=search, limit=limit, offset=offset),
        )

    def counts(self) -> dict[str, int]:
        from . import queries

        return self.cache.get(("counts",), lambda: queries.counts(self.store))

    def warm(self) -> None:
        """Compute the landing page's aggregates ahead of the first visitor (runs in a thread)."""
        from .queries import QuoteFilter

        try:
            self.counts()
            self.facets(QuoteFilter(), 10)
        except Exception:  # a warm-up failure is only a slower first page
            log.warning("could not pre-compute the landing page aggregates", exc_info=True)
