"""Supervision's official document: 征询意见函, the letter asking the court or procuratorate for its
opinion of the legal aid given in a case (LAL 59). Registered from SupervisionConfig.ready().

It is a document of the case (subject cases.Case, registered by cases), rendered from the latest
authority-opinion activity: the authority, the date the letter went out, the handler. The letter
is not numbered: the activity's date is its date.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.official_documents import case_context
from legalaid.documents.registry import DocumentKind, DocumentState, register

from .models import SupervisionActivity


def _opinion_activity(case):
    return (
        case.supervision_activities.filter(kind=SupervisionActivity.Kind.AUTHORITY_OPINION)
        .order_by("-date", "-pk")
        .first()
    )


def opinion_letter_context(case) -> dict:
    activity = _opinion_activity(case)
    return {
        **case_context(case),
        "activity": activity,
        "authority": activity.authority if activity else "",
        "assigned_on": timezone.localdate(case.assigned_at) if case.assigned_at else None,
        "issued_on": activity.date if activity else timezone.localdate(),
    }


def opinion_letter_state(case):
    activity = _opinion_activity(case)
    if activity is None:
        return DocumentState.NOT_APPLICABLE, _("未征询办案机关意见。")
    return DocumentState.EXISTS, _("%(date)s向%(authority)s发函。") % {
        "date": activity.date.isoformat(),
        "authority": activity.authority or _("办案机关"),
    }


def register_all() -> None:
    register(
        DocumentKind(
            code="authority_opinion_letter",
            title=gettext_lazy("征询意见函"),
            subject="cases.Case",
            template="supervision/documents/authority_opinion_letter.html",
            context=opinion_letter_context,
            state=opinion_letter_state,
            order=250,
        )
    )
