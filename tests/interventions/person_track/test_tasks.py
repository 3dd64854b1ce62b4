"""Known-answer tests of every task date of the person track: the Swedish days of a sick period and talks, the
Finnish 30-60-90 duties and early-support talk, weekends and public holidays in both countries, the continuation
rule, a sick report completed by a later import, and the window in which a task is listed.

Pure functions, so the dates are fixed calendar days of 2027 chosen for their weekdays and holidays (written next to
each); nothing depends on the real today.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest

from interventions.absence import AbsenceRules, PersonSignal, Spell, merge_episodes, person_signals
from interventions.person_track import DEADLINE_KINDS, TASK_KINDS, Task, TaskRules, person_tasks

SE = TaskRules(country="se")
FI = TaskRules(country="fi")
SEE_ALL = {"show_days_ahead": 400, "keep_overdue_days": 400}  # list every task whatever the day

# Days off on weekdays, as the app passes them: Sweden's public holidays with Midsummer Eve, Christmas Eve and New
# Year's Eve (days off in practice), Finland's public holidays (checked against the holidays package below).
SE_DAYS_OFF = frozenset(
    date.fromisoformat(day)
    for day in ("2027-06-25", "2027-06-26", "2027-12-24", "2027-12-25", "2027-12-26", "2027-12-31", "2028-01-01",
                "2028-01-06")
)  # fmt: skip
FI_DAYS_OFF = frozenset(
    date.fromisoformat(day) for day in ("2027-06-25", "2027-06-26", "2027-12-06", "2027-12-24", "2027-12-25")
)


def d(text: str) -> date:
    return date.fromisoformat(text)


def spell(first: str, last: str | None = None, employee: str = "p1", unit: str = "A") -> Spell:
    return Spell(employee, unit, d(first), d(last) if last else None, 100)


def tasks(*spells: Spell, today: str, rules: TaskRules = SE, expected=None, signals=(), days_off=SE_DAYS_OFF):
    episodes = merge_episodes(spells, AbsenceRules())
    return person_tasks(episodes, expected or {}, signals, rules, d(today), days_off)


def everything(*spells: Spell, today: str, expected=None, signals=(), country="se", days_off=SE_DAYS_OFF):
    rules = TaskRules.from_mapping({"country": country, **SEE_ALL})
    return tasks(*spells, today=today, rules=rules, expected=expected, signals=signals, days_off=days_off)


def dues(found: list[Task]) -> list[tuple[str, str]]:
    return [(t.kind, t.due_on.isoformat()) for t in found]


def signal(rule: str, on: str, employee: str = "p1", unit: str = "A") -> PersonSignal:
    return PersonSignal(employee, unit, rule, d(on), 0.0, "")


def test_the_holidays_written_here_are_those_of_the_holidays_package() -> None:
    sweden = holidays.Sweden(years=(2027, 2028), include_sundays=False, categories=("public", "de_facto"))
    finland = holidays.Finland(years=2027)
    assert SE_DAYS_OFF <= set(sweden)
    assert FI_DAYS_OFF <= set(finland)
    # Midsummer Eve is no public holiday in Swedish law, only a day off in practice: the app asks for "de_facto" too
    assert date(2027, 6, 25) not in holidays.Sweden(years=2027)


def test_every_swedish_date_of_a_long_sick_period_starting_on_a_monday() -> None:
    # Monday 1 March 2027: day 2 Tuesday, day 8 Monday 8 March, day 21 Sunday 21 March -> Friday 19, day 30 Tuesday
    found = everything(spell("2027-03-01"), today="2027-03-02", expected={("p1", d("2027-03-01")): 90})
    assert dues(found) == [
        ("se_call", "2027-03-02"),
        ("se_health_care", "2027-03-08"),
        ("se_notify_fk", "2027-03-19"),  # a deadline on a Sunday moves back to Friday
        ("se_return_plan", "2027-03-30"),  # a report expecting 90 days: the plan by day 30
    ]
    assert {t.anchor for t in found} == {d("2027-03-01")}
    assert [t.params["day"] for t in found] == [2, 8, 21, 30]


def test_a_call_due_on_a_saturday_moves_to_monday() -> None:
    # Friday 8 January 2027: day 2 is Saturday 9 January
    (call,) = [t for t in everything(spell("2027-01-08"), today="2027-01-08") if t.kind == "se_call"]
    assert call.due_on == d("2027-01-11")


def test_a_call_due_on_midsummer_eve_moves_past_midsummer_to_monday() -> None:
    # Thursday 24 June 2027: day 2 is Midsummer Eve, then Midsummer Day and a Sunday
    (call,) = [t for t in everything(spell("2027-06-24"), today="2027-06-24") if t.kind == "se_call"]
    assert call.due_on == d("2027-06-28")


def test_swedish_christmas_and_epiphany_move_contacts_later_and_deadlines_earlier() -> None:
    # Friday 17 December 2027: day 2 Saturday, day 8 Christmas Eve, day 21 Epiphany 2028 (a Thursday), day 30 Saturday
    found = everything(spell("2027-12-17"), today="2027-12-17", expected={("p1", d("2027-12-17")): 60})
    assert dues(found) == [
        ("se_call", "2027-12-20"),
        ("se_health_care", "2027-12-27"),  # Christmas Eve, Christmas Day, Boxing Day (a Sunday): Monday
        ("se_notify_fk", "2028-01-05"),  # the deadline on Epiphany: the Wednesday before
        ("se_return_plan", "2028-01-14"),  # the deadline on a Saturday: Friday
    ]


def test_the_same_day_off_moves_a_contact_later_and_a_deadline_earlier() -> None:
    assert "se_call" not in DEADLINE_KINDS and "se_notify_fk" in DEADLINE_KINDS
    assert set(DEADLINE_KINDS) <= set(TASK_KINDS)
    talk, point = signal("short_spells_fi", "2027-06-11"), signal("fi_30", "2027-06-25")
    found = everything(signals=[talk, point], country="fi", today="2027-06-25", days_off=FI_DAYS_OFF)
    # the talk is due 14 days after Friday 11 June: Midsummer Eve, so Monday; the 30 point on Midsummer Eve: Thursday
    assert dues(found) == [("fi_notify_oh", "2027-06-24"), ("fi_early_support", "2027-06-28")]


def test_spells_continuing_within_five_days_are_one_sick_period_with_one_call() -> None:
    # Monday 1 March to Wednesday 3 March, again from Monday 8 March (5 days later): one period, one call
    found = everything(spell("2027-03-01", "2027-03-03"), spell("2027-03-08", "2027-03-09"), today="2027-03-10")
    assert dues(found) == [("se_call", "2027-03-02"), ("se_health_care", "2027-03-08")]
    assert {t.anchor for t in found} == {d("2027-03-01")}


def test_a_spell_six_days_after_the_last_starts_a_new_period_with_a_new_call() -> None:
    found = everything(spell("2027-03-01", "2027-03-03"), spell("2027-03-09", "2027-03-10"), today="2027-03-10")
    assert [(t.kind, t.anchor, t.due_on) for t in found] == [
        ("se_call", d("2027-03-01"), d("2027-03-02")),
        ("se_call", d("2027-03-09"), d("2027-03-10")),
    ]


def test_a_spell_that_ended_on_its_first_day_gives_no_call() -> None:
    assert everything(spell("2027-03-01", "2027-03-01"), today="2027-03-02") == []
    assert dues(everything(spell("2027-03-01", "2027-03-02"), today="2027-03-03")) == [("se_call", "2027-03-02")]


def test_day_eight_comes_only_to_a_period_that_reaches_it() -> None:
    assert [t.kind for t in everything(spell("2027-03-01", "2027-03-07"), today="2027-03-10")] == ["se_call"]
    assert "se_health_care" in [t.kind for t in everything(spell("2027-03-01", "2027-03-08"), today="2027-03-10")]


def test_forsakringskassan_is_notified_only_when_the_period_goes_past_day_fourteen() -> None:
    kinds = [t.kind for t in everything(spell("2027-03-01", "2027-03-14"), today="2027-03-20")]
    assert "se_notify_fk" not in kinds
    kinds = [t.kind for t in everything(spell("2027-03-01", "2027-03-15"), today="2027-03-20")]
    assert "se_notify_fk" in kinds


def test_the_return_plan_needs_sixty_days_expected_or_lasted_and_day_thirty_reached() -> None:
    first = d("2027-03-01")
    open_spell = spell("2027-03-01")
    assert "se_return_plan" not in [t.kind for t in everything(open_spell, today="2027-03-20")]
    expected_59 = {("p1", first): 59}
    assert "se_return_plan" not in [t.kind for t in everything(open_spell, today="2027-03-20", expected=expected_59)]
    plan = [
        t
        for t in everything(open_spell, today="2027-03-20", expected={("p1", first): 60})
        if t.kind == "se_return_plan"
    ]
    assert [t.due_on for t in plan] == [d("2027-03-30")]
    # no report, but the period has lasted 60 days: the plan is listed, overdue since day 30
    assert "se_return_plan" in [t.kind for t in everything(open_spell, today="2027-04-29")]
    assert "se_return_plan" not in [t.kind for t in everything(open_spell, today="2027-04-28")]
    # back at work before day 30: no plan, whatever the report expected
    short = everything(spell("2027-03-01", "2027-03-20"), today="2027-03-25", expected={("p1", first): 90})
    assert "se_return_plan" not in [t.kind for t in short]
    # a certificate already running to day 60 says it
    assert "se_return_plan" in [t.kind for t in everything(spell("2027-03-01", "2027-04-29"), today="2027-03-20")]


def test_a_report_on_a_continuing_spell_counts_from_the_first_day_of_the_period() -> None:
    # period from 1 March; a new report on 8 March (within 5 days of the 3 March end) expects 53 days: 60 in all
    spells = spell("2027-03-01", "2027-03-03"), spell("2027-03-08")
    found = everything(*spells, today="2027-03-10", expected={("p1", d("2027-03-08")): 53})
    assert ("se_return_plan", "2027-03-30") in dues(found)
    found = everything(*spells, today="2027-03-10", expected={("p1", d("2027-03-08")): 52})
    assert "se_return_plan" not in [t.kind for t in found]


def test_a_sick_report_then_an_import_of_the_same_spell_keeps_every_task_the_same() -> None:
    first = d("2027-03-01")
    reported = everything(spell("2027-03-01"), today="2027-03-16", expected={("p1", first): 90})
    imported = everything(spell("2027-03-01", "2027-05-31"), today="2027-03-16", expected={("p1", first): 90})
    assert reported == imported
    assert [t.identity for t in reported] == [("p1", kind, first) for kind in TASK_KINDS[:4]]


def test_a_report_on_day_one_shows_the_day_two_call_at_once() -> None:
    assert dues(tasks(spell("2027-03-01"), today="2027-03-01")) == [("se_call", "2027-03-02")]
    assert tasks(spell("2027-03-01"), today="2027-02-28") == []  # not before the period starts


def test_a_task_is_listed_from_show_days_ahead_before_it_is_due() -> None:
    # Monday 1 March: day 8 is Monday 8 March, listed from Sunday 7 March with one day ahead, from Friday with three
    assert [t.kind for t in tasks(spell("2027-03-01"), today="2027-03-06")] == ["se_call"]
    assert [t.kind for t in tasks(spell("2027-03-01"), today="2027-03-07")] == ["se_call", "se_health_care"]
    three = TaskRules(show_days_ahead=3)
    assert [t.kind for t in tasks(spell("2027-03-01"), today="2027-03-05", rules=three)] == [
        "se_call",
        "se_health_care",
    ]


def test_an_undone_task_is_listed_until_keep_overdue_days_after_it_was_due() -> None:
    one_spell = spell("2027-03-01", "2027-03-05")
    assert dues(tasks(one_spell, today="2027-05-01")) == [("se_call", "2027-03-02")]  # due + 60 days
    assert tasks(one_spell, today="2027-05-02") == []
    assert dues(tasks(one_spell, today="2027-03-12", rules=TaskRules(keep_overdue_days=10))) == [
        ("se_call", "2027-03-02")
    ]
    assert tasks(one_spell, today="2027-03-13", rules=TaskRules(keep_overdue_days=10)) == []


def test_tasks_are_sorted_by_due_date_then_employee_then_kind() -> None:
    spells = spell("2027-03-01", employee="p2"), spell("2027-03-01", employee="p1"), spell("2027-02-22", employee="p3")
    found = tasks(*spells, today="2027-03-07")
    assert [(t.due_on.isoformat(), t.employee, t.kind) for t in found] == [
        ("2027-02-23", "p3", "se_call"),
        ("2027-03-01", "p3", "se_health_care"),
        ("2027-03-02", "p1", "se_call"),
        ("2027-03-02", "p2", "se_call"),
        ("2027-03-08", "p1", "se_health_care"),
        ("2027-03-08", "p2", "se_health_care"),
    ]


def test_a_task_carries_the_unit_of_the_latest_spell() -> None:
    spells = spell("2027-03-01", "2027-03-03", unit="A"), spell("2027-03-05", unit="B")
    assert {t.unit for t in tasks(*spells, today="2027-03-05")} == {"B"}


def test_the_warning_and_the_omtankesamtal_come_from_the_signals() -> None:
    # 3 one-day spells: the warning on the 3rd's first day (Friday 5 March 2027), due 7 days later: Friday 12 March
    days = ["2026-06-01", "2026-11-02", "2027-03-05"]
    spells = [spell(day, day) for day in days]
    signals = person_signals(merge_episodes(spells, AbsenceRules()), AbsenceRules(), d("2027-03-10"))
    found = [t for t in tasks(*spells, today="2027-03-11", signals=signals) if t.kind != "se_call"]
    assert [(t.kind, t.anchor, t.due_on, t.params) for t in found] == [
        ("se_warning", d("2027-03-05"), d("2027-03-12"), {"signal": "spells_warning"})
    ]
    # the 4th spell on Thursday 11 March (6 days after: a new period): the omtankesamtal, due 14 days later, no warning
    spells.append(spell("2027-03-11", "2027-03-11"))
    signals = person_signals(merge_episodes(spells, AbsenceRules()), AbsenceRules(), d("2027-03-12"))
    found = [t for t in everything(*spells, today="2027-03-12", signals=signals) if t.kind != "se_call"]
    assert [(t.kind, t.anchor, t.due_on) for t in found] == [("se_care_talk", d("2027-03-11"), d("2027-03-25"))]


def test_an_omtankesamtal_due_on_christmas_eve_moves_past_christmas() -> None:
    found = everything(signals=[signal("spells_in_window", "2027-12-10")], today="2027-12-10")
    assert dues(found) == [("se_care_talk", "2027-12-27")]


def test_the_finnish_30_60_90_points_are_due_on_the_day_reached_or_the_working_day_before() -> None:
    signals = [signal("fi_30", "2027-12-06"), signal("fi_60", "2027-12-24"), signal("fi_90", "2027-10-17")]
    found = everything(signals=signals, country="fi", today="2027-12-24", days_off=FI_DAYS_OFF)
    assert [(t.kind, t.anchor.isoformat(), t.due_on.isoformat(), t.params) for t in found] == [
        ("fi_oh_statement", "2027-10-17", "2027-10-15", {"point": 90}),  # a Sunday: Friday
        ("fi_notify_oh", "2027-12-06", "2027-12-03", {"point": 30}),  # Independence Day, a Monday: Friday
        ("fi_allowance", "2027-12-24", "2027-12-23", {"point": 60}),  # Christmas Eve: Thursday
    ]


def test_the_finnish_points_of_a_real_sick_period_as_the_absence_rules_date_them() -> None:
    # sick from Monday 4 January 2027: one month on Thursday 4 February, two months on Thursday 4 March
    sick = spell("2027-01-04")
    signals = person_signals(merge_episodes([sick], AbsenceRules()), AbsenceRules(), d("2027-03-05"))
    found = tasks(sick, today="2027-03-05", rules=FI, signals=signals, days_off=FI_DAYS_OFF)
    # and 30 sick days in 12 months: the early-support talk, 14 days after the period's first day
    assert dues(found) == [
        ("fi_early_support", "2027-01-18"),
        ("fi_notify_oh", "2027-02-04"),
        ("fi_allowance", "2027-03-04"),
    ]


def test_the_finnish_early_support_talk_is_one_task_per_signal_day() -> None:
    # 3 short spells, the latest from Monday 1 March 2027; the days signal the same day: one talk, due Monday 15 March
    spells = [spell("2027-01-11", "2027-01-12"), spell("2027-02-01", "2027-02-03"), spell("2027-03-01", "2027-03-02")]
    both = [signal("short_spells_fi", "2027-03-01"), signal("days_fi", "2027-03-05")]
    talk = [("fi_early_support", d("2027-03-01"), d("2027-03-15"))]
    for today in ("2027-03-05", "2027-03-14"):  # listed from the signal's day, so the talk can be booked at once
        found = tasks(*spells, rules=FI, signals=both, today=today, days_off=FI_DAYS_OFF)
        assert [(t.kind, t.anchor, t.due_on) for t in found] == talk


def test_the_days_signal_keeps_its_talk_on_the_latest_sick_period_while_it_holds() -> None:
    # 40 days from Monday 4 January 2027: the days signal is dated today every day, the talk stays on 4 January
    sick = spell("2027-01-04", "2027-02-12")
    anchors = set()
    for today in ("2027-02-20", "2027-03-01", "2027-03-10"):
        signals = [s for s in person_signals(merge_episodes([sick], AbsenceRules()), AbsenceRules(), d(today))]
        assert [s.rule for s in signals if s.rule == "days_fi"] == ["days_fi"]
        found = everything(sick, signals=signals, country="fi", today=today, days_off=FI_DAYS_OFF)
        anchors |= {t.identity for t in found if t.kind == "fi_early_support"}
    assert anchors == {("p1", "fi_early_support", d("2027-01-04"))}


def test_each_country_gets_only_its_own_tasks() -> None:
    swedish = [signal("spells_warning", "2027-03-01"), signal("spells_in_window", "2027-03-01")]
    finnish = [signal("fi_30", "2027-03-01"), signal("short_spells_fi", "2027-03-01"), signal("bradford", "2027-03-01")]
    found = everything(spell("2027-03-01"), signals=swedish + finnish, country="fi", today="2027-03-02")
    assert {t.kind for t in found} == {"fi_notify_oh", "fi_early_support"}
    found = everything(spell("2027-03-01"), signals=swedish + finnish, country="se", today="2027-03-02")
    assert {t.kind for t in found} == {"se_call", "se_health_care", "se_notify_fk", "se_warning", "se_care_talk"}


def test_task_rules_from_plain_values() -> None:
    rules = TaskRules.from_mapping({"country": "fi", "talk_within_days": 10, "show_days_ahead": 0})
    assert (rules.country, rules.talk_within_days, rules.show_days_ahead, rules.se_call_day) == ("fi", 10, 0, 2)
    assert TaskRules.from_mapping({}) == TaskRules()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"call_day": 3}, "unknown field 'call_day'"),
        ({"country": "no"}, "country"),
        ({"country": 1}, "country"),
        ({"se_call_day": "2"}, "se_call_day"),
        ({"se_call_day": True}, "se_call_day"),
        ({"se_call_day": 0}, "se_call_day"),
        ({"se_notify_fk_day": 14}, "se_notify_fk_day"),
        ({"keep_overdue_days": -1}, "keep_overdue_days"),
        ({"talk_within_days": 1.5}, "talk_within_days"),
    ],
)
def test_task_rules_refuse_unknown_fields_and_wrong_values(values: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TaskRules.from_mapping(values)


def test_configured_days_move_the_swedish_tasks() -> None:
    rules = TaskRules.from_mapping({"se_call_day": 1, "se_plan_expected_days": 30, **SEE_ALL})
    found = tasks(spell("2027-03-02"), rules=rules, today="2027-03-02", expected={("p1", d("2027-03-02")): 30})
    assert ("se_call", "2027-03-02") in dues(found) and ("se_return_plan", "2027-03-31") in dues(found)
    assert timedelta(days=0) == found[0].due_on - found[0].anchor
