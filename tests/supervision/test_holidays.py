"""The official calendar from the `chinesecalendar` library, with administrator rows winning."""

from datetime import date

import pytest
import time_machine

from supervision import holidays
from supervision.models import Holiday
from supervision.services import add_working_days, holiday_calendar


def test_the_library_carries_this_years_notice():
    days_off, workdays = holidays.calendar_between(date(2026, 9, 1), date(2026, 10, 31), {})
    assert {date(2026, 10, d) for d in range(1, 8)} <= days_off
    assert date(2026, 10, 10) in workdays
    assert 2026 in holidays.covered_years()


def test_an_override_wins_over_the_library_for_its_date():
    overrides = {date(2026, 10, 7): holidays.WORKDAY, date(2026, 10, 9): holidays.DAY_OFF}
    days_off, workdays = holidays.calendar_between(date(2026, 10, 1), date(2026, 10, 31), overrides)
    assert date(2026, 10, 7) in workdays and date(2026, 10, 7) not in days_off
    assert date(2026, 10, 9) in days_off
    # An override outside the window is not taken.
    assert (
        date(2026, 12, 1)
        not in holidays.calendar_between(date(2026, 10, 1), date(2026, 10, 31), {date(2026, 12, 1): holidays.DAY_OFF})[
            0
        ]
    )


def test_uncovered_years_are_named():
    far = max(holidays.covered_years()) + 5
    assert holidays.uncovered_years([2026, far]) == [far]


@pytest.mark.django_db
@time_machine.travel("2026-09-28 09:00 +0800", tick=False)
def test_working_days_come_from_the_library_with_no_rows():
    assert not Holiday.objects.exists()
    # Wed 30 Sept: 1-7 Oct off, Thu 8, Fri 9, Sat 10 (worked), Mon 12, Tue 13.
    assert add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 13)


@pytest.mark.django_db
def test_an_admin_row_overrides_the_library_in_the_services():
    Holiday.objects.create(date=date(2026, 10, 8), name="本地补休", kind=Holiday.Kind.DAY_OFF)
    Holiday.objects.create(date=date(2026, 10, 10), name="取消调休", kind=Holiday.Kind.DAY_OFF)
    days_off, workdays = holiday_calendar(date(2026, 9, 1), 60)
    assert date(2026, 10, 8) in days_off
    assert date(2026, 10, 10) in days_off and date(2026, 10, 10) not in workdays
    assert add_working_days(date(2026, 9, 30), 2) == date(2026, 10, 12)


@pytest.mark.django_db
@time_machine.travel("2026-11-30 09:00 +0800", tick=False)
def test_the_holiday_admin_says_which_year_the_library_lacks(network):
    from django.urls import reverse

    from legalaid.roles import Role
    from tests.conftest import login
    from tests.factories import make_member

    admin = make_member(network.city, Role.ADMINISTRATOR, is_staff=True)
    page = login(admin).get(reverse("admin:supervision_holiday_changelist"), follow=True)
    assert page.status_code == 200
    missing = holidays.uncovered_years([2026, 2027])
    text = page.content.decode()
    for year in missing:
        assert f"尚无 {year} 年的安排" in text
    if not missing:
        assert "chinesecalendar" not in text
