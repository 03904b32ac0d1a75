"""Means assessments and decisions: the snapshot, the rules of granting and refusing, intake's status."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from pypdf import PdfReader

from eligibility import documents, services
from eligibility.models import Decision, HardshipStandard, MeansAssessment
from eligibility.services import ClaimInput, MemberInput
from intake.models import Application
from legalaid.errors import DomainError
from legalaid.kernel import history_rows
from tests.eligibility.factories import members, under_review

pytestmark = pytest.mark.django_db
D = Decimal
FROZEN = "2026-03-02 10:00 +08:00"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(FROZEN, tick=False):
        yield


def assess(application, actor, *incomes, pledge=True, **kwargs) -> MeansAssessment:
    return services.assessment_create(
        application, actor=actor, members=members(*incomes), integrity_pledge=pledge, **kwargs
    )


# -- assessments ---------------------------------------------------------------------------


def test_assessment_runs_the_engine_and_keeps_a_snapshot(alice, network, standards):
    application = under_review(alice, network.centre)
    assessment = assess(application, alice, "1500.00", "1200.00", "0")
    assert assessment.outcome == "eligible"
    assert assessment.household_size == 3
    assert assessment.household_monthly_income == D("2700.00")
    assert assessment.per_capita_income == D("900.00")
    assert assessment.standard_line == D("1000.00")
    assert assessment.standard == standards[1]
    assert assessment.standard_snapshot["division_code"] == "340422"
    assert assessment.standard_snapshot["monthly_per_capita_line"] == "1000.00"
    assert assessment.region_code == "340422" and assessment.application_date == date(2026, 3, 2)
    assert assessment.facts_snapshot["members"][0]["monthly_income"] == "1500.00"
    assert assessment.members.count() == 3
    assert "诚信承诺" in assessment.pledge_text and assessment.pledge_signed_at is not None
    assert any("人均月收入 900.00 元" in r for r in assessment.reasons)
    assert assessment.assessed_by == alice


def test_the_snapshot_explains_the_assessment_after_the_standard_changes(alice, network, standards):
    application = under_review(alice, network.centre)
    assessment = assess(application, alice, "2700.00", "0", "0")
    county = standards[1]
    county.monthly_per_capita_line = D("800.00")
    county.save()
    assessment.refresh_from_db()
    assert assessment.standard_snapshot["monthly_per_capita_line"] == "1000.00"
    assert assessment.decision.outcome == "eligible"
    assert assessment.facts().household_monthly_income == D("2700.00")


def test_ineligible_and_incomplete(alice, network, standards):
    application = under_review(alice, network.centre)
    assert assess(application, alice, "3000.01").outcome == "ineligible"
    incomplete = assess(application, alice, "100", pledge=False)
    assert incomplete.outcome == "incomplete" and incomplete.missing == ["integrity_pledge"]
    assert incomplete.pledge_text == "" and incomplete.pledge_signed_at is None
    nothing = services.assessment_create(application, actor=alice, members=[], integrity_pledge=True)
    assert nothing.outcome == "incomplete"
    assert nothing.missing == ["household_size", "household_monthly_income"]


def test_a_waiver_claim_needs_the_document_seen(alice, network, standards):
    application = under_review(alice, network.centre)
    with pytest.raises(DomainError) as error:
        assess(application, alice, "99999", claims=[ClaimInput("migrant_worker", "")])
    assert "务工证明" in error.value.message
    assessment = assess(application, alice, "99999", claims=[ClaimInput("migrant_worker", "劳动合同、工友证明")])
    assert assessment.outcome == "waived" and assessment.basis == "migrant_worker"
    claim = assessment.claims.get()
    assert claim.proven and claim.document_seen == "劳动合同、工友证明"


def test_a_category_not_in_force_in_the_region_is_refused(alice, network, standards):
    application = under_review(alice, network.centre)
    with pytest.raises(DomainError):
        assess(application, alice, "100", claims=[ClaimInput("no_such_category", "x")])


def test_no_means_test_matter(alice, network, standards):
    application = under_review(
        alice, network.centre, matter="abuse_victim", case_type="civil", service_requested="litigation"
    )
    assessment = services.assessment_create(application, actor=alice, members=[], integrity_pledge=False)
    assert assessment.outcome == "no_means_test" and assessment.basis == "abuse_victim"


def test_priority_group_is_recorded(alice, network, standards, huainan_rules):
    application = under_review(alice, network.centre)
    assessment = assess(application, alice, "500", priority_group_code="returning_migrant_worker")
    assert assessment.priority_group.code == "returning_migrant_worker"
    with pytest.raises(DomainError):
        assess(application, alice, "500", priority_group_code="nobody")


def test_negative_income_is_refused(alice, network, standards):
    application = under_review(alice, network.centre)
    with pytest.raises(DomainError):
        services.assessment_create(
            application, actor=alice, members=[MemberInput("甲", "self", D("-1"))], integrity_pledge=True
        )


def test_assessment_is_scoped_and_needs_the_permission(alice, charlie, network, standards):
    application = under_review(alice, network.centre)
    with pytest.raises(DomainError, match="工作范围"):
        assess(application, charlie, "100")
    from tests.factories import make_handler

    lawyer = make_handler(network.law_firm)
    with pytest.raises(DomainError, match="权限"):
        assess(application, lawyer, "100")


# -- decisions -----------------------------------------------------------------------------


def test_grant_by_means_test(alice, network, standards):
    application = under_review(alice, network.centre)
    assess(application, alice, "1800", "0")
    decision = services.application_decide(application, actor=alice, granted=True)
    application.refresh_from_db()
    assert application.status == Application.Status.GRANTED and application.decided_at is not None
    assert decision.granted and decision.number == "寿县法援决字〔2026〕第1号"
    assert decision.snapshot["standard"]["monthly_per_capita_line"] == "1000.00"
    assert decision.snapshot["per_capita_income"] == "900.00"
    assert decision.snapshot["review_body"] == "寿县司法局"
    assert decision.decided_by == alice and history_rows(decision).get().actor == alice
    transition = application.transitions.order_by("-at", "-pk").first()
    assert transition.to_status == "granted" and transition.actor == alice
    assert "符合法律援助条件" in transition.reason


def test_numbers_run_per_centre_kind_and_year(alice, network, standards):
    numbers = []
    for income, granted in [("100", True), ("100", True), ("5000", False)]:
        application = under_review(alice, network.centre)
        assess(application, alice, income)
        numbers.append(
            services.application_decide(
                application,
                actor=alice,
                granted=granted,
                refusal_reasons=[] if granted else ["not_needy"],
                reason_text="" if granted else "人均收入高于标准。",
            ).number
        )
    assert numbers == ["寿县法援决字〔2026〕第1号", "寿县法援决字〔2026〕第2号", "寿县法援不予字〔2026〕第1号"]


def test_refusal_needs_reasons_from_the_list_and_text(alice, network, standards):
    application = under_review(alice, network.centre)
    assess(application, alice, "5000")
    with pytest.raises(DomainError) as error:
        services.application_decide(application, actor=alice, granted=False, reason_text="收入高")
    assert error.value.field == "refusal_reasons"
    with pytest.raises(DomainError) as error:
        services.application_decide(application, actor=alice, granted=False, refusal_reasons=["not_needy"])
    assert error.value.field == "reason_text"
    with pytest.raises(DomainError):
        services.application_decide(application, actor=alice, granted=False, refusal_reasons=["bogus"], reason_text="x")
    decision = services.application_decide(
        application, actor=alice, granted=False, refusal_reasons=["not_needy"], reason_text="家庭人均月收入5000元。"
    )
    application.refresh_from_db()
    assert application.status == Application.Status.REFUSED
    assert decision.refusal_reason_labels == ["申请人经济状况不符合本地区经济困难标准"]
    assert "家庭人均月收入5000元" in application.transitions.order_by("-at", "-pk").first().reason


def test_cannot_grant_on_an_unfavourable_assessment(alice, network, standards):
    application = under_review(alice, network.centre)
    assess(application, alice, "5000")
    with pytest.raises(DomainError, match="不能给予法律援助"):
        services.application_decide(application, actor=alice, granted=True)
    assert Decision.objects.count() == 0
    application.refresh_from_db()
    assert application.status == Application.Status.UNDER_REVIEW


def test_refusal_reasons_must_match_the_assessment(alice, network, standards):
    application = under_review(alice, network.centre)
    assess(application, alice, "100")
    with pytest.raises(DomainError, match="不能以经济状况不符合标准为由"):
        services.application_decide(
            application, actor=alice, granted=False, refusal_reasons=["not_needy"], reason_text="x"
        )
    with pytest.raises(DomainError, match="不能以不属于援助范围为由"):
        services.application_decide(
            application, actor=alice, granted=False, refusal_reasons=["out_of_scope"], reason_text="x"
        )
    decision = services.application_decide(
        application, actor=alice, granted=False, refusal_reasons=["has_counsel"], reason_text="已委托律师。"
    )
    assert not decision.granted


def test_decision_needs_an_assessment_of_the_current_matter(alice, network, standards):
    application = under_review(alice, network.centre)
    with pytest.raises(DomainError, match="请先进行经济困难审查"):
        services.application_decide(application, actor=alice, granted=True)
    assess(application, alice, "100")
    Application.objects.filter(pk=application.pk).update(matter_id=None)
    application.refresh_from_db()
    with pytest.raises(DomainError, match="重新进行经济困难审查"):
        services.application_decide(application, actor=alice, granted=True)


def test_decide_needs_the_permission_and_the_scope(alice, bob, charlie, network, standards):
    application = under_review(alice, network.centre)
    assess(application, alice, "100")
    with pytest.raises(DomainError, match="权限"):
        services.application_decide(application, actor=bob, granted=True)
    with pytest.raises(DomainError, match="工作范围"):
        services.application_decide(application, actor=charlie, granted=True)


def test_decided_application_cannot_be_decided_again(alice, network, standards):
    application = under_review(alice, network.centre)
    assess(application, alice, "100")
    services.application_decide(application, actor=alice, granted=True)
    with pytest.raises(DomainError):
        services.application_decide(application, actor=alice, granted=True)
    assert Decision.objects.count() == 1


def test_priority_group_decision_is_simplified(alice, network, standards, huainan_rules):
    application = under_review(alice, network.centre)
    assess(application, alice, "100", priority_group_code="newly_unemployed")
    decision = services.application_decide(application, actor=alice, granted=True)
    assert decision.simplified and decision.snapshot["priority_group"] == "新失业人员"


# -- the written decision ------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    from io import BytesIO

    return "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages).replace("\n", "")


def test_refusal_pdf_carries_reasons_and_objection_rights(alice, network, standards):
    application = under_review(alice, network.centre)
    assess(application, alice, "3500", "0")
    decision = services.application_decide(
        application,
        actor=alice,
        granted=False,
        refusal_reasons=["not_needy"],
        reason_text="申请人家庭人均月收入1750元，高于寿县标准。",
    )
    filename, content = documents.render_decision(decision)
    assert filename.startswith("不予法律援助决定书")
    text = pdf_text(content)
    assert "不予法律援助决定书" in text
    assert decision.number in text
    assert "申请人经济状况不符合本地区经济困难标准" in text
    assert "申请人家庭人均月收入1750元，高于寿县标准。" in text
    assert "人均月收入1750.00元" in "".join(text.split())  # wherever the official layout breaks the line
    assert "可以向寿县司法局提出" in text
    assert "五日内进行审查" in text
    assert "行政复议" in text and "第四十九条" in text


def test_grant_pdf_is_rendered_from_the_snapshot(alice, network, standards):
    application = under_review(alice, network.centre)
    assess(application, alice, "900")
    decision = services.application_decide(application, actor=alice, granted=True)
    HardshipStandard.objects.filter(pk=standards[1].pk).update(monthly_per_capita_line=D("500"))
    text = pdf_text(documents.render_decision(Decision.objects.get(pk=decision.pk))[1])
    assert "给予法律援助决定书" in text
    assert "人均每月1000.00元" in "".join(text.split())  # wherever the official layout breaks the line
    assert "异议" not in text


def test_a_grant_opens_its_case_and_tells_the_applicant(alice, network, standards, django_capture_on_commit_callbacks):
    from cases.models import Case
    from legalaid.models import Message

    application = under_review(alice, network.centre)
    assess(application, alice, "1800", "0")
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.application_decide(application, actor=alice, granted=True)
    case = Case.objects.get(application=application)
    assert case.accepted_by is None  # opened by the system, as the case page says
    assert case.transitions.first().actor_kind == "system"
    sms = Message.objects.filter(key=f"decision:{decision.pk}:sms")
    if application.contact_phone or application.applicant.phone:
        assert sms.get().event == "decision_granted" and application.number in sms.get().body


def test_a_refusal_opens_nothing(alice, network, standards, django_capture_on_commit_callbacks):
    from cases.models import Case

    application = under_review(alice, network.centre)
    assess(application, alice, "9000", "0")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            application, actor=alice, granted=False, refusal_reasons=["not_needy"], reason_text="家庭人均月收入9000元。"
        )
    assert not Case.objects.filter(application=application).exists()
