"""Messages on assignment and closing, through legalaid.messaging: the aided person by SMS, the handler in-app;
an opted-out phone gets nothing sent; a rolled-back assignment writes nothing."""

from datetime import date

import pytest

from cases import selectors, services
from legalaid.errors import DomainError
from legalaid.kernel import SYSTEM
from legalaid.messaging.services import contact_opt_out
from legalaid.models import Message, MessageChannel, MessageEvent
from tests.cases.factories import granted_application

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
LIVE = (Message.Status.QUEUED, Message.Status.SENT)


@pytest.fixture(autouse=True)
def sms_gateway_configured(settings):
    """A centre with an SMS gateway (without one, messages are kept as not sent)."""
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/send"


@pytest.fixture
def assigned_case(frozen_now, network, alice, roster):
    application = granted_application(network, contact_phone=PHONE)
    case = services.case_open_from_application(application, actor=alice)
    assignment = services.case_assign(case, actor=alice, handler=roster.senior_lawyer, reason="擅长劳动争议")
    case.refresh_from_db()
    return case, assignment


def test_assignment_tells_the_aided_person_and_the_handler(assigned_case, roster):
    case, assignment = assigned_case
    sms = Message.objects.get(key=f"case:{case.pk}:assigned:{assignment.pk}:{MessageChannel.SMS}")
    assert sms.event == MessageEvent.ASSIGNED and sms.address == PHONE and sms.status in LIVE
    lawyer = roster.senior_lawyer
    assert "张建国" in sms.body and case.number in sms.body
    assert lawyer.get_full_name() in sms.body and assignment.handler_organisation.name in sms.body
    assert case.centre.name in sms.body and "{" not in sms.body
    in_app = Message.objects.get(key=f"case:{case.pk}:assigned:{assignment.pk}:{MessageChannel.IN_APP}")
    assert in_app.user == lawyer and in_app.status == Message.Status.SENT and case.number in in_app.subject
    assert in_app.object_id == case.pk


def test_closing_accepted_tells_the_aided_person_once(assigned_case, roster, alice):
    case, _assignment = assigned_case
    lawyer = roster.senior_lawyer
    services.closing_submit(
        case,
        actor=lawyer,
        outcome="arbitration_award",
        case_end_date=date(2026, 3, 10),
        recovered_amount="23000.00",
        checked_item_ids=[item.pk for item in selectors.checklist_items(case)],
        handling_report="经仲裁，裁决用人单位支付拖欠工资二万三千元。",
    )
    assert not Message.objects.filter(event=MessageEvent.CLOSED).exists()
    services.closing_review(case, actor=alice, accept=True)
    closed = Message.objects.get(event=MessageEvent.CLOSED)
    assert closed.key == f"case:{case.pk}:closed:{MessageChannel.SMS}"
    assert closed.address == PHONE and closed.status in LIVE and case.number in closed.body


def test_an_opted_out_phone_gets_nothing_sent(frozen_now, network, alice, roster):
    contact_opt_out(PHONE, actor=SYSTEM, note="受援人要求不再接收短信")
    application = granted_application(network, contact_phone=PHONE)
    case = services.case_open_from_application(application, actor=alice)
    services.case_assign(case, actor=alice, handler=roster.senior_lawyer, reason="擅长劳动争议")
    assert not Message.objects.filter(address=PHONE, status__in=LIVE).exists()
    assert Message.objects.filter(user=roster.senior_lawyer, status=Message.Status.SENT).count() == 1


def test_no_phone_no_sms_and_a_refused_assignment_writes_nothing(frozen_now, network, alice, roster):
    case = services.case_open_from_application(granted_application(network), actor=alice)
    with pytest.raises(DomainError, match="不在本中心"):
        services.case_assign(case, actor=alice, handler=alice)
    assert not Message.objects.exists()
    services.case_assign(case, actor=alice, handler=roster.senior_lawyer, reason="擅长劳动争议")
    assert list(Message.objects.values_list("channel", flat=True)) == [MessageChannel.IN_APP]
