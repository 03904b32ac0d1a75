"""Messages on a case's assignment, progress and closing, through the project's messaging service.

Called inside the service's own transaction: `notify` writes the Message rows and enqueues their
delivery in the outbox, so a rolled-back step sends nothing and a committed one is never lost.
Each key names the event and the record it is about, so a retried call never sends twice; an opted-out
phone number gets its message suppressed by the messaging service, never sent. Whom to tell and how to
reach the handler is the messaging layer's one lookup (`case_contact`, `handler_contact`).
"""

from django.utils import translation

from legalaid.messaging.services import notify
from legalaid.messaging.triggers import case_contact, handler_contact
from legalaid.models import MessageEvent

from ..models import Assignment, Case, CaseEvent

Kind = CaseEvent.Kind

# The steps of the work an aided person expects to hear of, as the message says them. A message to the
# aided person is sent in Chinese whatever the handler's screen language (as the message texts are).
# A hearing dated ahead is not here: it goes to the hearing calendar, whose own notice tells the date.
PROGRESS_PHRASES = {
    Kind.SUIT_FILED: "承办人已代为起诉、申请仲裁或复议",
    Kind.HEARING: "承办人已出庭",
    Kind.CASE_ENDED: "案件已审结（判决、裁决或调解书已送达），承办人将办理结案",
}
# A mediation still under way is not news yet; its result is.
Result = CaseEvent.MediationResult
MEDIATION_NEWS = {Result.AGREEMENT, Result.PARTIAL, Result.FAILED}


def progress_phrase(recorded: CaseEvent) -> str:
    """What the aided person is told of this timeline row; "" when it is not something to tell them.

    A progress notice the handler sends by SMS is the handler's own words: recording it with the SMS channel
    is how a handler marks a note for the aided person.
    """
    if recorded.kind == Kind.PROGRESS_NOTICE:
        return recorded.text if recorded.channel == CaseEvent.Channel.SMS else ""
    if recorded.kind == Kind.MEDIATION:
        if recorded.mediation_result not in MEDIATION_NEWS:
            return ""
        with translation.override("zh-hans"):
            return f"调解结果：{CaseEvent.MediationResult(recorded.mediation_result).label}"
    phrase = PROGRESS_PHRASES.get(recorded.kind, "")
    if phrase and recorded.court:
        phrase = f"{phrase}（{recorded.court}）"
    return phrase


def notify_progress(case: Case, recorded: CaseEvent) -> None:
    """The aided person hears of a step of the work worth telling, once per timeline row."""
    phrase = progress_phrase(recorded)
    if not phrase:
        return
    name, phone = case_contact(case)
    notify(
        MessageEvent.PROGRESS,
        key=f"case:{case.pk}:progress:{recorded.pk}",
        context={"name": name, "number": case.number, "progress": phrase, "centre": case.centre.name},
        about=case,
        phone=phone,
    )


def notify_assigned(case: Case, assignment: Assignment) -> None:
    """The aided person learns who handles the case (SMS); the handler finds it in their messages."""
    name, phone = case_contact(case)
    handler, handler_phone = handler_contact(case)
    context = {
        "name": name,
        "number": case.number,
        "handler": handler,
        "handler_org": assignment.handler_organisation.name,
        "handler_phone": handler_phone,
        "centre": case.centre.name,
    }
    notify(
        MessageEvent.ASSIGNED,
        key=f"case:{case.pk}:assigned:{assignment.pk}",
        context=context,
        about=case,
        phone=phone,
        user=assignment.handler,
    )


def notify_closed(case: Case) -> None:
    """The aided person learns the case is closed (the closing file was accepted)."""
    name, phone = case_contact(case)
    notify(
        MessageEvent.CLOSED,
        key=f"case:{case.pk}:closed",
        context={"name": name, "number": case.number, "centre": case.centre.name},
        about=case,
        phone=phone,
    )
