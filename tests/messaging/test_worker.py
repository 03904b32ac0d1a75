"""The triggers end to end through a real Celery worker: each SMS reaches the local gateway and each e-mail
the local SMTP server, exactly once, retried after the gateway refuses once; an opted-out person gets nothing.

One story covers every trigger: two online filings (one opted out), a one-time notice at the window, a case
opened, assigned, a hearing dated and reminded, an enforcement reminder, the closing with the rating link."""

import email
import os
import time
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from cases import services as case_services
from cases.services.hearings import hearing_schedule
from intake.services import notice_issue
from intake.services.public import public_application_submit
from legalaid.celery import app
from legalaid.kernel import SYSTEM
from legalaid.messaging import reminders
from legalaid.messaging.services import contact_opt_out
from legalaid.models import Message, MessageChannel, MessageEvent, Organisation
from supervision.models import EnforcementWatch, SupervisionCard
from tests.cases.factories import granted_application, make_roster, resident_id, subsidy_standard
from tests.intake.factories import file_application
from tests.messaging_servers import SmsGatewayServer, SmtpServer
from tests.supervision.factories import close_case
from tests.worker import start_worker

pytestmark = pytest.mark.worker

APPLICANT, OPTED_OUT, AIDED, HANDLER = "13811112222", "13833334444", "13855556666", "13877778888"
NOTIFIED = "13899990000"  # an applicant at the window who is sent the one-time notice


def watch_for(case, actor) -> EnforcementWatch:
    return EnforcementWatch.objects.create(
        case=case,
        centre_id=case.centre_id,
        instrument=EnforcementWatch.Instrument.AWARD,
        instrument_number="寿劳人仲案字〔2026〕第12号",
        effective_on=date(2026, 3, 1),
        obligor="寿县某建筑公司",
        total_amount=Decimal("23000.00"),
        performance_end=date(2026, 3, 31),
        limit_date=date(2028, 3, 31),
        first_reminder_on=date(2028, 1, 1),
        second_reminder_on=date(2028, 3, 1),
        registered_by=actor,
    )


def wait_until(predicate, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.2)


def test_each_trigger_reaches_the_real_servers_once(transactional_db, settings, network, alice):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: run the suite with scripts/test.sh")
    roster = make_roster(network)
    lawyer = roster.senior_lawyer
    lawyer.email = "lawyer@example.cn"
    lawyer.save(update_fields=["email"])
    lawyer.profile.phone = HANDLER
    lawyer.profile.save(update_fields=["phone"])
    centre = Organisation.objects.get(pk=network.centre.pk)
    with SmsGatewayServer(fail_first=1) as gateway, SmtpServer() as smtp:
        settings.SMS_GATEWAY_URL, settings.EMAIL_CONFIGURED = gateway.url, True  # as the worker has them
        worker = start_worker(SMS_GATEWAY_URL=gateway.url, EMAIL_URL=smtp.url, MESSAGE_RETRY_SECONDS="1")
        app.conf.task_always_eager = False
        try:
            contact_opt_out(OPTED_OUT, actor=SYSTEM, note="短信回复TD")
            for phone, birth in ((APPLICANT, 1990), (OPTED_OUT, 1991)):
                public_application_submit(
                    centre=centre,
                    name="周小红",
                    id_number=resident_id(datetime(birth, 8, 8).date()),
                    phone=phone,
                    address="寿县寿春镇北街12号",
                    case_type="labour_arbitration",
                    facts="在饭店打工半年，老板不发工资。",
                )
            with time_machine.travel("2026-03-10 09:30 +08:00", tick=False):
                case = case_services.case_open_from_application(
                    granted_application(network, contact_phone=AIDED), actor=alice
                )
                case_services.case_assign(case, actor=alice, handler=lawyer, reason="擅长劳动争议")
                hearing_schedule(
                    case,
                    actor=lawyer,
                    starts_at=timezone.make_aware(datetime(2026, 3, 11, 14, 0)),
                    court="寿县人民法院",
                    room="第三法庭",
                )
                assert reminders.send_hearing_reminders() == 1
                assert reminders.send_hearing_reminders() == 0
                window = file_application(alice, network.centre, channel_code="centre_window", contact_phone=NOTIFIED)
                notice_issue(window, actor=alice, items=["劳动合同", "欠薪证明"], due_date=date(2026, 3, 20))
            watch_for(case, alice)
            assert reminders.send_enforcement_reminders(date(2028, 1, 1)) == 1
            wait_until(lambda: SupervisionCard.objects.filter(case=case).exists())  # issued by the worker
            subsidy_standard(amount="1500.00")
            close_case(case, handler=lawyer, reviewer=alice, end=date(2026, 3, 25))
            # 2 receipts, the notice; case opened, assigned, hearing, enforcement, closed, rating; the reminder
            wait_until(lambda: len(gateway.received) >= 10 and smtp.messages)
            time.sleep(3)  # anything sent twice would have arrived by now
        finally:
            app.conf.task_always_eager = True
            worker.terminate()
            worker.wait(timeout=30)
    phones = sorted(payload["phone"] for payload in gateway.received)
    assert phones == sorted([APPLICANT, NOTIFIED, NOTIFIED, HANDLER] + [AIDED] * 6)
    assert gateway.attempts == len(gateway.received) + 1  # one refusal, then each delivered once
    contents = {payload["phone"]: [] for payload in gateway.received}
    for payload in gateway.received:
        contents[payload["phone"]].append(payload["content"])
    assert any("受理号" in text for text in contents[APPLICANT])
    assert any(case.number in text and "第三法庭" in text for text in contents[AIDED])
    assert any("开庭提醒" in text and "2026年3月11日 14:00" in text for text in contents[HANDLER])
    assert any("劳动合同、欠薪证明" in text and "2026年3月20日" in text for text in contents[NOTIFIED])
    card = SupervisionCard.objects.get(case=case)
    assert any(f"/supervision/r/{card.return_code}/" in text for text in contents[AIDED])
    assert any("申请执行期限" in text and "2028年3月31日" in text for text in contents[AIDED])
    [mail] = smtp.messages
    assert mail.rcpt_tos == ["lawyer@example.cn"]
    assert "第三法庭" in email.message_from_bytes(mail.content).get_payload(decode=True).decode("utf-8")
    opted = Message.objects.get(address=OPTED_OUT, channel=MessageChannel.SMS)
    assert opted.event == MessageEvent.RECEIPT and opted.status == Message.Status.SUPPRESSED
    assert (
        not Message.objects.filter(channel=MessageChannel.SMS)
        .exclude(address=OPTED_OUT)
        .exclude(status=Message.Status.SENT)
        .exists()
    )
