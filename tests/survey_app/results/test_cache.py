"""Results are cached per workplace and round, in-process or in Redis: a cached figure equals a fresh one, a new
response is counted at once, only the workplaces that changed are summed again, and a cache that is down changes
nothing but the speed."""

from __future__ import annotations

import pytest

from survey_app.cache import MemoryCache, RedisCache
from survey_app.db import db
from survey_app.results.anonymity import ORGANISATION
from survey_app.results.computed import round_results
from tests.clock import TODAY


def _figures(results) -> dict:
    """What a reader sees; means to 9 decimals (sums added in another order may differ in the last bit)."""
    hme = lambda unit: {key: None if value is None else round(value, 9) for key, value in unit.hme.items()}  # noqa: E731
    return {
        node: (unit.responses, hme(unit), {key: (item.answered, dict(item.counts)) for key, item in unit.items.items()})
        for node, unit in results.units.items()
        if not unit.suppressed
    }


@pytest.fixture
def world(make, known_people):
    area = make.unit("Hemtjänst", code="HT")
    north = make.unit("Hemtjänst Norr", parent=area, code="HT-1")
    south = make.unit("Hemtjänst Syd", parent=area, code="HT-2")
    survey = make.survey_round(None, sections=("hme/motivation", "hme/leadership", "hme/steering"))
    for person in known_people:
        make.response(survey, north, person)
        make.response(survey, south, person)
    db.session.commit()
    return survey, north, south


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def cache(request, app, monkeypatch):
    if request.param == "memory":
        store = MemoryCache()
    else:
        store = RedisCache(request.getfixturevalue("redis_url"))
    monkeypatch.setitem(app.extensions, "omtanke_cache", store)
    return store


def test_a_cached_result_equals_a_fresh_one_and_costs_fewer_queries(app, world, cache, count_queries, known_people):
    survey, north, south = world
    with count_queries() as cold:
        first = round_results(survey)
    with count_queries() as warm:
        second = round_results(survey)
    assert _figures(second) == _figures(first)
    assert second.units[ORGANISATION].responses == 2 * len(known_people)
    # The answer tables are not read again: only units, the workplaces' versions and headcounts.
    assert warm.count <= cold.count - 4


def test_a_new_response_is_counted_at_once_and_only_its_workplace_is_summed_again(
    app, world, cache, count_queries, known_people, make
):
    survey, north, south = world
    before = round_results(survey)
    make.response(survey, north, known_people[0])
    db.session.commit()
    after = round_results(survey)
    assert after.units[north.id].responses == before.units[north.id].responses + 1
    assert after.units[south.id].hme == before.units[south.id].hme
    assert after.units[north.id].items["hme.hme1"].answered == before.units[north.id].items["hme.hme1"].answered + 1
    cache.clear()
    assert _figures(round_results(survey)) == _figures(after)


def test_a_cache_that_is_down_changes_nothing_but_the_speed(app, world, monkeypatch, caplog):
    survey, _, _ = world
    expected = _figures(round_results(survey))
    monkeypatch.setitem(app.extensions, "omtanke_cache", RedisCache("redis://127.0.0.1:1/0"))
    assert _figures(round_results(survey)) == expected
    assert "cache unavailable" in caplog.text


def test_redis_holds_the_figures_for_every_process(app, world, redis_url, monkeypatch, count_queries):
    import redis

    survey, north, _ = world
    monkeypatch.setitem(app.extensions, "omtanke_cache", RedisCache(redis_url))
    with count_queries() as cold:
        expected = _figures(round_results(survey))
    keys = redis.Redis.from_url(redis_url).keys("omtanke:cache:results:*")
    assert len(keys) == 4  # figures and items of two workplaces
    # Another process: a new client on the same server reads the figures without recomputing them.
    monkeypatch.setitem(app.extensions, "omtanke_cache", RedisCache(redis_url))
    with count_queries() as warm:
        assert _figures(round_results(survey)) == expected
    assert warm.count <= cold.count - 4


def test_the_nightly_warm_up_fills_redis_with_recently_closed_rounds(app, make, redis_url, monkeypatch, known_people):
    from datetime import timedelta

    import redis

    unit = make.unit("Hemtjänst Norr", code="HT-1")
    today = TODAY
    closed = make.survey_round(None, sections=("hme/motivation",), opens_on=today - timedelta(days=20),
                               closes_on=today - timedelta(days=2))  # fmt: skip
    old = make.survey_round(None, sections=("hme/motivation",), opens_on=today - timedelta(days=90),
                            closes_on=today - timedelta(days=60))  # fmt: skip
    for survey in (closed, old):
        for person in known_people:
            make.response(survey, unit, person)
    db.session.commit()
    monkeypatch.setitem(app.extensions, "omtanke_cache", RedisCache(redis_url))
    result = app.test_cli_runner().invoke(args=["rounds", "warm-results", "--days", "7"])
    assert result.exit_code == 0, result.output
    assert f"round {closed.id}" in result.output and f"round {old.id}" not in result.output
    keys = {key.decode() for key in redis.Redis.from_url(redis_url).keys("omtanke:cache:results:*")}
    assert keys and all(key.startswith(f"omtanke:cache:results:{closed.id}:") for key in keys)
