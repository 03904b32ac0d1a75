"""Application transitions and the statutory clock, with time frozen."""

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from intake import selectors, services
from intake.models import ApplicantLetter, Application, ApplicationTransition, MaterialsNotice
from legalaid.errors import DomainError
from legalaid.kernel import SYSTEM
from legalaid.roles import Role
from legalaid.vocabulary import CaseType
from tests.factories import make_member
from tests.intake.factories import PersonFactory, channel, file_application
from tests.intake.factories import pdf_bytes as real_pdf

TZ = ZoneInfo("Asia/Shanghai")
Status = Application.Status
MONDAY = datetime(2026, 3, 2, 9, 30, tzinfo=TZ)


def at(day_offset: int, hour: int = 10):
    return time_machine.travel(MONDAY.replace(hour=hour) + timedelta(days=day_offset), tick=False)


def pdf_bytes():
    return SimpleUploadedFile("scan.pdf", real_pdf(), content_type="application/pdf")


@pytest.fixture
def director(network):
    return make_member(network.centre, Role.CENTRE_DIRECTOR, username="director")


# ---------------------------------------------------------------- filing


def test_workstation_filing_starts_preliminary_review_with_seven_day_clock(bob, network):
    with at(0):
        application = file_application(bob, network.workstation, attachments=[services.ScanUpload(pdf_bytes())])
    assert application.status == Status.PRELIMINARY_REVIEW
    assert application.centre == network.centre
    assert application.decision_due == date(2026, 3, 9)
    assert application.received_by == bob
    assert len(application.number) == 14 and application.number.startswith("20260302")
    row = ApplicationTransition.objects.get(application=application)
    assert (row.actor, row.from_status, row.to_status) == (bob, "", Status.PRELIMINARY_REVIEW)
    assert application.attachments.get().content_type == "application/pdf"


def test_centre_window_filing_waits_for_acceptance(alice, network):
    with at(0):
        application = file_application(alice, network.centre, channel_code="centre_window")
        assert application.status == Status.RECEIVED
        services.application_accept(application, actor=alice)
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW
    assert application.accepted_at is not None


def test_deadline_before_receipt_is_refused(bob, network):
    with at(0), pytest.raises(DomainError) as error:
        file_application(bob, network.workstation, deadline_date=date(2026, 3, 1))
    assert error.value.field == "deadline_date"
    assert "不能早于接收日期" in str(error.value)
    assert not Application.objects.exists()


def test_deadline_within_seven_days_makes_it_urgent(bob, network):
    with at(0):
        urgent = file_application(bob, network.workstation, deadline_date=date(2026, 3, 8))
        calm = file_application(bob, network.workstation, deadline_date=date(2026, 3, 9))
        preservation = file_application(bob, network.workstation, needs_preservation=True)
    assert urgent.is_urgent and not calm.is_urgent and preservation.is_urgent
    assert urgent.deadline_kind == Application.DeadlineKind.LIMITATION


def test_same_form_submitted_twice_files_once(bob, network):
    token = uuid.uuid4().hex
    with at(0):
        first = file_application(bob, network.workstation, submission_token=token)
        with pytest.raises(DomainError) as error:
            file_application(bob, network.workstation, submission_token=token)
    assert first.number in str(error.value)
    assert Application.objects.count() == 1


def test_criminal_application_needs_its_stage(bob, network):
    with at(0), pytest.raises(DomainError) as error:
        file_application(bob, network.workstation, case_type=CaseType.CRIMINAL, service_requested="criminal_defence")
    assert error.value.field == "criminal_stage"


def test_forwarding_after_24_hours_is_recorded(alice, network):
    with at(1):
        application = file_application(
            alice,
            network.centre,
            channel_code="detention_forward",
            case_type=CaseType.CRIMINAL,
            criminal_stage="investigation",
            service_requested="criminal_defence",
            applied_at=MONDAY - timedelta(hours=1),
        )
    assert "转交超过24小时" in application.transitions.get().reason


