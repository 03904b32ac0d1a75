"""The monthly job's idempotence and the lock of a submitted report, under frozen time."""

from datetime import date

import pytest
import time_machine
from django.utils import timezone

from intake.models import Consultation
from legalaid.errors import DomainError
from supervision.models import StatisticsReport, StatisticsReportTransition
from supervision.statistics import services, tasks

FEB = date(2026, 2, 1)


def consult(organisation, when, user):
    from intake.models import Channel

    return Consultation.objects.create(
        channel=Channel.objects.get(code="hotline_12348"),
        organisation=organisation,
        taken_by=user,
        consulted_at=when,
        question="咨询",
    )


@pytest.mark.django_db
def test_beat_job_on_the_first_makes_one_report_per_organisation_however_often_it_runs(network, alice):
    consult(network.workstation, timezone.make_aware(timezone.datetime(2026, 2, 14, 10)), alice)
    with time_machine.travel("2026-03-01 03:00 +08:00", tick=False):
        first = tasks.monthly_statistics_reports()
        second = tasks.monthly_statistics_reports()
        tasks.monthly_statistics_reports.delay().get()
    filing = {
        network.city.pk,
        network.centre.pk,
        network.workstation.pk,
        network.other_workstation.pk,
        network.other_centre.pk,
    }
    reports = StatisticsReport.objects.filter(period=FEB)
    assert {r.organisation_id for r in reports} == filing
    assert reports.count() == len(filing)
    assert first["generated"] == len(filing) and second["generated"] == 0 and second["created"] == 0
    assert all(r.status == StatisticsReport.Status.DRAFT for r in reports)
    workstation = reports.get(organisation=network.workstation)
    assert workstation.figures["values"]["total"]["consult_phone"] == 1
    county = reports.get(organisation=network.centre)
    assert county.figures["values"]["total"]["consult_total"] == 1
    assert county.figures["values"][f"org:{network.workstation.pk}"]["consult_total"] == 1


@pytest.mark.django_db
def test_month_to_date_drafts_are_kept_current_and_made_final_on_the_first(network, alice):
    with time_machine.travel("2026-02-20 10:00 +08:00", tick=False):
        consult(network.workstation, timezone.now(), alice)
        assert tasks.month_to_date_statistics()["generated"] == 5
        consult(network.workstation, timezone.now(), alice)
        assert tasks.month_to_date_statistics()["generated"] == 5
    report = StatisticsReport.objects.get(organisation=network.workstation, period=FEB)
    assert report.figures["values"]["total"]["consult_total"] == 2
    with time_machine.travel("2026-02-28 23:50 +08:00", tick=False):
        consult(network.workstation, timezone.now(), alice)
    with time_machine.travel("2026-03-01 02:00 +08:00", tick=False):
        assert tasks.monthly_statistics_reports()["generated"] == 5
        assert tasks.monthly_statistics_reports()["generated"] == 0
    report.refresh_from_db()
    assert report.figures["values"]["total"]["consult_total"] == 3
    assert StatisticsReport.objects.filter(period=FEB).count() == 5


@pytest.mark.django_db
def test_a_claimed_report_is_not_computed_twice(network):
    with time_machine.travel("2026-03-01 03:00 +08:00", tick=False):
        StatisticsReport.objects.create(
            organisation=network.centre,
            period=FEB,
            status=StatisticsReport.Status.GENERATING,
            claimed_at=timezone.now(),
        )
        result = services.monthly_reports_generate(FEB)
    report = StatisticsReport.objects.get(organisation=network.centre, period=FEB)
    assert report.status == StatisticsReport.Status.GENERATING and not report.figures
    assert result["generated"] == 4
    # A claim left by a worker that died is taken over after half an hour.
    with time_machine.travel("2026-03-01 04:00 +08:00", tick=False):
        services.monthly_reports_generate(FEB)
    report.refresh_from_db()
    assert report.status == StatisticsReport.Status.DRAFT


@pytest.fixture
def submitted(network, director):
    with time_machine.travel("2026-03-02 09:00 +08:00", tick=False):
        consult(network.centre, timezone.make_aware(timezone.datetime(2026, 2, 3, 9)), director)
        report = services.report_request(network.centre, FEB, actor=director)
        return services.report_submit(report, actor=director)


