"""Pre-provision (先行提供, LAL 44): an urgent application's case opened and assigned before the
decision; a grant keeps that case, a refusal proposes ending the aid; urgency carried onto the case."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, Termination, TerminationGround
from cases.tasks import open_case_for_grant
from intake.models import Application
from intake.services import application_record_decision
from legalaid.errors import DomainError
from tests.cases.factories import granted_application

pytestmark = pytest.mark.django_db


def urgent_application(network, **overrides) -> Application:
    """Filed at the workstation, now under review at the centre, its arbitration limit three days away."""
    fields = {
        "status": Application.Status.UNDER_REVIEW,
        "decided_at": None,
        "is_urgent": True,
        "urgent_reason": "劳动仲裁时效三日后届满",
        "deadline_date": timezone.localdate() + timedelta(days=3),
        "name": "刘桂芳",
    }
    fields.update(overrides)
    return granted_application(network, **fields)


def test_centre_opens_and_assigns_before_the_decision_then_the_grant_keeps_the_case(
    frozen_now, network, alice, roster, as_alice
):
    application = urgent_application(network)
    queue = as_alice.get(reverse("cases:pre_provision_queue")).content.decode()
    assert application.number in queue and reverse("cases:open_pre_provision", args=[application.pk]) in queue
    assert reverse("cases:pre_provision_queue") in as_alice.get(reverse("cases:open_queue")).content.decode()

    page = as_alice.get(reverse("cases:open_pre_provision", args=[application.pk])).content.decode()
    assert application.facts in page  # 案情摘要 starts from the application's facts
    response = as_alice.post(
        reverse("cases:open_pre_provision", args=[application.pk]),
        {"reason": "仲裁时效三日后届满，须立即申请仲裁", "summary": application.facts},
    )
    case = Case.objects.get(application=application)
    assert response.status_code == 302 and response.url == reverse("cases:case_detail", args=[case.pk])
    application.refresh_from_db()
    assert application.pre_provision_at is not None and application.status == Application.Status.UNDER_REVIEW
    assert case.pre_provided_at is not None and case.is_urgent and case.awaits_decision
    assert case.summary == application.facts
    assert case.assignment_due == timezone.localdate() + timedelta(days=3)

    services.case_assign(case, actor=alice, handler=roster.senior_lawyer, reason="熟悉劳动争议")
    html = as_alice.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="case-pre-provision"' in html and 'data-testid="case-urgent"' in html
    assert "先行提供法律援助(法律援助法第四十四条)" in html  # the opening's history, in words
    assert "审查决定尚未作出" in html

    application_record_decision(application, actor=alice, granted=True, reason="经济困难，符合条件")
    assert open_case_for_grant(application.pk) == case.pk  # the grant's hand-off finds this case
    assert Case.objects.filter(application=application).count() == 1
    case.refresh_from_db()
    assert case.status == Case.Status.ASSIGNED and not case.awaits_decision
    assert case.events.filter(text__contains="先行提供转为正式援助").exists()
    html = as_alice.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "审查决定：准予法律援助" in html and "先行提供转为正式援助" in html


def test_refusal_after_pre_provision_proposes_termination_for_the_centre(frozen_now, network, alice, roster, as_alice):
    application = urgent_application(network)
    case = services.case_open_pre_provision(application, actor=alice, reason="需要立即申请财产保全")
    services.case_assign(case, actor=alice, handler=roster.senior_lawyer, reason="熟悉劳动争议")

    application_record_decision(application, actor=alice, granted=False, reason="家庭月收入高于当地困难标准")
    proposal = Termination.objects.get(case=case)
    assert proposal.status == Termination.Status.REPORTED and proposal.proposed_by_system
    assert proposal.ground == TerminationGround.NOT_ELIGIBLE and "家庭月收入高于当地困难标准" in proposal.facts
    html = as_alice.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="termination-proposal"' in html
    assert reverse("cases:termination_decline", args=[case.pk, proposal.pk]) in html

    response = as_alice.post(
        reverse("cases:case_terminate", args=[case.pk]),
        {"ground": proposal.ground, "reasons": "先行提供后经审查不符合经济困难条件"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    proposal.refresh_from_db()
    assert case.status == Case.Status.TERMINATED and proposal.status == Termination.Status.TERMINATED
    assert case.closing_due is not None  # the handler still hands in the file (LAL 50)


def test_only_urgent_undecided_applications_and_the_button_follows_the_predicate(
    frozen_now, network, alice, bob, as_alice
):
    calm = urgent_application(network, is_urgent=False, urgent_reason="", deadline_date=None, name="钱多多")
    granted = granted_application(network)
    refusal = services.pre_provision_refusal(calm, alice)
    assert "紧急" in refusal
    with pytest.raises(DomainError, match="紧急"):
        services.case_open_pre_provision(calm, actor=alice, reason="x")
    assert "审查决定前" in services.pre_provision_refusal(granted, alice)
    page = as_alice.get(reverse("cases:open_pre_provision", args=[calm.pk])).content.decode()
    assert 'data-testid="pre-provision-refusal"' in page and "先行提供并立案</button>" not in page
    with pytest.raises(DomainError, match="权限"):
        services.case_open_pre_provision(urgent_application(network), actor=bob, reason="x")
    urgent = urgent_application(network)
    with pytest.raises(DomainError) as missing:
        services.case_open_pre_provision(urgent, actor=alice, reason=" ")
    assert missing.value.field == "reason"
    services.case_open_pre_provision(urgent, actor=alice, reason="明日开庭")
    assert "已立案" in services.pre_provision_refusal(urgent, alice)
    assert urgent.number not in as_alice.get(reverse("cases:pre_provision_queue")).content.decode()


def test_outsider_and_clerk_cannot_reach_the_pages(frozen_now, network, as_bob, as_charlie):
    application = urgent_application(network)
    assert as_bob.get(reverse("cases:pre_provision_queue")).status_code == 403
    assert as_charlie.get(reverse("cases:open_pre_provision", args=[application.pk])).status_code == 404
    assert application.number not in as_charlie.get(reverse("cases:pre_provision_queue")).content.decode()


def test_urgency_carried_onto_a_granted_case_and_shown_in_the_lists(frozen_now, network, alice, as_alice):
    case = services.case_open_from_application(granted_application(network, is_urgent=True), actor=alice)
    assert case.is_urgent
    assert 'data-testid="case-urgent"' in as_alice.get(reverse("cases:case_list")).content.decode()
    calm = services.case_open_from_application(granted_application(network), actor=alice)
    assert not calm.is_urgent
