"""A small shared cache for figures that are expensive to compute and cheap to check: Redis when ``REDIS_URL`` is
set (one cache for every app process and worker, surviving restarts), otherwise a bounded in-process store.

Callers put a *version* of what they cached inside the value (for survey results: each workplace's response count
and first and last response id) and compare it on read, so a stale entry is never used; the cache only saves work.
Values are JSON, never pickle: a value read back from a shared server must not be able to run code. A cache that
fails (Redis restarting) behaves as empty and logs a warning: no page ever fails because of it.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any

from flask import Flask, current_app

log = logging.getLogger(__name__)

#: Entries expire after a day: a closed round's figures are recomputed at most daily, and a forgotten round's
#: figures do not occupy the cache for ever.
DEFAULT_TTL_SECONDS = 24 * 3600


class MemoryCache:
    """The embedded default: a thread-safe least-recently-used store, per process."""

    def __init__(self, max_entries: int = 20_000) -> None:
        self._entries: OrderedDict[str, str] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()

    def get_many(self, keys: Iterable[str]) -> list[Any]:
        """The cached value of each key, in order; None where there is none."""
        with self._lock:
            found = []
            for key in keys:
                value = self._entries.get(key)
                if value is not None:
                    self._entries.move_to_end(key)
                found.append(None if value is None else json.loads(value))
            return found

    def set_many(self, values: Mapping[str, Any], ttl: int = DEFAULT_TTL_SECONDS) -> None:
        """Store each value as JSON, forgetting the least recently used entries beyond the bound."""
        # The TTL is not needed here: entries are checked against their version and the store is bounded.
        with self._lock:
            for key, value in values.items():
                self._entries[key] = json.dumps(value, separators=(",", ":"))
                self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()


class RedisCache:
    """Shared by every process that points at the same Redis; keys carry a prefix so one Redis can serve several
    installations."""

    def __init__(self, url: str, prefix: str = "omtanke:cache:") -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._errors = redis.RedisError
        self._prefix = prefix

    def get_many(self, keys: Iterable[str]) -> list[Any]:
        """The cached value of each key, in order; None where there is none, or for every key while Redis is down."""
        keys = list(keys)
        if not keys:
            return []
        try:
            values = self._redis.mget([self._prefix + key for key in keys])
        except self._errors as error:
            log.warning("cache unavailable, computing without it: %s", error)
            return [None] * len(keys)
        return [None if value is None else json.loads(value) for value in values]

    def set_many(self, values: Mapping[str, Any], ttl: int = DEFAULT_TTL_SECONDS) -> None:
        """Store each value as JSON for ``ttl`` seconds; while Redis is down nothing is stored, with a warning."""
        if not values:
            return
        try:
            with self._redis.pipeline(transaction=False) as pipe:
                for key, value in values.items():
                    pipe.set(self._prefix + key, json.dumps(value, separators=(",", ":")), ex=ttl)
                pipe.execute()
        except self._errors as error:
            log.warning("cache unavailable, result not stored: %s", error)

    def clear(self) -> None:
        """Forget this installation's entries (after a restore): only keys with our prefix are removed."""
        try:
            batch = []
            for key in self._redis.scan_iter(match=self._prefix + "*", count=1000):
                batch.append(key)
                if len(batch) >= 1000:
                    self._redis.delete(*batch)
                    batch = []
            if batch:
                self._redis.delete(*batch)
        except self._errors as error:
            log.warning("cache unavailable, not cleared: %s", error)


def init_cache(app: Flask) -> None:
    """Give the app its cache: Redis at ``OMTANKE_CACHE_URL`` when set, else a store in this process."""
    url = app.config.get("OMTANKE_CACHE_URL")
    app.extensions["omtanke_cache"] = RedisCache(url) if url else MemoryCache()


def shared_cache() -> MemoryCache | RedisCache:
    """The current app's cache: Redis or this process's store (see :func:`init_cache`)."""
    return current_app.extensions["omtanke_cache"]
