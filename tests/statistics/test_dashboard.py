"""The director's dashboard reads stored figures only; the monthly job and the back-fill file the months."""

from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from legalaid.models import Organisation
from supervision.models import StatisticsReport
from supervision.statistics import figures, filing, periods, services, tasks
from tests.factories import OrganisationFactory

MARCH = "2026-03-10 10:00 +08:00"
FILING = 5  # city, county centre, two workstations, the other county centre


@pytest.fixture
def computed_periods(monkeypatch):
    """Every period the dashboard asks `figures.compute` for."""
    asked = []
    real = figures.compute

    def spy(root, period, **kwargs):
        asked.append(period.first)
        return real(root, period, **kwargs)

    monkeypatch.setattr(figures, "compute", spy)
    cache.clear()
    return asked


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/supervision/statistics/dashboard/").status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_dashboard_never_computes_a_past_month(network, director, client, computed_periods):
    client.force_login(director)
    with time_machine.travel(MARCH, tick=False):
        page = client.get("/supervision/statistics/dashboard/")
        again = client.get("/supervision/statistics/dashboard/")
    # Nothing is stored: only this month is computed live, once for the interval.
    assert computed_periods == [date(2026, 3, 1)]
    missing = page.context["data"]["missing"]
    assert [month.period.first for month in missing] == [date(2025, m, 1) for m in range(3, 13)] + [
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert "statistics_backfill" in missing[0].missing
    kpis = {k["key"]: k for k in page.context["data"]["kpis"]}
    assert kpis["case_opened"]["last"] is None and kpis["case_opened"]["this"] == 0
    assert 'data-testid="missing-months"' in page.content.decode()
    assert again.context["data"]["this_month_at"] == page.context["data"]["this_month_at"]


@pytest.mark.django_db
def test_a_failed_month_says_why(network, director, client, computed_periods):
    StatisticsReport.objects.create(
        organisation=network.centre, period=date(2026, 2, 1), status=StatisticsReport.Status.FAILED, error="超时"
    )
    client.force_login(director)
    with time_machine.travel(MARCH, tick=False):
        page = client.get("/supervision/statistics/dashboard/")
    february = next(m for m in page.context["data"]["missing"] if m.period.first == date(2026, 2, 1))
    assert "超时" in february.missing
    assert computed_periods == [date(2026, 3, 1)]


@pytest.mark.django_db
def test_the_dashboard_queries_do_not_grow_with_months_or_organisations(network, director, client, computed_periods):
    client.force_login(director)
    with time_machine.travel(MARCH, tick=False):
        tasks.month_to_date_statistics()
        services.monthly_reports_generate(date(2026, 2, 1))
        few = dashboard_queries(client)
        for number in range(4):
            OrganisationFactory(
                name=f"第{number}工作站", kind=Organisation.Kind.TOWNSHIP_WORKSTATION, parent=network.centre
            )
        call_command("statistics_backfill", "--from", "2025-03")
        tasks.month_to_date_statistics()
        many = dashboard_queries(client)
    assert StatisticsReport.objects.filter(organisation=network.centre).count() == 13
    assert few == many
    assert computed_periods.count(date(2026, 3, 1)) == 2  # by the beat job only, never by the page
    assert all(first < date(2026, 3, 1) for first in computed_periods if first != date(2026, 3, 1))


@pytest.mark.django_db
def test_the_back_fill_files_every_past_month_once(network):
    with time_machine.travel(MARCH, tick=False):
        call_command("statistics_backfill", "--from", "2025-12")
        call_command("statistics_backfill", "--from", "2025-12")
    months = [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    reports = StatisticsReport.objects.filter(period__in=months)
    assert reports.count() == FILING * 3
    assert all(filing.is_filed(report) for report in reports)
    assert not StatisticsReport.objects.filter(period=date(2026, 3, 1)).exists()


@pytest.mark.django_db
def test_the_back_fill_of_one_organisation(network):
    with time_machine.travel(MARCH, tick=False):
        call_command("statistics_backfill", "--from", "2026-01", "--organisation", str(network.workstation.pk))
    assert set(StatisticsReport.objects.values_list("organisation_id", "period")) == {
        (network.workstation.pk, date(2026, 1, 1)),
        (network.workstation.pk, date(2026, 2, 1)),
    }


@pytest.mark.django_db
def test_a_month_beat_missed_is_filed_by_the_next_monthly_run(network):
    with time_machine.travel("2026-01-01 02:00 +08:00", tick=False):
        tasks.monthly_statistics_reports()  # December
    # Beat was down on 1 February: January was never filed.
    with time_machine.travel("2026-02-20 10:00 +08:00", tick=False):
        tasks.month_to_date_statistics()  # February so far, not final
    with time_machine.travel("2026-03-01 02:00 +08:00", tick=False):
        result = tasks.monthly_statistics_reports()
        assert filing.unfiled_months(date(2026, 3, 1)) == []
    assert result["months"] == 2
    for first in (date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)):
        reports = StatisticsReport.objects.filter(period=first)
        assert reports.count() == FILING and all(filing.is_filed(r) for r in reports)


@pytest.mark.django_db
def test_the_director_home_panel_shows_last_months_figures(network, director, client):
    client.force_login(director)
    with time_machine.travel(MARCH, tick=False):
        before = client.get("/").content.decode()
        services.monthly_reports_generate(date(2026, 2, 1))
        after = client.get("/").content.decode()
    assert "statistics-summary-missing" in before and "statistics_backfill" in before
    assert 'data-testid="statistics-summary"' in after and "statistics-summary-missing" not in after
    assert periods.month(date(2026, 2, 1)).label in after
    assert "收到申请(件)" in after


@pytest.mark.django_db
def test_the_first_monthly_run_after_go_live_files_last_month(network):
    # Installed on the 1st: beat's month-to-date run makes March's reports before the monthly job.
    with time_machine.travel("2026-03-01 00:30 +08:00", tick=False):
        tasks.month_to_date_statistics()
    with time_machine.travel("2026-03-01 02:00 +08:00", tick=False):
        assert tasks.monthly_statistics_reports()["months"] == 1
    february = StatisticsReport.objects.filter(period=date(2026, 2, 1))
    assert february.count() == FILING and all(filing.is_filed(r) for r in february)
