"""Links from one stage's page to the next: application → means test and decision → case → supervision.

Each page shows only the links its user may follow: the target view's permission and the target
app's own scoped selector decide, exactly as the target view will when the link is opened (the
crawl test fails on a link that answers 403 or 404).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _link(label, url_name: str, *args) -> dict:
    return {"label": label, "url": reverse(url_name, args=args)}


def _case_in_scope(user, application_id: int):
    from cases.selectors import cases_for_user

    if not user.has_perm("cases.view_case"):
        return None
    return cases_for_user(user).filter(application_id=application_id).only("pk", "number").first()


def _application_in_scope(user, application_id: int) -> bool:
    from intake.selectors import applications_for_user

    return applications_for_user(user).filter(pk=application_id).exists()


def _latest_decision(user, application):
    if not user.has_perm("eligibility.view_decision"):
        return None
    return application.eligibility_decisions.order_by("-decided_at", "-pk").only("pk").first()


def for_application(user, application) -> list[dict]:
    """From an application (intake's page): its means test and decision, its case."""
    links = []
    if user.has_perm("eligibility.view_meansassessment") and application.status not in (
        application.Status.RECEIVED,
        application.Status.PRELIMINARY_REVIEW,
    ):
        links.append(_link(_("经济困难审查与决定"), "eligibility:application", application.pk))
    decision = _latest_decision(user, application)
    if decision is not None:
        links.append(_link(_("决定书"), "eligibility:decision_detail", decision.pk))
    case = _case_in_scope(user, application.pk)
    if case is not None:
        links.append(_link(_("案件 %(number)s") % {"number": case.number}, "cases:case_detail", case.pk))
    return links


def for_decision(user, decision) -> list[dict]:
    """From a decision: the application it decides and the case a grant opened."""
    return for_eligibility(user, decision.application_id)


def for_eligibility(user, application_id: int) -> list[dict]:
    """From the means test and decisions of an application: the application itself and its case."""
    links = []
    if user.has_perm("intake.view_application"):
        links.append(_link(_("申请详情"), "intake:application_detail", application_id))
    case = _case_in_scope(user, application_id)
    if case is not None:
        links.append(_link(_("案件 %(number)s") % {"number": case.number}, "cases:case_detail", case.pk))
    return links


def for_case(user, case) -> list[dict]:
    """From a case: its supervision page (quality assessment, visits, cards, complaints)."""
    links = []
    if user.has_perm("supervision.view_followupvisit"):
        links.append(_link(_("案件监督（评查、回访、监督卡）"), "supervision:case", case.pk))
    if (
        case.application_id
        and user.has_perm("eligibility.view_meansassessment")
        and _application_in_scope(user, case.application_id)
    ):
        links.append(_link(_("经济困难审查与决定"), "eligibility:application", case.application_id))
    return links
