"""Printed documents of one record of a case: renderers return (filename, bytes) and hold no storage code.

The kinds are registered in `cases.official_documents`; these render a kind for a given assignment
or termination (not only the latest), from rows that do not change after issue, so printing again
later gives the same document.
"""

from django.conf import settings
from django.utils import timezone, translation

from legalaid.documents import registry
from legalaid.models import Organisation
from legalaid.pdf import render_pdf

from .models import Assignment, Case, Termination


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


def assignment_context(assignment: Assignment | None) -> dict:
    """The facts of one assignment that its notice and the letter back to the authority print."""
    if assignment is None:
        return {}
    case = assignment.case
    handler = assignment.handler
    assigned_on = timezone.localdate(assignment.assigned_at)
    return {
        "assignment": assignment,
        "handler": handler,
        "handler_profile": getattr(handler, "handler_profile", None),
        "handler_phone": getattr(getattr(handler, "profile", None), "phone", ""),
        "firm": assignment.handler_organisation,
        "assigned_on": assigned_on,
        "agreement_due": case.agreement_due,
        # Unnumbered notices carry the case number in the number line, dated the day of assignment.
        "number": case.number,
        "issued_on": assigned_on,
    }


def _render(code: str, case: Case, extra: dict) -> bytes:
    """One registered kind of the case, for a given record of it (an earlier assignment, a termination)."""
    kind = registry.kind(code)
    with translation.override(settings.LANGUAGE_CODE):
        context = {**registry.document_context(kind, case), **extra, "print_view": False}
        return render_pdf(kind.template, context)


def render_notification_reply(assignment: Assignment) -> tuple[str, bytes]:
    """The letter back to the court, procuratorate or police naming the assigned lawyer (LAL 36, PR 24)."""
    content = _render("notification_reply", assignment.case, assignment_context(assignment))
    return f"指派律师通知书-{assignment.case.number}.pdf", content


def render_assignment_notice(assignment: Assignment) -> tuple[str, bytes]:
    """The assignment notice to the handler's law firm or service office."""
    content = _render("assignment_notice", assignment.case, assignment_context(assignment))
    return f"法律援助案件指派通知书-{assignment.case.number}.pdf", content


def render_termination_decision(termination: Termination) -> tuple[str, bytes]:
    """The written termination decision with its reasons and the right to object (LAL 48, 49)."""
    from .official_documents import termination_decision_context

    case = termination.case
    content = _render("termination_decision", case, termination_decision_context(termination))
    return f"终止法律援助决定书-{case.number}.pdf", content
