"""Printed documents of a case: renderers return (filename, bytes) and hold no storage code.

Each is rendered from rows that do not change after issue (the assignment, the termination
decision), so printing again later gives the same document.
"""

from django.utils import timezone

from legalaid.models import Organisation
from legalaid.pdf import render_pdf

from .models import Assignment, Termination


def justice_bureau_name(centre: Organisation) -> str:
    """The justice bureau that set up the centre, which hears objections (LAL 49)."""
    bureau = (
        Organisation.objects.filter(id__in=centre.ancestor_ids(), kind=Organisation.Kind.JUSTICE_BUREAU)
        .order_by("-path")
        .first()
    )
    if centre.kind == Organisation.Kind.CITY_CENTRE and bureau:
        return bureau.name
    if centre.name.endswith("法律援助中心"):
        return centre.name.removesuffix("法律援助中心") + "司法局"
    return bureau.name if bureau else "设立本中心的司法行政部门"


def _assignment_context(assignment: Assignment) -> dict:
    case = assignment.case
    handler = assignment.handler
    profile = getattr(handler, "handler_profile", None)
    return {
        "case": case,
        "assignment": assignment,
        "centre": case.centre,
        "handler": handler,
        "handler_profile": profile,
        "handler_phone": getattr(getattr(handler, "profile", None), "phone", ""),
        "firm": assignment.handler_organisation,
        "notification": getattr(case, "notification", None) if case.is_notification_defence else None,
        "parties": list(case.parties.all()),
        "assigned_on": timezone.localdate(assignment.assigned_at),
        "agreement_due": case.agreement_due,
    }


def render_notification_reply(assignment: Assignment) -> tuple[str, bytes]:
    """The letter back to the court, procuratorate or police naming the assigned lawyer (LAL 36, PR 24)."""
    context = _assignment_context(assignment)
    content = render_pdf("cases/pdf/notification_reply.html", context)
    return f"指派律师通知书-{assignment.case.number}.pdf", content


def render_assignment_notice(assignment: Assignment) -> tuple[str, bytes]:
    """The assignment notice to the handler's law firm or service office."""
    content = render_pdf("cases/pdf/assignment_notice.html", _assignment_context(assignment))
    return f"法律援助案件指派通知书-{assignment.case.number}.pdf", content


def render_termination_decision(termination: Termination) -> tuple[str, bytes]:
    """The written termination decision with its reasons and the right to object (LAL 48, 49)."""
    case = termination.case
    context = {
        "case": case,
        "termination": termination,
        "centre": case.centre,
        "parties": list(case.parties.all()),
        "bureau": justice_bureau_name(case.centre),
        "decided_on": timezone.localdate(termination.decided_at),
    }
    content = render_pdf("cases/pdf/termination_decision.html", context)
    return f"终止法律援助决定书-{case.number}.pdf", content
