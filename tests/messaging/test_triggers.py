"""Each event writes its message with the change that implies it (the kernel's status_changed), once per key,
with the right words; reminders fall due with the calendar and are written once however often the sweep runs."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from cases import selectors as case_selectors
from cases import services as case_services
from cases.services.hearings import hearing_cancel, hearing_schedule
from intake import services as intake_services
from legalaid.kernel import SYSTEM
from legalaid.messaging import reminders
from legalaid.messaging.services import contact_opt_out
from legalaid.models import Message, MessageChannel, MessageEvent
from tests.cases.factories import granted_application
from tests.intake.factories import PersonFactory, file_application

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sms_gateway_configured")]

PHONE = "13912345678"


def sms(event) -> Message:
    return Message.objects.get(event=event, channel=MessageChannel.SMS)


def test_an_application_filed_any_way_gets_its_receipt_number(alice, network):
    application = file_application(alice, network.centre, channel_code="centre_window", contact_phone=PHONE)
    message = sms(MessageEvent.RECEIPT)
    assert message.address == PHONE and application.number in message.body
    assert "/intake/apply/status/" in message.body and "{" not in message.body
    assert message.key == f"application:{application.pk}:receipt:sms"


def test_the_one_time_notice_names_the_materials_and_the_due_date(alice, network):
    with time_machine.travel("2026-03-02 09:00 +08:00", tick=False):
        application = file_application(alice, network.centre, channel_code="centre_window", contact_phone=PHONE)
        intake_services.notice_issue(
            application, actor=alice, items=["劳动合同或工资条", "欠薪证明"], due_date=date(2026, 3, 19)
        )
    message = sms(MessageEvent.MATERIALS_NOTICE)
    assert "劳动合同或工资条、欠薪证明" in message.body and "2026年3月19日" in message.body


@pytest.fixture
def assigned_case(frozen_now, network, alice, roster, django_capture_on_commit_callbacks):
    application = granted_application(network, contact_phone=PHONE)
    # The case-opened notice and the supervision card follow their commits.
    with django_capture_on_commit_callbacks(execute=True):
        case = case_services.case_open_from_application(application, actor=alice)
    with django_capture_on_commit_callbacks(execute=True):
        case_services.case_assign(case, actor=alice, handler=roster.senior_lawyer, reason="擅长劳动争议")
    case.refresh_from_db()
    return case


def test_case_opened_tells_the_case_number(assigned_case):
    message = sms(MessageEvent.CASE_OPENED)
    assert assigned_case.number in message.body and assigned_case.application.number in message.body
    assert "张建国" in message.body


def test_a_scheduled_hearing_is_told_and_reminded_to_the_handler_once(assigned_case, roster, frozen_now):
    lawyer = roster.senior_lawyer
    starts = timezone.make_aware(datetime(2026, 3, 20, 9, 30))
    hearing = hearing_schedule(
        assigned_case, actor=lawyer, starts_at=starts, court="寿县劳动人事争议仲裁委员会", room="第一仲裁庭"
    )
    told = sms(MessageEvent.HEARING_SCHEDULED)
    assert "2026年3月20日 09:30" in told.body and "第一仲裁庭" in told.body and lawyer.get_full_name() in told.body
    assert reminders.send_hearing_reminders() == 0  # ten days ahead: not yet
    frozen_now.move_to("2026-03-18 10:00 +08:00")
    assert reminders.send_hearing_reminders() == 1
    assert reminders.send_hearing_reminders() == 0
    in_app = Message.objects.get(event=MessageEvent.HEARING_REMINDER, channel=MessageChannel.IN_APP)
    assert in_app.user == lawyer and assigned_case.number in in_app.subject
    hearing_cancel(hearing, actor=lawyer, reason="仲裁委通知延期")
    moved = hearing_schedule(
        assigned_case, actor=lawyer, starts_at=starts - timedelta(hours=2), court="寿县劳动人事争议仲裁委员会"
    )
    assert reminders.send_hearing_reminders() == 1
    assert Message.objects.filter(key__startswith=f"hearing:{moved.pk}:reminder:").count() == 2  # in-app and SMS


def test_closing_sends_the_card_rating_link(assigned_case, roster, alice):
    from supervision.models import SupervisionCard

    card = SupervisionCard.objects.get(case=assigned_case)
    case_services.closing_submit(
        assigned_case,
        actor=roster.senior_lawyer,
        outcome="arbitration_award",
        case_end_date=date(2026, 3, 10),
        recovered_amount="23000.00",
        checked_item_ids=[item.pk for item in case_selectors.checklist_items(assigned_case)],
        handling_report="经仲裁，裁决用人单位支付拖欠工资二万三千元。",
    )
    assert not Message.objects.filter(event=MessageEvent.CARD_RATING).exists()
    case_services.closing_review(assigned_case, actor=alice, accept=True)
    message = sms(MessageEvent.CARD_RATING)
    assert f"/supervision/r/{card.return_code}/" in message.body and assigned_case.number in message.body


def test_enforcement_reminders_on_each_date_once(assigned_case, roster, alice):
    from supervision.models import EnforcementWatch

    watch = EnforcementWatch.objects.create(
        case=assigned_case,
        centre_id=assigned_case.centre_id,
        instrument=EnforcementWatch.Instrument.AWARD,
        instrument_number="寿劳人仲案字〔2026〕第12号",
        effective_on=date(2026, 3, 1),
        obligor="寿县某建筑公司",
        total_amount=Decimal("23000.00"),
        performance_end=date(2026, 3, 31),
        limit_date=date(2028, 3, 31),
        first_reminder_on=date(2028, 1, 1),
        second_reminder_on=date(2028, 3, 1),
        registered_by=alice,
    )
    assert reminders.send_enforcement_reminders(date(2027, 12, 31)) == 0
    assert reminders.send_enforcement_reminders(date(2028, 1, 1)) == 1
    assert reminders.send_enforcement_reminders(date(2028, 1, 2)) == 0
    assert reminders.send_enforcement_reminders(date(2028, 3, 1)) == 1
    bodies = list(Message.objects.filter(event=MessageEvent.ENFORCEMENT_REMINDER).values_list("body", flat=True))
    assert len(bodies) == 2 and all("2028年3月31日" in body for body in bodies)
    assert Message.objects.filter(key=f"enforcement:{watch.pk}:second:sms").exists()


def test_an_opted_out_person_is_written_to_but_nothing_is_sent(alice, network):
    contact_opt_out(PHONE, actor=SYSTEM, note="短信回复TD")
    file_application(alice, network.centre, applicant=PersonFactory(phone=PHONE), channel_code="centre_window")
    assert sms(MessageEvent.RECEIPT).status == Message.Status.SUPPRESSED
