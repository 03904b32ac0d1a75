"""Messages that follow a state: subscribed to the kernel's `status_changed`, so no stage's service carries
its messages, and each is written inside the transaction of the change (a rolled-back change sends nothing).

The project package imports no lifecycle app: a trigger is chosen by the sender's model label
("intake.Application") and reads the records it needs through their relations. Each key names the event and
the record, so a change replayed or a service retried never sends the same message twice.

The decision (eligibility) and the assignment, progress and closing (cases) notify from their own services,
through the one contact lookup here (`application_phone`, `case_contact`, `handler_contact`).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from legalaid.documents.typography import chinese_date

from ..kernel import outbox, status_changed
from ..models import MessageEvent
from .services import notify


def site_link(url_name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(url_name, args=args)


def when_text(moment) -> str:
    return f"{chinese_date(moment)} {timezone.localtime(moment):%H:%M}"


def date_text(day) -> str:
    return chinese_date(day)


def case_contact(case) -> tuple[str, str]:
    """The aided person's name and phone: the applicant's for a case on application, else the primary party's.

    A case opened on a grant has no parties yet when its creation is recorded: the application names them.
    """
    if case.application_id:
        application = case.application
        return application.applicant.name, application_phone(application)
    party = case.parties.filter(is_primary=True).select_related("person").first()
    if party is None:
        return "", ""
    return party.name, (party.person.phone if party.person_id else "").strip()


def handler_contact(case) -> tuple[str, str]:
    """The handler's name and office phone (their own, else their organisation's)."""
    if case.handler_id is None:
        return "", ""
    profile = getattr(case.handler, "profile", None)
    organisation = case.handler_organisation
    phone = (profile.phone if profile else "") or (organisation.phone if organisation else "")
    return case.handler.get_full_name(), phone


def application_phone(application) -> str:
    """The applicant's phone for messages: the contact phone given on the application, else the person's."""
    return (application.contact_phone or application.applicant.phone or "").strip()


def application_filed(application) -> None:
    """The receipt number, whichever way the application came in."""
    notify(
        MessageEvent.RECEIPT,
        key=f"application:{application.pk}:receipt",
        context={
            "name": application.applicant.name,
            "number": application.number,
            "link": site_link("intake:public_status"),
            "centre": application.centre.name,
        },
        about=application,
        phone=application_phone(application),
    )


def materials_requested(application) -> None:
    """The one-time notice: what to supply and by when."""
    notice = getattr(application, "materials_notice", None)
    if notice is None:
        return
    notify(
        MessageEvent.MATERIALS_NOTICE,
        key=f"application:{application.pk}:materials:{notice.pk}",
        context={
            "name": application.applicant.name,
            "number": application.number,
            "due_date": date_text(notice.due_date),
            "items": "、".join(str(item) for item in notice.items),
            "centre": application.centre.name,
        },
        about=application,
        phone=application_phone(application),
    )


def case_opened(case) -> None:
    name, phone = case_contact(case)
    notify(
        MessageEvent.CASE_OPENED,
        key=f"case:{case.pk}:opened",
        context={
            "name": name,
            "number": case.number,
            "application": case.application.number if case.application_id else "",
            "link": site_link("intake:public_status"),
            "centre": case.centre.name,
        },
        about=case,
        phone=phone,
    )


def case_closed(case) -> None:
    """With the closing, the link to rate the handler's work (the case's latest quality supervision card)."""
    card = case.cards.order_by("-issued_at", "-pk").first()
    if card is None:
        return
    name, phone = case_contact(case)
    notify(
        MessageEvent.CARD_RATING,
        key=f"case:{case.pk}:card_rating:{card.pk}",
        context={
            "name": name,
            "number": case.number,
            "link": site_link("supervision:card_rate", card.return_code),
            "centre": case.centre.name,
        },
        about=case,
        phone=phone,
    )


def hearing_scheduled(hearing) -> None:
    case = hearing.case
    name, phone = case_contact(case)
    handler, handler_phone = handler_contact(case)
    notify(
        MessageEvent.HEARING_SCHEDULED,
        key=f"hearing:{hearing.pk}:scheduled",
        context={
            "name": name,
            "number": case.number,
            "when": when_text(hearing.starts_at),
            "place": hearing.place,
            "handler": handler,
            "handler_phone": handler_phone,
            "centre": case.centre.name,
        },
        about=case,
        phone=phone,
    )


# A case's application and parties are linked after its creation is recorded: the notice is written by a task
# after the commit, from the whole case (outbox: it commits or rolls back with the opening).
CASE_OPENED_TASK = "legalaid.messaging.tasks.notify_case_opened"


def case_created(case) -> None:
    outbox.enqueue(CASE_OPENED_TASK, case.pk, key=f"case:{case.pk}:opened")


# (model label, status reached) → trigger; "" as the from-status means the record was just created.
CREATED = "created"
TRIGGERS = {
    ("intake.Application", CREATED): application_filed,
    ("intake.Application", "awaiting_materials"): materials_requested,
    ("cases.Case", CREATED): case_created,
    ("cases.Case", "closed"): case_closed,
    ("cases.Hearing", CREATED): hearing_scheduled,
}


def on_status_changed(sender, instance, from_status, to_status, **kwargs) -> None:
    trigger = TRIGGERS.get((sender._meta.label, CREATED if not from_status else to_status))
    if trigger is not None and from_status != to_status:
        trigger(instance)


def connect() -> None:
    status_changed.connect(on_status_changed, dispatch_uid="legalaid.messaging.triggers")
