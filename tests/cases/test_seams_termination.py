"""Termination across stages: a false pledge found by a spot check proposes termination on the case
(LAL 41, 48); a justice bureau's order to correct a termination restores the aid (LAL 49); an ended
case's visit "during handling" is cancelled with it."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from cases import deadlines, services
from cases.models import Case, Termination, TerminationGround
from cases.tasks import open_case_for_grant, propose_termination_for_false_pledge
from eligibility import services as eligibility_services
from eligibility.models import Objection, SpotCheckPolicy
from legalaid.kernel import SYSTEM, history_rows
from legalaid.models import OutboxMessage
from supervision.models import FollowUpVisit
from supervision.services import follow_ups_schedule_for_assignment
from tests.cases.factories import granted_application
from tests.eligibility.factories import HardshipStandardFactory, ensure_national_rules, members, under_review
from tests.roles.network import add_bureau

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(db):
    """The national rules and 寿县's hardship line (1,000 yuan per head), a 25% monthly spot check."""
    ensure_national_rules()
    HardshipStandardFactory(
        division_code="340422", monthly_per_capita_line=Decimal("1000.00"), effective_from=date(2022, 1, 1)
    )
    SpotCheckPolicy.objects.create(effective_from=date(2022, 1, 1), share_percent=Decimal("25"), minimum_count=1)


@pytest.fixture
def bureau(network):
    """The justice bureau's reviewer of objections (LAL 49)."""
    return add_bureau(network, username="bureau_t")


def pledge_case(alice, network, roster) -> Case:
    """Granted in February on the integrity pledge, opened by the grant's hand-off and assigned."""
    with time_machine.travel("2026-02-10 10:00 +08:00", tick=False):
        application = under_review(alice, network.centre)
        eligibility_services.assessment_create(application, actor=alice, members=members("500"), integrity_pledge=True)
        eligibility_services.application_decide(application, actor=alice, granted=True)
        case = Case.objects.get(pk=open_case_for_grant(application.pk))
        services.case_assign(case, actor=alice, handler=roster.senior_lawyer, reason="熟悉劳动争议")
    return case


def test_false_pledge_proposes_termination_on_the_case_once(
    frozen_now, network, alice, roster, rules, as_alice, django_capture_on_commit_callbacks
):
    case = pledge_case(alice, network, roster)
    check = eligibility_services.spot_checks_draw(network.centre, date(2026, 2, 1), actor=SYSTEM).checks.get()
    with django_capture_on_commit_callbacks(execute=True):
        eligibility_services.spot_check_record(
            check, actor=alice, truthful=False, findings="经查询，申请人名下有营运车辆两辆，月收入约8000元。"
        )
    message = OutboxMessage.objects.get(key=f"spot-check:{check.pk}:terminate")
    assert message.task == "cases.tasks.propose_termination_for_false_pledge"
    proposal = Termination.objects.get(case=case)
    assert proposal.status == Termination.Status.REPORTED and proposal.proposed_by_system
    assert proposal.ground == TerminationGround.DECEPTION and "营运车辆" in proposal.facts
    assert propose_termination_for_false_pledge(check.pk) == proposal.pk  # a second run adds nothing
    assert Termination.objects.filter(case=case).count() == 1

    html = as_alice.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="termination-proposal"' in html and "以欺骗或者其他不正当手段获得法律援助" in html
    assert "提请中心决定终止法律援助" in html  # on the timeline, by the system
    from cases.selectors import termination_proposals

    assert list(termination_proposals(alice)) == [proposal]  # in the centre's work
    check_page = as_alice.get(reverse("eligibility:spot_check_detail", args=[check.pk])).content.decode()
    assert 'data-testid="false-pledge-next"' in check_page
    assert reverse("cases:case_detail", args=[case.pk]) in check_page  # the next step, one click away
    response = as_alice.get(reverse("cases:case_terminate", args=[case.pk]))
    assert "营运车辆" in response.content.decode()  # the decision form starts from the finding
    as_alice.post(
        reverse("cases:case_terminate", args=[case.pk]),
        {"ground": TerminationGround.DECEPTION, "reasons": "诚信承诺不实，以欺骗手段获得法律援助。"},
    )
    case.refresh_from_db()
    assert case.status == Case.Status.TERMINATED


def test_a_case_that_no_longer_allows_termination_gets_a_note_only(frozen_now, network, alice, roster):
    case = services.case_open_from_application(granted_application(network), actor=alice)
    services.case_terminate(case, actor=alice, ground="own_counsel", reasons="受援人自行委托律师。")
    assert services.termination_propose(case, actor=SYSTEM, ground="deception", facts="承诺不实") is None
    assert case.events.filter(text__contains="未另行提请").exists()


def terminated_with_correction_ordered(case, *, alice, bureau) -> Termination:
    termination = services.case_terminate(
        case, actor=alice, ground=TerminationGround.MEANS_CHANGED, reasons="受援人继承房产，经济状况改善。"
    )
    objection = services.termination_objection_record(termination, actor=alice, grounds="继承的房产尚未分割。")
    eligibility_services.objection_decide(
        objection, actor=bureau, correction_ordered=True, opinion="遗产尚未分割，经济状况未改变，责令改正。"
    )
    termination.refresh_from_db()
    return termination