def test_clerk_cannot_file_for_another_workstation(bob, network):
    with at(0), pytest.raises(DomainError):
        file_application(bob, network.other_workstation)


def test_representative_needs_relationship_and_is_not_the_applicant(bob, network):
    applicant = PersonFactory()
    with at(0):
        with pytest.raises(DomainError) as error:
            file_application(bob, network.workstation, applicant=applicant, representative=PersonFactory())
        assert error.value.field == "representative_relationship"
        with pytest.raises(DomainError):
            file_application(
                bob,
                network.workstation,
                applicant=applicant,
                representative=applicant,
                representative_relationship="parent",
            )


def test_oversized_or_fake_upload_is_refused_and_nothing_is_filed(bob, network, settings):
    settings.UPLOAD_MAX_BYTES = 10
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * 50)
    with at(0), pytest.raises(DomainError) as error:
        file_application(bob, network.workstation, attachments=[services.ScanUpload(big)])
    assert "过大" in str(error.value)
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    fake = SimpleUploadedFile("photo.png", b"not really a png")
    with at(0), pytest.raises(DomainError) as error:
        file_application(bob, network.workstation, attachments=[services.ScanUpload(fake)])
    assert "不符" in str(error.value)
    assert not Application.objects.exists()


# ---------------------------------------------------------------- preliminary review


def test_preliminary_review_sends_the_file_to_the_centre(bob, network):
    with at(0):
        application = file_application(bob, network.workstation)
    with at(1):
        review = services.preliminary_review_submit(
            application,
            actor=bob,
            materials_complete=True,
            recommendation="grant",
            reasons="申请人系农民工追索劳动报酬，免予经济困难审查。",
            waiver_basis="migrant_worker",
            provided_items=["身份证明"],
        )
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW
    assert application.waiver_claimed == "migrant_worker"
    assert review.organisation == network.workstation
    assert application.transitions.last().to_status == Status.UNDER_REVIEW


def test_incomplete_materials_need_a_notice_first_unless_urgent(bob, network):
    with at(0):
        application = file_application(bob, network.workstation)
        with pytest.raises(DomainError) as error:
            services.preliminary_review_submit(
                application,
                actor=bob,
                materials_complete=False,
                missing_items="工资条",
                recommendation="grant",
                reasons="x",
            )
        assert "一次性告知" in str(error.value)
        urgent = file_application(bob, network.workstation, deadline_date=date(2026, 3, 5))
        services.preliminary_review_submit(
            urgent,
            actor=bob,
            materials_complete=False,
            missing_items="工资条",
            recommendation="grant",
            reasons="时效将届满",
        )
    urgent.refresh_from_db()
    assert urgent.status == Status.UNDER_REVIEW


def test_clerk_of_another_workstation_cannot_review(bob, network):
    other_clerk = make_member(network.other_workstation, Role.WORKSTATION_CLERK)
    with at(0):
        application = file_application(bob, network.workstation)
        with pytest.raises(DomainError):
            services.preliminary_review_submit(
                application, actor=other_clerk, materials_complete=True, recommendation="grant", reasons="x"
            )


# ---------------------------------------------------------------- one-time notice and the clock


def test_notice_pauses_the_clock_and_supply_resumes_it(alice, bob, network):
    with at(0):
        application = file_application(bob, network.workstation)
    with at(1):
        services.preliminary_review_submit(
            application, actor=bob, materials_complete=True, recommendation="grant", reasons="符合条件"
        )
    with at(2):
        notice = services.notice_issue(
            application, actor=alice, items=["劳动合同或工资条", "欠薪证明"], due_date=date(2026, 3, 19)
        )
    application.refresh_from_db()
    assert application.status == Status.AWAITING_MATERIALS
    assert application.paused_since is not None
    assert notice.resume_status == Status.UNDER_REVIEW
    with at(6):
        # While paused the due date moves one day per day.
        queued = selectors.review_queue(alice, view="materials").get()
        assert queued.pk == application.pk
    with at(7):
        services.materials_supply(application, actor=bob, note="已补交工资条和欠薪证明")
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW
    assert application.paused_days == 5
    assert application.decision_due == date(2026, 3, 14)
    assert application.paused_since is None
    assert "恢复计算" in application.transitions.last().reason


