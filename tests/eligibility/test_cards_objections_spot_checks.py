"""Legal-aid cards, objections (LAL 49) and pledge spot-checks (LAL 41, 48, 64)."""

import random
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from pypdf import PdfReader

from eligibility import documents, selectors, services
from eligibility.models import (
    Decision,
    LegalAidCard,
    Objection,
    PledgeSpotCheck,
    Recovery,
    SpotCheckDraw,
    SpotCheckPolicy,
)
from eligibility.services import ClaimInput
from intake.models import Application
from legalaid.errors import DomainError
from legalaid.kernel import SYSTEM, history_rows
from tests.eligibility.factories import members, under_review
from tests.intake.factories import PersonFactory, resident_id

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-03-02 10:00 +08:00", tick=False):
        yield


def issue(actor, centre, id_number=None, **fields) -> LegalAidCard:
    values = {
        "holder_name": "李桂英",
        "holder_id_number": id_number or resident_id(date(1950, 3, 1), female=True),
        "group": LegalAidCard.Group.DISABLED,
        "proof_document": "残疾人证 34042219500301002X42",
    }
    values.update(fields)
    return services.card_issue(actor=actor, centre=centre, **values)


# -- cards ---------------------------------------------------------------------------------


def test_issue_a_card_numbered_per_centre_and_year(alice, network):
    card = issue(alice, network.centre)
    assert card.number == "340422-2026-00001"
    assert card.issued_on == date(2026, 3, 2) and card.valid_until == date(2029, 3, 1)
    assert card.is_valid_on(date(2026, 3, 2)) and not card.is_valid_on(date(2029, 3, 2))
    assert issue(alice, network.centre).number == "340422-2026-00002"
    assert history_rows(card).get().actor == alice


def test_one_valid_card_per_person(alice, network):
    card = issue(alice, network.centre)
    with pytest.raises(DomainError, match="已有有效的法律援助卡"):
        issue(alice, network.centre, id_number=card.holder_id_number)
    services.card_revoke(card, actor=alice, reason="已脱离低保")
    assert issue(alice, network.centre, id_number=card.holder_id_number).number.endswith("00002")


def test_card_rules(alice, bob, charlie, network):
    with pytest.raises(DomainError, match="说明类别"):
        issue(alice, network.centre, group=LegalAidCard.Group.OTHER)
    with pytest.raises(DomainError, match="法律援助中心"):
        issue(alice, network.workstation)
    with pytest.raises(DomainError, match="工作范围"):
        issue(charlie, network.centre)
    with pytest.raises(DomainError, match="权限"):
        issue(bob, network.centre)
    with pytest.raises(DomainError) as error:
        issue(alice, network.centre, id_number="340422195003010021")
    assert error.value.field == "holder_id_number"


def test_revocation(alice, network):
    card = issue(alice, network.centre, issued_on=date(2026, 1, 5))
    with pytest.raises(DomainError, match="注销理由"):
        services.card_revoke(card, actor=alice, reason=" ")
    services.card_revoke(card, actor=alice, reason="持卡人已不属于低保家庭")
    card.refresh_from_db()
    assert card.status == "revoked" and card.revoked_by == alice and card.revoked_on == date(2026, 3, 2)
    assert card.is_valid_on(date(2026, 3, 1)) and not card.is_valid_on(date(2026, 3, 2))
    with pytest.raises(DomainError, match="已注销"):
        services.card_revoke(card, actor=alice, reason="again")


def test_a_card_check_needs_the_holders_id_and_answers_masked(alice, charlie, network):
    card = issue(alice, network.centre, holder_name="李桂英")
    # Another county's staff checks with the holder's ID number: found, name masked, no link.
    [answer] = selectors.card_check(charlie, card.holder_id_number.lower())
    assert (answer.card, answer.holder, answer.visible) == (card, "李*英", False)
    assert selectors.card_check(alice, card.holder_id_number)[0].visible
    assert selectors.card_check(charlie, card.holder_id_number, card.number)[0].card == card
    # A card number with the wrong ID number, or no ID number at all, answers nothing.
    assert selectors.card_check(charlie, resident_id(), card.number) == []
    assert selectors.card_check(charlie, "", card.number) == []


@pytest.mark.parametrize(
    ("name", "masked"), [("王", "王"), ("王芳", "王*"), ("李桂英", "李*英"), ("欧阳娜娜", "欧**娜")]
)
def test_names_are_masked_in_card_checks(name, masked):
    assert selectors.mask_name(name) == masked


