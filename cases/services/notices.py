"""Messages when a case is assigned or closed, through the project's messaging service.

Called inside the service's own transaction: `notify` writes the Message rows and enqueues their
delivery in the outbox, so a rolled-back assignment sends nothing and a committed one is never lost.
Each key names the event and the record it is about, so a retried call never sends twice; an opted-out
phone number gets its message suppressed by the messaging service, never sent.
"""

from legalaid.messaging.services import notify
from legalaid.models import MessageEvent

from ..models import Assignment, Case


def _aided_person(case: Case) -> tuple[str, str]:
    """The aided person's name and phone: the applicant's contact phone for an application, else the person's."""
    party = case.parties.filter(is_primary=True).select_related("person").first()
    name = party.name if party else ""
    phone = ""
    if case.application_id:
        application = case.application
        phone = application.contact_phone or application.applicant.phone
    elif party is not None and party.person_id:
        phone = party.person.phone
    return name, phone.strip()


def notify_assigned(case: Case, assignment: Assignment) -> None:
    """The aided person learns who handles the case (SMS); the handler finds it in their messages."""
    name, phone = _aided_person(case)
    handler = assignment.handler
    profile = getattr(handler, "profile", None)
    organisation = assignment.handler_organisation
    context = {
        "name": name,
        "number": case.number,
        "handler": handler.get_full_name(),
        "handler_org": organisation.name,
        "handler_phone": (profile.phone if profile else "") or organisation.phone,
        "centre": case.centre.name,
    }
    notify(
        MessageEvent.ASSIGNED,
        key=f"case:{case.pk}:assigned:{assignment.pk}",
        context=context,
        about=case,
        phone=phone,
        user=handler,
    )


def notify_closed(case: Case) -> None:
    """The aided person learns the case is closed (the closing file was accepted)."""
    name, phone = _aided_person(case)
    notify(
        MessageEvent.CLOSED,
        key=f"case:{case.pk}:closed",
        context={"name": name, "number": case.number, "centre": case.centre.name},
        about=case,
        phone=phone,
    )