def test_only_one_notice_and_due_date_in_the_future(alice, network):
    with at(0):
        application = file_application(alice, network.centre, channel_code="centre_window")
        with pytest.raises(DomainError) as error:
            services.notice_issue(application, actor=alice, items=["身份证复印件"], due_date=date(2026, 3, 2))
        assert error.value.field == "due_date"
        with pytest.raises(DomainError) as error:
            services.notice_issue(application, actor=alice, items=["  "], due_date=date(2026, 3, 10))
        assert error.value.field == "items"
        services.notice_issue(application, actor=alice, items=["身份证复印件"], due_date=date(2026, 3, 10))
        services.materials_supply(application, actor=alice, note="已补交")
        with pytest.raises(DomainError) as error:
            services.notice_issue(application, actor=alice, items=["户口簿"], due_date=date(2026, 3, 12))
    assert "不能再次告知" in str(error.value)


def test_notice_pdf_is_stored_on_commit(alice, network, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with at(0):
        application = file_application(alice, network.centre, channel_code="centre_window")
        with django_capture_on_commit_callbacks(execute=True):
            notice = services.notice_issue(application, actor=alice, items=["欠薪证明"], due_date=date(2026, 3, 10))
    notice.refresh_from_db()
    assert notice.pdf.name.endswith(".pdf")


def test_lapsed_notice_makes_the_application_deemed_withdrawn(alice, network, django_capture_on_commit_callbacks):
    with at(0):
        application = file_application(alice, network.centre, channel_code="centre_window")
        services.notice_issue(application, actor=alice, items=["欠薪证明"], due_date=date(2026, 3, 10))
    with at(8):  # the due date itself: still in time
        assert services.deem_overdue_applications_withdrawn() == 0
        with pytest.raises(DomainError):
            services.application_deem_withdrawn(application, actor=SYSTEM)
    with at(9), django_capture_on_commit_callbacks(execute=False):
        with pytest.raises(DomainError) as error:
            services.materials_supply(application, actor=alice, note="迟交")
        assert "视为撤回" in str(error.value)
        assert services.deem_overdue_applications_withdrawn() == 1
        assert services.deem_overdue_applications_withdrawn() == 0  # idempotent
    application.refresh_from_db()
    assert application.status == Status.DEEMED_WITHDRAWN
    assert application.transitions.last().actor is None
    notice = MaterialsNotice.objects.get(application=application)
    assert notice.lapsed_at is not None and notice.supplied_at is None
    letter = ApplicantLetter.objects.get(application=application)
    assert "视为撤回" in letter.body and application.number in letter.body


def test_task_runs_the_service(alice, network):
    from intake.tasks import deem_overdue_applications_withdrawn

    with at(0):
        application = file_application(alice, network.centre, channel_code="centre_window")
        services.notice_issue(application, actor=alice, items=["欠薪证明"], due_date=date(2026, 3, 4))
    with at(3):
        assert deem_overdue_applications_withdrawn.delay().get() == 1
    assert Application.objects.get(pk=application.pk).status == Status.DEEMED_WITHDRAWN


def test_beat_schedule_names_the_task(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "intake.tasks.deem_overdue_applications_withdrawn" in tasks


# ---------------------------------------------------------------- urgent pre-provision


def test_pre_provision_only_for_urgent_applications(alice, bob, network):
    with at(0):
        calm = file_application(bob, network.workstation)
        with pytest.raises(DomainError):
            services.application_pre_provide(calm, actor=alice, reason="申请人要求")
        urgent = file_application(bob, network.workstation, deadline_date=date(2026, 3, 6))
        services.notice_issue(urgent, actor=bob, items=["劳动合同"], due_date=date(2026, 3, 12))
    with at(2):
        services.application_pre_provide(urgent, actor=alice, reason="仲裁时效三日后届满")
    urgent.refresh_from_db()
    assert urgent.status == Status.UNDER_REVIEW
    assert urgent.pre_provision_at is not None
    assert urgent.paused_days == 2 and urgent.decision_due == date(2026, 3, 11)
    with at(3):
        services.materials_supply(urgent, actor=bob, note="补交劳动合同")
        assert MaterialsNotice.objects.get(application=urgent).supplied_at is not None
    with at(20):  # the task never withdraws a pre-provided application
        assert services.deem_overdue_applications_withdrawn() == 0


def test_clerk_cannot_pre_provide(bob, network):
    with at(0):
        urgent = file_application(bob, network.workstation, needs_preservation=True)
        with pytest.raises(DomainError):
            services.application_pre_provide(urgent, actor=bob, reason="保全")


def test_urgent_application_tops_the_queue(alice, network):
    with at(0):
        calm = file_application(alice, network.centre, channel_code="centre_window")
    with at(1):
        later_urgent = file_application(
            alice,
            network.centre,
            channel_code="centre_window",
            deadline_date=date(
                2026,
                3,
                5,
            ),
        )
    with at(2):
        ids = [a.pk for a in selectors.review_queue(alice)]
    assert ids == [later_urgent.pk, calm.pk]


def test_deadline_approaching_later_becomes_urgent_in_queue(alice, network):
    with at(0):
        early = file_application(alice, network.centre, channel_code="centre_window")
        approaching = file_application(
            alice,
            network.centre,
            channel_code="centre_window",
            deadline_date=date(
                2026,
                3,
                12,
            ),
        )
        assert not approaching.is_urgent
        assert [a.pk for a in selectors.review_queue(alice)] == [early.pk, approaching.pk]
    with at(6):
        assert [a.pk for a in selectors.review_queue(alice)] == [approaching.pk, early.pk]


# ---------------------------------------------------------------- queue and counts


def test_queue_marks_overdue_and_due_today(alice, network):
    with at(0):
        overdue = file_application(alice, network.centre, channel_code="centre_window")
    with at(2):
        due_today = file_application(alice, network.centre, channel_code="centre_window")
    with at(4):
        fresh = file_application(alice, network.centre, channel_code="centre_window")
    with at(9):
        rows = list(selectors.review_queue(alice))
        counts = selectors.queue_counts(alice)
    assert [r.pk for r in rows] == [overdue.pk, due_today.pk, fresh.pk]
    assert [r.due_rank for r in rows] == [0, 1, 2]
    assert counts["waiting"] == 3 and counts["overdue"] == 1 and counts["due_today"] == 1


def test_queue_counts_are_compiled_once_per_scope_and_day_and_read_afresh(alice, charlie, network, monkeypatch):
    """The counts' statement is kept per centre and day (QUEUE_COUNT_GROUPS): a second page compiles
    nothing, yet counts the application filed in between; another centre's staff get their own."""
    compiled = []
    as_sql = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(self) or as_sql(self, *a, **k))
    with at(0):
        file_application(alice, network.centre, channel_code="centre_window")
    with at(1):
        assert selectors.queue_counts(alice)["waiting"] == 1
        assert selectors.queue_counts(charlie)["waiting"] == 0
        file_application(alice, network.centre, channel_code="centre_window")
        compiled.clear()
        assert selectors.queue_counts(alice)["waiting"] == 2
        assert selectors.queue_counts(charlie)["waiting"] == 0
        assert compiled == []
    with at(10):  # another day: a statement of its own, with that day's clock
        counts = selectors.queue_counts(alice)
        assert compiled and counts["waiting"] == 2 and counts["overdue"] == 2


def test_a_queue_page_is_compiled_once_per_scope_tab_and_day_and_read_afresh(alice, bob, charlie, network, monkeypatch):
    """A page of the queue is kept per centre, tab, day and bounds (REVIEW_QUEUE_PAGES): the next page view
    compiles no statement of applications, yet lists the application filed in between, in the queue's
    order, with the annotations and the applicant the rows show; another centre's staff get their own."""
    compiled = []
    as_sql = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(self) or as_sql(self, *a, **k))

    def page(user, start=0, stop=25):
        counts = selectors.queue_counts(user)
        return selectors.review_queue_rows(user, view="review", today=timezone.localdate(), counts=counts)[start:stop]

    with at(0):
        calm = file_application(alice, network.centre, channel_code="centre_window")
    with at(1):
        urgent = file_application(alice, network.centre, channel_code="centre_window", deadline_date=date(2026, 3, 5))
        assert [a.pk for a in page(alice)] == [urgent.pk, calm.pk]
        assert page(charlie) == []
        later = file_application(alice, network.centre, channel_code="centre_window")
        compiled.clear()
        rows = page(alice)
        assert not [c for c in compiled if c.query.model is Application]
        assert [a.pk for a in rows] == [a.pk for a in selectors.review_queue(alice)] == [urgent.pk, calm.pk, later.pk]
        assert [(a.urgent_now, a.simplified, a.due_rank) for a in rows] == [(True, False, 2), (False, False, 2)] + [
            (False, False, 2)
        ]
        assert [a.applicant.name for a in rows] == [a.applicant.name for a in selectors.review_queue(alice)]
        assert [a.pk for a in page(alice, 1, 2)] == [calm.pk]
        # A clerk's queue is what their workstation filed: a subquery of its own, read as before.
        assert page(bob) == list(selectors.review_queue(bob)[:25])
        assert page(charlie) == []