def test_a_valid_card_proves_the_legal_aid_card_category(alice, network, standards, huainan_rules):
    applicant = PersonFactory(created_by=alice)
    card = issue(alice, network.centre, id_number=applicant.id_number, holder_name=applicant.name)
    application = under_review(alice, network.centre, applicant=applicant)
    assessment = services.assessment_create(
        application,
        actor=alice,
        members=[],
        integrity_pledge=False,
        claims=[ClaimInput("legal_aid_card", "", card.number)],
    )
    assert assessment.outcome == "waived" and assessment.basis == "legal_aid_card"
    assert assessment.claims.get().card == card


def test_a_card_of_someone_else_or_revoked_proves_nothing(alice, network, standards, huainan_rules):
    other = issue(alice, network.centre)
    application = under_review(alice, network.centre)
    claim = [ClaimInput("legal_aid_card", "", other.number)]
    # Another holder's card and an unknown number get the same answer: a claim reveals no card.
    with pytest.raises(DomainError, match="不是申请人本人的法律援助卡"):
        services.assessment_create(application, actor=alice, members=[], integrity_pledge=False, claims=claim)
    with pytest.raises(DomainError, match="不是申请人本人的法律援助卡"):
        services.assessment_create(
            application, actor=alice, members=[], integrity_pledge=False, claims=[ClaimInput("legal_aid_card", "", "X")]
        )
    own = issue(alice, network.centre, id_number=application.applicant.id_number)
    services.card_revoke(own, actor=alice, reason="迁出本市")
    with pytest.raises(DomainError, match="无效"):
        services.assessment_create(
            application,
            actor=alice,
            members=[],
            integrity_pledge=False,
            claims=[ClaimInput("legal_aid_card", "", own.number)],
        )


def test_card_pdf(alice, network):
    card = issue(alice, network.centre)
    filename, content = documents.render_card(card)
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(content)).pages)
    assert filename == f"法律援助卡-{card.number}.pdf"
    assert "法律援助卡" in text and card.number in text and "李桂英" in text
    assert card.holder_id_number not in text  # masked


# -- objections (LAL 49) -------------------------------------------------------------------


def refused(alice, network) -> Application:
    application = under_review(alice, network.centre)
    services.assessment_create(application, actor=alice, members=members("5000"), integrity_pledge=True)
    services.application_decide(
        application, actor=alice, granted=False, refusal_reasons=["not_needy"], reason_text="人均收入5000元。"
    )
    application.refresh_from_db()
    return application


def test_objection_to_a_refusal_is_due_in_five_days(alice, network, standards):
    application = refused(alice, network)
    objection = services.objection_file(
        actor=alice, kind=Objection.Kind.REFUSAL, application=application, grounds="家中有重病患者，支出大。"
    )
    assert objection.review_due == date(2026, 3, 7)
    assert objection.objector_name == application.applicant.name
    assert objection.review_body == "寿县司法局"
    assert objection.decision.granted is False
    assert objection.subject_reference == objection.decision.number
    assert objection.transitions.get().to_status == "pending"
    with pytest.raises(DomainError, match="已有待审查的异议"):
        services.objection_file(actor=alice, kind="refusal", application=application, grounds="再次")


def test_objection_is_overdue_after_five_days(alice, network, standards):
    application = refused(alice, network)
    objection = services.objection_file(actor=alice, kind="refusal", application=application, grounds="不服")
    assert not objection.is_overdue(date(2026, 3, 7))
    assert objection.is_overdue(date(2026, 3, 8))
    with time_machine.travel("2026-03-08 09:00 +08:00", tick=False):
        assert objection.is_overdue()


def test_objection_only_against_a_refusal_in_force(alice, network, standards):
    application = under_review(alice, network.centre)
    with pytest.raises(DomainError, match="没有有效的不予法律援助决定"):
        services.objection_file(actor=alice, kind="refusal", application=application, grounds="不服")
    with pytest.raises(DomainError, match="异议理由"):
        services.objection_file(actor=alice, kind="refusal", application=application, grounds=" ")


def test_correction_ordered_reopens_the_refusal(bureau, alice, network, standards):
    application = refused(alice, network)
    objection = services.objection_file(actor=alice, kind="refusal", application=application, grounds="不服")
    with pytest.raises(DomainError, match="权限"):
        services.objection_decide(objection, actor=alice, correction_ordered=True, opinion="x")
    services.objection_decide(
        objection, actor=bureau, correction_ordered=True, opinion="未考虑医疗支出，责令重新审查。"
    )
    objection.refresh_from_db()
    application.refresh_from_db()
    assert objection.status == "correction_ordered" and objection.review_decided_on == date(2026, 3, 2)
    assert application.status == Application.Status.UNDER_REVIEW
    decision = Decision.objects.get(application=application)
    assert decision.status == "reopened" and decision.reopened_by == bureau
    assert "责令改正" in application.transitions.order_by("-at", "-pk").first().reason
    assert list(objection.transitions.values_list("to_status", flat=True)) == ["pending", "correction_ordered"]
    # The centre decides again, and may now grant.
    services.assessment_create(
        application, actor=alice, members=members("5000", "0", "0", "0", "0", "0"), integrity_pledge=True
    )
    assert services.application_decide(application, actor=alice, granted=True).granted
    with pytest.raises(DomainError, match="已审查完毕"):
        services.objection_decide(objection, actor=bureau, correction_ordered=False, opinion="x")


