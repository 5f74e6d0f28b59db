"""The response cache's pure parts: bounded LRU, canonical query, ETags."""

from graphsvc.caching import CachedAnswer, LRUCache, _etag_matches, etag_for, sorted_query


def answer(size: int) -> CachedAnswer:
    return CachedAnswer(200, ((b"content-type", b"application/json"),), b"x" * size)


def test_lru_evicts_least_recently_used_beyond_max_entries() -> None:
    cache = LRUCache(max_entries=2, max_bytes=1000)
    cache.put("a", answer(1))
    cache.put("b", answer(1))
    assert cache.get("a") is not None  # "a" is now the most recent
    cache.put("c", answer(1))
    assert cache.get("b") is None
    assert cache.get("a") is not None and cache.get("c") is not None
    assert len(cache) == 2


def test_lru_is_bounded_by_bytes_and_skips_oversized_answers() -> None:
    cache = LRUCache(max_entries=100, max_bytes=10)
    cache.put("a", answer(6))
    cache.put("b", answer(6))
    assert cache.get("a") is None and cache.get("b") is not None
    assert cache.bytes == 6
    cache.put("huge", answer(11))
    assert cache.get("huge") is None and cache.bytes == 6


def test_query_order_does_not_change_the_key_or_the_etag() -> None:
    assert sorted_query(b"depth=2&types=State") == sorted_query(b"types=State&depth=2")
    assert etag_for("v1", "/p", sorted_query(b"b=2&a=1")) == etag_for("v1", "/p", sorted_query(b"a=1&b=2"))


def test_etag_depends_on_version_path_and_query() -> None:
    base = etag_for("v1", "/entities/state:kazakhstan", "")
    assert base != etag_for("v2", "/entities/state:kazakhstan", "")
    assert base != etag_for("v1", "/entities/state:turkiye", "")
    assert base != etag_for("v1", "/entities/state:kazakhstan", "depth=2")


def test_if_none_match_accepts_lists_weak_tags_and_star() -> None:
    tag = etag_for("v1", "/p", "")
    assert _etag_matches(f'"other", {tag}', tag)
    assert _etag_matches(f"W/{tag}", tag)
    assert _etag_matches("*", tag)
    assert not _etag_matches('"other"', tag)