# ---------------------------------------------------------------- decisions, withdrawal


def test_record_decision_and_reopen(alice, director, network):
    with at(0):
        application = file_application(alice, network.centre, channel_code="centre_window")
        with pytest.raises(DomainError):
            services.application_record_decision(application, actor=director, granted=True, reason="符合条件")
        services.application_accept(application, actor=alice)
    with at(3):
        services.application_record_decision(application, actor=director, granted=False, reason="不属于援助范围")
    application.refresh_from_db()
    assert application.status == Status.REFUSED and application.decided_at is not None
    with at(10):
        services.application_reopen(application, actor=director, reason="异议成立，责令改正")
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW
    assert application.decided_at is None and application.decision_due == date(2026, 3, 19)
    assert [t.to_status for t in application.transitions.all()] == [
        Status.RECEIVED,
        Status.UNDER_REVIEW,
        Status.REFUSED,
        Status.UNDER_REVIEW,
    ]


def test_withdrawal_needs_a_reason_and_an_open_application(bob, network):
    with at(0):
        application = file_application(bob, network.workstation)
        with pytest.raises(DomainError):
            services.application_withdraw(application, actor=bob, reason="")
        services.application_withdraw(application, actor=bob, reason="申请人书面撤回")
        with pytest.raises(DomainError) as error:
            services.application_withdraw(application, actor=bob, reason="再次")
    assert "已撤回" in str(error.value)


def test_supervisor_cannot_accept(network, alice):
    supervisor = make_member(network.centre, Role.SUPERVISOR)
    with at(0):
        application = file_application(alice, network.centre, channel_code="centre_window")
        with pytest.raises(DomainError) as error:
            services.application_accept(application, actor=supervisor)
    assert "权限" in str(error.value)


def test_channel_not_for_applications_is_refused(bob, network):
    with at(0), pytest.raises(DomainError):
        services.application_submit(
            actor=bob,
            applicant=PersonFactory(),
            channel=channel("hotline_12348"),
            receiving_organisation=network.workstation,
            case_type=CaseType.CIVIL,
            facts="事实",
            service_requested="litigation",
        )