def test_upheld_leaves_the_refusal(bureau, alice, network, standards):
    application = refused(alice, network)
    objection = services.objection_file(actor=alice, kind="refusal", application=application, grounds="不服")
    services.objection_decide(objection, actor=bureau, correction_ordered=False, opinion="原决定正确。")
    application.refresh_from_db()
    assert application.status == Application.Status.REFUSED
    assert Decision.objects.get(application=application).status == "in_force"


def test_objection_to_a_termination_carries_the_case_number(bureau, alice, network):
    objection = services.objection_file(
        actor=alice,
        kind=Objection.Kind.TERMINATION,
        centre=network.centre,
        subject_reference="(2026)皖0422民援12号",
        objector_name="张三",
        grounds="终止理由不成立。",
        filed_on=date(2026, 3, 1),
    )
    assert objection.application is None and objection.review_due == date(2026, 3, 6)
    services.objection_decide(objection, actor=bureau, correction_ordered=True, opinion="责令恢复。")
    objection.refresh_from_db()
    assert objection.status == "correction_ordered"
    with pytest.raises(DomainError):
        services.objection_file(actor=alice, kind="termination", centre=network.centre, grounds="x", objector_name="a")


def test_objection_dates(bureau, alice, network, standards):
    application = refused(alice, network)
    with pytest.raises(DomainError, match="晚于今天"):
        services.objection_file(
            actor=alice, kind="refusal", application=application, grounds="x", filed_on=date(2026, 3, 3)
        )
    with pytest.raises(DomainError, match="早于决定日期"):
        services.objection_file(
            actor=alice, kind="refusal", application=application, grounds="x", filed_on=date(2026, 3, 1)
        )
    objection = services.objection_file(actor=alice, kind="refusal", application=application, grounds="x")
    with pytest.raises(DomainError):
        services.objection_decide(
            objection, actor=bureau, correction_ordered=False, opinion="x", decided_on=date(2026, 3, 1)
        )


# -- pledge spot-checks --------------------------------------------------------------------


def grant_by_pledge(alice, network, income="500") -> Decision:
    application = under_review(alice, network.centre)
    services.assessment_create(application, actor=alice, members=members(income), integrity_pledge=True)
    return services.application_decide(application, actor=alice, granted=True)


@pytest.fixture
def policy(db):
    return SpotCheckPolicy.objects.create(effective_from=date(2022, 1, 1), share_percent=D("25"), minimum_count=1)


def test_monthly_draw_samples_the_share_and_is_idempotent(alice, network, standards, policy):
    with time_machine.travel("2026-02-10 10:00 +08:00", tick=False):
        grants = [grant_by_pledge(alice, network) for _ in range(6)]
        waived = under_review(alice, network.centre)
        services.assessment_create(
            waived, actor=alice, members=[], integrity_pledge=False, claims=[ClaimInput("social_assistance", "低保证")]
        )
        services.application_decide(waived, actor=alice, granted=True)
    draw = services.spot_checks_draw(network.centre, date(2026, 2, 1), actor=SYSTEM, rng=random.Random(1))
    assert draw.population == 6  # the waived grant did not rest on a pledge
    checks = list(draw.checks.all())
    assert len(checks) == 2  # ceil(6 × 25 %)
    assert {c.decision_id for c in checks} <= {g.pk for g in grants}
    assert services.spot_checks_draw(network.centre, date(2026, 2, 15), actor=SYSTEM) is None
    assert SpotCheckDraw.objects.count() == 1 and PledgeSpotCheck.objects.count() == 2


def test_the_monthly_job_draws_last_month_at_every_centre(alice, network, standards, policy):
    with time_machine.travel("2026-02-10 10:00 +08:00", tick=False):
        grant_by_pledge(alice, network)
    assert services.draw_monthly_spot_checks(date(2026, 3, 1)) == 3  # city, 寿县 and 凤台县 centres
    assert services.draw_monthly_spot_checks(date(2026, 3, 1)) == 0
    assert PledgeSpotCheck.objects.count() == 1