@pytest.mark.django_db
def test_a_submitted_report_is_locked(submitted, network, director):
    stored = dict(submitted.figures)
    with time_machine.travel("2026-03-05 09:00 +08:00", tick=False):
        consult(network.workstation, timezone.make_aware(timezone.datetime(2026, 2, 20, 9)), director)
        services.monthly_reports_generate(FEB)
        tasks.monthly_statistics_reports(period=FEB.isoformat())
        with pytest.raises(DomainError, match="已报送"):
            services.report_refresh(submitted, actor=director)
        again = services.report_request(network.centre, FEB, actor=director)
    submitted.refresh_from_db()
    assert again.pk == submitted.pk
    assert submitted.figures == stored
    assert submitted.figures["values"]["total"]["consult_total"] == 1
    assert submitted.status == StatisticsReport.Status.SUBMITTED and submitted.submitted_by == director
    assert StatisticsReportTransition.objects.filter(report=submitted, to_status="submitted", actor=director).exists()


@pytest.mark.django_db
def test_a_correction_is_a_new_revision_with_the_differences(submitted, network, director):
    with time_machine.travel("2026-03-06 09:00 +08:00", tick=False):
        consult(network.workstation, timezone.make_aware(timezone.datetime(2026, 2, 20, 9)), director)
        with pytest.raises(DomainError, match="更正原因"):
            services.report_correct(submitted, actor=director, reason=" ")
        correction = services.report_correct(submitted, actor=director, reason="寿春镇工作站补录2月咨询1件")
        with pytest.raises(DomainError):
            services.report_correct(submitted, actor=director, reason="再次更正")
    assert correction.revision == 2 and correction.corrects == submitted
    assert correction.status == StatisticsReport.Status.DRAFT
    assert correction.figures["values"]["total"]["consult_total"] == 2
    changed = {(d["column"], d["indicator"], d["old"], d["new"]) for d in correction.differences}
    assert ("合计", "咨询合计", 1, 2) in changed
    assert ("寿春镇法律援助工作站", "来电", 0, 1) in changed
    submitted.refresh_from_db()
    assert submitted.figures["values"]["total"]["consult_total"] == 1
    with time_machine.travel("2026-03-06 10:00 +08:00", tick=False):
        services.report_submit(correction, actor=director)
    assert StatisticsReport.objects.filter(organisation=network.centre, period=FEB).count() == 2


@pytest.mark.django_db
def test_this_month_cannot_be_submitted_and_rights_are_checked(network, director, alice, charlie):
    with time_machine.travel("2026-03-10 09:00 +08:00", tick=False):
        report = services.report_request(network.centre, date(2026, 3, 1), actor=alice)
        with pytest.raises(DomainError, match="次月"):
            services.report_submit(report, actor=director)
        with pytest.raises(DomainError, match="权限"):
            services.report_submit(report, actor=alice)
        with pytest.raises(DomainError, match="管理范围"):
            services.report_request(network.centre, FEB, actor=charlie)
        with pytest.raises(DomainError, match="尚未开始"):
            services.report_request(network.centre, date(2026, 4, 1), actor=alice)


@pytest.mark.django_db
def test_every_status_change_of_a_report_is_recorded_with_its_actor(network, director):
    with time_machine.travel("2026-03-01 03:00 +08:00", tick=False):
        tasks.monthly_statistics_reports()
    beat = StatisticsReport.objects.get(organisation=network.workstation, period=FEB)
    rows = list(StatisticsReportTransition.objects.filter(report=beat).order_by("at", "pk"))
    assert [(r.from_status, r.to_status, r.actor_kind, r.actor) for r in rows] == [
        ("", "generating", "system", None),
        ("generating", "draft", "system", None),
    ]
    with time_machine.travel("2026-03-02 09:00 +08:00", tick=False):
        report = StatisticsReport.objects.get(organisation=network.centre, period=FEB)
        services.report_refresh(report, actor=director)
        services.report_submit(report, actor=director)
    last = StatisticsReportTransition.objects.filter(report=report).order_by("at", "pk").last()
    assert (last.from_status, last.to_status, last.actor, last.actor_kind) == ("draft", "submitted", director, "user")
    refreshed = StatisticsReportTransition.objects.filter(report=report, from_status="draft", to_status="draft")
    assert refreshed.get().actor == director


