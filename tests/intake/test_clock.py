from datetime import date, datetime, timedelta

from intake import clock


def test_decision_due_is_seven_days_from_receipt():
    assert clock.decision_due(date(2026, 3, 2)) == date(2026, 3, 9)


def test_paused_days_push_the_due_date():
    assert clock.decision_due(date(2026, 3, 2), paused_days=4) == date(2026, 3, 13)


def test_days_paused_counts_calendar_days_never_negative():
    assert clock.days_paused(date(2026, 3, 3), date(2026, 3, 10)) == 7
    assert clock.days_paused(date(2026, 3, 3), date(2026, 3, 3)) == 0
    assert clock.days_paused(date(2026, 3, 3), date(2026, 3, 1)) == 0


def test_effective_due_moves_while_paused():
    due = date(2026, 3, 9)
    assert clock.effective_due(due, None, date(2026, 3, 20)) == due
    assert clock.effective_due(due, date(2026, 3, 5), date(2026, 3, 8)) == date(2026, 3, 12)


def test_urgent_when_fewer_than_seven_days_remain():
    today = date(2026, 3, 2)
    assert clock.is_urgent(today + timedelta(days=6), today)
    assert not clock.is_urgent(today + timedelta(days=7), today)
    assert not clock.is_urgent(None, today)
    assert clock.is_urgent(None, today, needs_preservation=True)


def test_due_state():
    today = date(2026, 3, 9)
    assert clock.due_state(date(2026, 3, 8), today) == "overdue"
    assert clock.due_state(today, today) == "due_today"
    assert clock.due_state(date(2026, 3, 11), today) == "due_soon"
    assert clock.due_state(date(2026, 3, 20), today) == "on_time"


def test_forwarding_within_24_hours():
    applied = datetime(2026, 3, 2, 9, 0)
    assert not clock.forwarded_late(applied, applied + timedelta(hours=24), 24)
    assert clock.forwarded_late(applied, applied + timedelta(hours=25), 24)
    assert not clock.forwarded_late(None, applied, 24)


def test_notice_lapses_the_day_after_due():
    assert not clock.notice_lapsed(date(2026, 3, 10), date(2026, 3, 10))
    assert clock.notice_lapsed(date(2026, 3, 10), date(2026, 3, 11))