def test_no_policy_no_draw(alice, network, standards):
    assert services.spot_checks_draw(network.centre, date(2026, 2, 1), actor=SYSTEM) is None


def test_false_pledge_opens_a_recovery(alice, bob, network, standards, policy):
    with time_machine.travel("2026-02-10 10:00 +08:00", tick=False):
        decision = grant_by_pledge(alice, network)
    check = services.spot_checks_draw(network.centre, date(2026, 2, 1), actor=SYSTEM).checks.get()
    with pytest.raises(DomainError, match="权限"):
        services.spot_check_record(check, actor=bob, truthful=False, findings="x")
    services.spot_check_record(
        check,
        actor=alice,
        truthful=False,
        findings="经查询，申请人名下有营运车辆两辆，月收入约8000元。",
        cost_amount=D("3000"),
    )
    check.refresh_from_db()
    assert check.status == "false_pledge" and check.checked_by == alice
    recovery = Recovery.objects.get()
    assert recovery.application == decision.application and recovery.cost_amount == D("3000")
    assert list(selectors.false_pledge_findings()) == [check]
    with pytest.raises(DomainError, match="已登记结果"):
        services.spot_check_record(check, actor=alice, truthful=True, findings="x")
    with pytest.raises(DomainError):
        services.recovery_update(recovery, actor=alice, status="recovered", fine_amount=D("3000.01"))
    services.recovery_update(recovery, actor=alice, status="recovered", fine_amount=D("3000"), notes="已退还")
    recovery.refresh_from_db()
    assert recovery.status == "recovered" and recovery.fine_amount == D("3000")


def test_confirmed_pledge(alice, network, standards, policy):
    with time_machine.travel("2026-02-10 10:00 +08:00", tick=False):
        grant_by_pledge(alice, network)
    check = services.spot_checks_draw(network.centre, date(2026, 2, 1), actor=SYSTEM).checks.get()
    services.spot_check_record(check, actor=alice, truthful=True, findings="民政系统查询一致。")
    assert not Recovery.objects.exists()


# -- what-if -------------------------------------------------------------------------------


def test_whatif_counts_applications_whose_outcome_would_change(alice, network, standards):
    from eligibility.models import HardshipStandard

    for income in ["950", "999", "1000", "1100", "3000"]:
        application = under_review(alice, network.centre)
        services.assessment_create(application, actor=alice, members=members(income), integrity_pledge=True)
    waived = under_review(alice, network.centre)
    services.assessment_create(
        waived,
        actor=alice,
        members=members("9000"),
        integrity_pledge=True,
        claims=[ClaimInput("social_assistance", "低保证")],
    )
    lower = HardshipStandard(division_code="340422", monthly_per_capita_line=D("980"), effective_from=date(2026, 7, 1))
    result = services.standard_whatif(lower)
    assert result.considered == 6
    assert (result.changed, result.newly_eligible, result.newly_ineligible) == (2, 0, 2)  # 999 and 1000
    higher = HardshipStandard(
        division_code="340422", monthly_per_capita_line=D("1200"), effective_from=date(2026, 7, 1)
    )
    result = services.standard_whatif(higher)
    assert (result.changed, result.newly_eligible) == (1, 1)  # 1100
    assert result.rows[0].after == "符合经济困难标准"


def test_whatif_skips_applications_a_more_specific_standard_governs(alice, network, standards):
    from eligibility.models import HardshipStandard

    application = under_review(alice, network.centre)
    services.assessment_create(application, actor=alice, members=members("950"), integrity_pledge=True)
    province = HardshipStandard(
        division_code="340000", monthly_per_capita_line=D("100"), effective_from=date(2026, 7, 1)
    )
    assert services.standard_whatif(province).considered == 0  # 寿县 has its own standard
    other_county = HardshipStandard(
        division_code="340421", monthly_per_capita_line=D("100"), effective_from=date(2026, 7, 1)
    )
    assert services.standard_whatif(other_county).considered == 0


def test_whatif_looks_back_twelve_months_only(alice, network, standards):
    from eligibility.models import HardshipStandard

    with time_machine.travel("2025-02-01 10:00 +08:00", tick=False):
        old = under_review(alice, network.centre)
        services.assessment_create(old, actor=alice, members=members("999"), integrity_pledge=True)
    candidate = HardshipStandard(
        division_code="340422", monthly_per_capita_line=D("500"), effective_from=date(2026, 7, 1)
    )
    assert services.standard_whatif(candidate).considered == 0
    assert services.standard_whatif(candidate, today=date(2025, 12, 1)).considered == 1
    assert timedelta(days=365) == date(2026, 3, 2) - services.standard_whatif(candidate).since
