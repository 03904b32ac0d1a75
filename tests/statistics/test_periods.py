"""Reporting periods: pure date arithmetic, and the beat schedule that uses it."""

from datetime import date

from django.conf import settings

from supervision.statistics import periods


def test_month_bounds_are_local_midnights():
    feb = periods.month(date(2024, 2, 17))
    assert (feb.first, feb.last, feb.after) == (date(2024, 2, 1), date(2024, 2, 29), date(2024, 3, 1))
    assert feb.start.isoformat() == "2024-02-01T00:00:00+08:00"
    assert feb.label == "2024年2月"


def test_previous_month_and_months_back_cross_years():
    assert periods.previous_month(date(2026, 1, 1)).first == date(2025, 12, 1)
    months = periods.months_back(date(2026, 3, 10), 13)
    assert months[0].first == date(2025, 3, 1) and months[-1].first == date(2026, 3, 1) and len(months) == 13


def test_share_of_year_elapsed():
    assert periods.share_of_year_elapsed(2026, date(2025, 12, 31)) == 0
    assert periods.share_of_year_elapsed(2026, date(2026, 1, 1)) == 1 / 365
    assert periods.share_of_year_elapsed(2026, date(2026, 12, 31)) == 1
    assert periods.share_of_year_elapsed(2024, date(2024, 7, 1)) == 183 / 366


def test_parse_month():
    assert periods.parse_month("2026-02") == date(2026, 2, 1)
    assert periods.parse_month("2026-02-01") == date(2026, 2, 1)
    for bad in ("", "2026-13", "abc", "1999-01", None):
        assert periods.parse_month(bad) is None


def test_the_monthly_job_runs_on_the_first():
    entry = settings.CELERY_BEAT_SCHEDULE["supervision-monthly-statistics"]
    assert entry["task"] == "supervision.statistics.tasks.monthly_statistics_reports"
    assert entry["schedule"].day_of_month == {1}
    from legalaid.celery import app

    assert entry["task"] in app.tasks
    assert settings.CELERY_BEAT_SCHEDULE["supervision-month-to-date-statistics"]["task"] in app.tasks