@pytest.mark.django_db
def test_a_failed_computation_is_recorded_and_taken_up_again(network, monkeypatch):
    from supervision.statistics import figures

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    with time_machine.travel("2026-03-01 03:00 +08:00", tick=False):
        monkeypatch.setattr(figures, "compute", broken)
        with pytest.raises(RuntimeError):
            tasks.monthly_statistics_reports()
        report = StatisticsReport.objects.get(organisation=network.centre, period=FEB)
        assert report.status == StatisticsReport.Status.FAILED and "went away" in report.error
        assert StatisticsReportTransition.objects.filter(report=report, to_status="failed", actor_kind="system")
        monkeypatch.undo()
        tasks.monthly_statistics_reports()
    report.refresh_from_db()
    assert report.status == StatisticsReport.Status.DRAFT and not report.error


@pytest.mark.django_db
def test_a_draft_made_before_the_month_ended_cannot_be_submitted(network, director):
    with time_machine.travel("2026-02-25 09:00 +08:00", tick=False):
        tasks.month_to_date_statistics()
    report = StatisticsReport.objects.get(organisation=network.centre, period=FEB)
    with time_machine.travel("2026-03-01 00:30 +08:00", tick=False), pytest.raises(DomainError, match="月份结束之前"):
        services.report_submit(report, actor=director)


@pytest.mark.django_db
def test_the_actor_is_required():
    with pytest.raises(TypeError):
        services.report_request(None, FEB, actor=None)


@pytest.mark.django_db
def test_the_repair_sweep_takes_up_a_report_whose_worker_died(network):
    from legalaid.kernel import repairs

    with time_machine.travel("2026-03-01 03:00 +08:00", tick=False):
        report = StatisticsReport.objects.create(
            organisation=network.centre,
            period=FEB,
            status=StatisticsReport.Status.GENERATING,
            claimed_at=timezone.now(),
        )
    with time_machine.travel("2026-03-01 03:10 +08:00", tick=False):
        assert repairs.run_all()["statistics_stale_reports"] == 0  # its lease still runs
    with time_machine.travel("2026-03-01 03:40 +08:00", tick=False):
        assert repairs.run_all()["statistics_stale_reports"] == 1
    report.refresh_from_db()
    assert report.status == StatisticsReport.Status.DRAFT and report.figures
    rows = StatisticsReportTransition.objects.filter(report=report).order_by("at", "pk")
    assert [(r.from_status, r.to_status, r.actor_kind) for r in rows] == [
        ("generating", "generating", "system"),
        ("generating", "draft", "system"),
    ]


@pytest.mark.django_db
def test_the_reports_list_shows_each_revision_its_status_and_who_submitted_it(submitted, network, director):
    from django.conf import settings
    from django.urls import reverse

    from tests.conftest import login

    with time_machine.travel("2026-03-06 09:00 +08:00", tick=False):
        correction = services.report_correct(submitted, actor=director, reason="寿春镇工作站补录2月咨询1件")
        client = login(director)
        page = client.get(reverse("supervision:statistics_index")).content.decode()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english = client.get(reverse("supervision:statistics_index")).content.decode()
    rows = page[page.index("<tbody>") : page.index("</tbody>")]
    first = rows[rows.index(reverse("supervision:statistics_monthly", args=[submitted.pk])) :]
    second = rows[rows.index(reverse("supervision:statistics_monthly", args=[correction.pk])) :]
    assert "<td>第1版</td>" in first and "text-bg-success" in first.split("</tr>")[0]
    assert "周主任 2026-03-02 09:00" in first.split("</tr>")[0]
    assert "<td>第2版(更正)</td>" in second.split("</tr>")[0] and "text-bg-secondary" in second.split("</tr>")[0]
    assert "寿县法律援助中心" in second.split("</tr>")[0]
    assert "Version 2" in english and "还没有月报表" not in english