def test_correction_order_restores_the_aid_and_keeps_the_termination(
    bureau, frozen_now, network, alice, roster, labour_case, as_alice
):
    follow_ups_schedule_for_assignment(labour_case)
    during = FollowUpVisit.objects.get(case=labour_case, occasion=FollowUpVisit.Occasion.DURING_HANDLING)
    termination = terminated_with_correction_ordered(labour_case, alice=alice, bureau=bureau)
    during.refresh_from_db()
    assert during.status == FollowUpVisit.Status.CANCELLED  # with the termination, not a day later
    labour_case.refresh_from_db()
    assert labour_case.status == Case.Status.TERMINATED and labour_case.closing_due is not None

    html = as_alice.get(reverse("cases:case_detail", args=[labour_case.pk])).content.decode()
    correct = reverse("cases:termination_correct", args=[labour_case.pk, termination.pk])
    assert correct in html
    page = as_alice.get(correct).content.decode()
    assert "遗产尚未分割" in page  # the bureau's opinion is shown
    response = as_alice.post(correct, {"reasons": "撤销原终止决定，由原承办人继续办理。"})
    assert response.status_code == 302

    labour_case.refresh_from_db()
    termination.refresh_from_db()
    assert labour_case.status == Case.Status.ASSIGNED and labour_case.handler == roster.senior_lawyer
    assert labour_case.terminated_at is None and labour_case.closing_due is None
    assert termination.status == Termination.Status.CORRECTED  # kept, marked corrected
    assert termination.decision_reasons and termination.objection.status == Objection.Status.CORRECTION_ORDERED
    last = labour_case.transitions.order_by("-at", "-pk").first()
    assert (last.from_status, last.to_status, last.actor) == ("terminated", "assigned", alice)
    assert "责令改正" in last.reason and "原承办人继续办理" in last.reason
    during.refresh_from_db()  # the visit during handling comes back with the aid, due in the future
    assert during.status == FollowUpVisit.Status.SCHEDULED and during.due_date > date(2026, 3, 10)
    assert during.handler == roster.senior_lawyer and during.cancelled_reason == ""
    assert list(history_rows(during))[-1].actor_display == "系统"
    html = as_alice.get(reverse("cases:case_detail", args=[labour_case.pk])).content.decode()
    assert "已终止 → 已指派" in html and "责令改正，已恢复法律援助" in html and correct not in html
    assert "消息：" in html  # the assignment's messages on the timeline, with their delivery state
    pdf = reverse("cases:termination_decision_pdf", args=[labour_case.pk, termination.pk])
    assert pdf in html  # the original decision stays printable
    assert as_alice.post(correct, {"reasons": "再次"}).status_code == 404


def test_correction_refused_without_an_order_and_for_others(
    bureau, frozen_now, network, alice, roster, labour_case, as_charlie
):
    termination = services.case_terminate(labour_case, actor=alice, ground="own_counsel", reasons="自行委托律师。")
    assert "责令改正" in services.termination_correction_refusal(termination)
    with pytest.raises(Exception, match="责令改正"):
        services.termination_correct(termination, actor=alice, reasons="x")
    objection = services.termination_objection_record(termination, actor=alice, grounds="不服")
    eligibility_services.objection_decide(objection, actor=bureau, correction_ordered=False, opinion="维持。")
    termination.refresh_from_db()
    assert services.termination_correction_refusal(termination) is not None
    correct = reverse("cases:termination_correct", args=[labour_case.pk, termination.pk])
    assert as_charlie.get(correct).status_code == 404


def test_correction_of_a_case_terminated_before_assignment_restarts_the_clock(
    bureau, frozen_now, network, alice, as_alice
):
    case = services.case_open_from_application(granted_application(network), actor=alice)
    termination = terminated_with_correction_ordered(case, alice=alice, bureau=bureau)
    with time_machine.travel("2026-03-20 09:00 +08:00", tick=False):
        services.termination_correct(termination, actor=alice, reasons="恢复法律援助，重新指派。")
    case.refresh_from_db()
    assert case.status == Case.Status.ACCEPTED
    assert case.assignment_due == deadlines.assignment_due(date(2026, 3, 20))


def test_a_visit_a_person_cancelled_stays_cancelled_when_the_aid_is_restored(
    bureau, frozen_now, network, alice, roster, labour_case
):
    from supervision.services import follow_up_cancel

    follow_ups_schedule_for_assignment(labour_case)
    during = FollowUpVisit.objects.get(case=labour_case, occasion=FollowUpVisit.Occasion.DURING_HANDLING)
    follow_up_cancel(during, actor=alice, reason="受援人要求不再回访")
    termination = terminated_with_correction_ordered(labour_case, alice=alice, bureau=bureau)
    services.termination_correct(termination, actor=alice, reasons="恢复法律援助。")
    during.refresh_from_db()
    assert during.status == FollowUpVisit.Status.CANCELLED and during.cancelled_reason == "受援人要求不再回访"


def test_a_false_pledge_found_before_the_case_is_opened_is_proposed_by_the_repair(
    frozen_now, network, alice, roster, rules
):
    with time_machine.travel("2026-02-10 10:00 +08:00", tick=False):
        application = under_review(alice, network.centre)
        eligibility_services.assessment_create(application, actor=alice, members=members("500"), integrity_pledge=True)
        eligibility_services.application_decide(application, actor=alice, granted=True)
    check = eligibility_services.spot_checks_draw(network.centre, date(2026, 2, 1), actor=SYSTEM).checks.get()
    eligibility_services.spot_check_record(check, actor=alice, truthful=False, findings="名下有商铺两间。")
    assert propose_termination_for_false_pledge(check.pk) is None  # no case yet
    case = Case.objects.get(pk=open_case_for_grant(application.pk))
    assert services.false_pledge_proposals_repair() == 1
    assert services.false_pledge_proposals_repair() == 0  # idempotent
    proposal = case.terminations.get()
    services.termination_decline(proposal, actor=alice, reasons="商铺系他人代持，经核实不影响经济困难认定。")
    assert services.false_pledge_proposals_repair() == 0  # the centre's decision stands
    assert propose_termination_for_false_pledge(check.pk) == proposal.pk and case.terminations.count() == 1
