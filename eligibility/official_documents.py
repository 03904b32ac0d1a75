"""The application's documents that need the eligibility stage's records, registered with the documents
framework (legalaid.documents): the approval form (审批表), the 2023 self-declaration of financial
hardship (经济困难状况说明表) filled from the means test, and the service receipt of the decision.
The application subject itself is registered by intake.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intake.models import Application
from legalaid.documents.registry import DocumentKind, DocumentState, register

from .models import Decision, HouseholdMember, MeansAssessment, Outcome

NOT_MEANS_TESTED = (Outcome.WAIVED, Outcome.NO_MEANS_TEST, Outcome.OUT_OF_SCOPE)


def current_assessment(application: Application) -> MeansAssessment | None:
    return (
        application.means_assessments.filter(status=MeansAssessment.Status.CURRENT)
        .select_related("assessed_by", "priority_group")
        .order_by("-assessed_at", "-pk")
        .first()
    )


def decision_in_force(application: Application) -> Decision | None:
    return (
        application.eligibility_decisions.filter(status=Decision.Status.IN_FORCE)
        .select_related("decided_by", "centre")
        .order_by("-decided_at", "-pk")
        .first()
    )


# ------------------------------------------------------------------ 法律援助审批表


def approval_context(application: Application) -> dict:
    assessment = current_assessment(application)
    decision = decision_in_force(application)
    review = (
        application.preliminary_reviews.select_related("reviewer", "organisation").order_by("-submitted_at").first()
    )
    return {
        "application": application,
        "applicant": application.applicant,
        "received": timezone.localtime(application.received_at),
        "review": review,
        "assessment": assessment,
        "findings": list(assessment.reasons) if assessment else [],
        "decision": decision,
        "decision_title": decision.title if decision else "",
        "refusal_reasons": decision.refusal_reason_labels if decision else [],
        "issued_on": timezone.localdate(decision.decided_at) if decision else timezone.localdate(),
    }


def approval_state(application: Application) -> tuple[str, str]:
    if current_assessment(application) is None:
        return DocumentState.MISSING, _("尚未进行经济困难审查，无法填写承办人审查意见。")
    if decision_in_force(application) is None:
        return DocumentState.DUE, _("已审查，待作出决定后由审批人签署。")
    return DocumentState.EXISTS, _("已审查并作出决定。")


APPROVAL_FORM = register(
    DocumentKind(
        code="approval_form",
        title=gettext_lazy("法律援助审批表"),
        subject="intake.Application",
        template="eligibility/official/approval_form.html",
        context=approval_context,
        state=approval_state,
        order=50,
    )
)


# ------------------------------------------------------------------ 经济困难状况说明表


def declaration_context(application: Application) -> dict:
    assessment = current_assessment(application)
    members = list(assessment.members.all()) if assessment else []
    facts = assessment.facts_snapshot if assessment else {}
    relations = dict(HouseholdMember.Relation.choices)
    return {
        "application": application,
        "applicant": application.applicant,
        "assessment": assessment,
        "members": [{"member": each, "relation": str(relations.get(each.relation, each.relation))} for each in members],
        "household_size": assessment.household_size if assessment else None,
        "household_income": assessment.household_monthly_income if assessment else None,
        "assets": assessment.household_assets if assessment else None,
        "per_capita": assessment.per_capita_income if assessment else None,
        "standard_line": assessment.standard_line if assessment else None,
        "claims": facts.get("claims", []),
        "issued_on": timezone.localdate(assessment.assessed_at) if assessment else timezone.localdate(),
    }


def declaration_state(application: Application) -> tuple[str, str]:
    assessment = current_assessment(application)
    if assessment is None:
        return DocumentState.MISSING, _("尚未进行经济困难审查。")
    if assessment.outcome in NOT_MEANS_TESTED:
        return DocumentState.NOT_APPLICABLE, _("本申请无需核查经济困难状况（%(outcome)s）。") % {
            "outcome": assessment.get_outcome_display()
        }
    return DocumentState.EXISTS, _("由经济困难审查生成。")


MEANS_DECLARATION = register(
    DocumentKind(
        code="means_declaration",
        title=gettext_lazy("经济困难状况说明表"),
        subject="intake.Application",
        template="eligibility/official/means_declaration.html",
        context=declaration_context,
        state=declaration_state,
        order=45,
    )
)


# ------------------------------------------------------------------ 送达回证（决定书）


def decision_receipt_context(application: Application) -> dict:
    decision = decision_in_force(application)
    applicant = application.applicant
    return {
        "application": application,
        "title": "送达回证",
        "served_title": decision.title if decision else "",
        "served_number": decision.number if decision else "",
        "recipient": applicant.name,
        "recipient_address": applicant.residence_address or applicant.household_address,
        "served_by": "",
    }


def decision_receipt_state(application: Application) -> tuple[str, str]:
    if decision_in_force(application) is None:
        return DocumentState.NOT_APPLICABLE, _("尚未作出给予或不予法律援助的决定。")
    return DocumentState.DUE, _("决定书已作出，待送达。")


DECISION_SERVICE_RECEIPT = register(
    DocumentKind(
        code="decision_service_receipt",
        title=gettext_lazy("送达回证（决定书）"),
        subject="intake.Application",
        template="documents/service_receipt.html",
        context=decision_receipt_context,
        state=decision_receipt_state,
        number_word="送",
        order=60,
    )
)
