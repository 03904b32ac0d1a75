"""Progress notices: the steps of the work an aided person expects to hear of reach them once each, through
the outbox, never to an opted-out phone; a hearing dated ahead goes to the hearing calendar (one path)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases import services
from cases.models import CaseEvent, Hearing
from legalaid.kernel import SYSTEM
from legalaid.messaging.services import contact_opt_out
from legalaid.models import Message, MessageChannel, MessageEvent, OutboxMessage
from tests.cases.factories import granted_application, make_roster

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
PHONE = "13912345678"
LIVE = (Message.Status.QUEUED, Message.Status.SENT)


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=TZ)


@pytest.fixture(autouse=True)
def sms_gateway_configured(settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/send"


@pytest.fixture
def frozen():
    with time_machine.travel("2026-03-10 09:30 +08:00", tick=False) as traveller:
        yield traveller


@pytest.fixture
def lawyer(network):
    return make_roster(network).senior_lawyer


@pytest.fixture
def case(frozen, network, alice, lawyer):
    opened = services.case_open_from_application(granted_application(network, contact_phone=PHONE), actor=alice)
    services.case_assign(opened, actor=alice, handler=lawyer, reason="擅长劳动争议")
    opened.refresh_from_db()
    return opened


def progress(case) -> list[Message]:
    return list(Message.objects.filter(event=MessageEvent.PROGRESS, object_id=case.pk).order_by("pk"))


def log(case, lawyer, kind, **fields):
    fields.setdefault("text", "记录")
    fields.setdefault("at", at(9))
    return services.case_handler_event_log(case, actor=lawyer, kind=kind, **fields)


def test_a_suit_a_mediation_reached_and_the_end_of_the_matter_are_told_once_each(case, lawyer):
    suit = log(case, lawyer, "suit_filed", text="向仲裁委提交仲裁申请书", reason="时效将届满")
    [sent] = progress(case)
    assert sent.key == f"case:{case.pk}:progress:{suit.pk}:{MessageChannel.SMS}"
    assert sent.address == PHONE and sent.status in LIVE
    assert case.number in sent.body and "起诉、申请仲裁" in sent.body and "{" not in sent.body
    assert "仲裁申请书" not in sent.body  # the handler's working note stays in the file
    delivery = OutboxMessage.objects.filter(task="legalaid.tasks.deliver_message").values_list("args", flat=True)
    assert [sent.pk] in list(delivery)  # delivered through the outbox, after the commit

    log(case, lawyer, "mediation", mediation_result=CaseEvent.MediationResult.PENDING)
    assert len(progress(case)) == 1  # still under way: nothing to tell yet
    log(case, lawyer, "mediation", mediation_result=CaseEvent.MediationResult.AGREEMENT)
    assert "达成调解协议" in progress(case)[-1].body

    services.case_end_record(case, actor=lawyer, case_end_date=date(2026, 3, 10), text="调解书已送达")
    assert "已审结" in progress(case)[-1].body and len(progress(case)) == 3
    # A retried notice for the same row writes nothing new.
    from cases.services.notices import notify_progress

    notify_progress(case, CaseEvent.objects.get(pk=suit.pk))
    assert len(progress(case)) == 3


def test_a_meeting_is_not_news_and_a_progress_notice_by_sms_is_the_handlers_words(case, lawyer):
    log(case, lawyer, "meeting", text="约见受援人")
    log(case, lawyer, "progress_notice", text="电话告知仲裁排期", channel=CaseEvent.Channel.PHONE)
    assert progress(case) == []
    log(case, lawyer, "progress_notice", text="仲裁委已受理，下周通知开庭时间", channel=CaseEvent.Channel.SMS)
    [sent] = progress(case)
    assert "仲裁委已受理，下周通知开庭时间" in sent.body


def test_an_opted_out_phone_hears_nothing(case, lawyer):
    contact_opt_out(PHONE, actor=SYSTEM, note="受援人要求不再接收短信")
    log(case, lawyer, "suit_filed", reason="时效将届满")
    [kept] = progress(case)
    assert kept.status == Message.Status.SUPPRESSED


def test_a_hearing_dated_ahead_goes_to_the_hearing_calendar(case, lawyer):
    scheduled = log(case, lawyer, "hearing", text="劳动仲裁开庭", at=at(20, 9), court="寿县劳动人事争议仲裁委员会")
    assert isinstance(scheduled, Hearing) and scheduled.status == Hearing.Status.SCHEDULED
    assert Hearing.objects.filter(case=case, starts_at=at(20, 9)).count() == 1
    assert not CaseEvent.objects.filter(case=case, kind="hearing").exists()
    told = Message.objects.get(event=MessageEvent.HEARING_SCHEDULED, channel=MessageChannel.SMS)
    assert told.address == PHONE and "寿县劳动人事争议仲裁委员会" in told.body
    assert progress(case) == []  # the calendar's notice, not a second one

    attended = log(case, lawyer, "hearing", text="出庭", at=at(10, 8), court="寿县劳动人事争议仲裁委员会")
    assert isinstance(attended, CaseEvent)
    assert "已出庭（寿县劳动人事争议仲裁委员会）" in progress(case)[-1].body


def test_the_sweep_writes_reminders_in_the_daytime_only():
    from legalaid.kernel import repairs
    from legalaid.messaging import reminders

    calls = []
    sweep = reminders.daytime_only(lambda: calls.append(1) or 1)
    with time_machine.travel("2026-03-10 23:30 +08:00", tick=False):
        assert sweep() == 0 and calls == []
    with time_machine.travel("2026-03-11 08:00 +08:00", tick=False):
        assert sweep() == 1 and calls == [1]
    assert repairs._repairers["hearing_reminders"].__name__ == "send_hearing_reminders"
