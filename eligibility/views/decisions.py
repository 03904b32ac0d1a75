"""The decision queue, an application's eligibility page, the means test form and the decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from legalaid import figures, next_steps
from legalaid.errors import DomainError
from legalaid.kernel import history_rows
from legalaid.paginators import ListPaginator
from legalaid.pdf import pdf_response

from .. import clocks, documents, engine, forms, selectors, services
from ..engine import OUTCOME_LABELS
from ..models import RefusalReason
from ..rulebook import RuleBook
from .common import form_error


def _clock(application, today) -> clocks.DecisionClock:
    return clocks.decision_clock(
        application.decision_due,
        timezone.localdate(application.received_at),
        simplified=bool(getattr(application, "priority_group_name", None)),
        today=today,
    )


def _outcome_label(outcome: str | None) -> str | None:
    return _(OUTCOME_LABELS[outcome]) if outcome in OUTCOME_LABELS else None


@login_required
@permission_required("eligibility.decide_application", raise_exception=True)
def decision_queue(request):
    today = timezone.localdate()
    # The queue is the "decide" figure's rows: its total is theirs, read with the other figures' counts.
    count = figures.totals("decide", request.user, today)["total"]
    queue = selectors.decision_queue_rows(request.user, today, count)
    page = ListPaginator(queue, 50).get_page(request.GET.get("page"))
    rows = [
        {"application": a, "clock": _clock(a, today), "outcome_label": _outcome_label(a.assessment_outcome)}
        for a in page
    ]
    return render(request, "eligibility/decision_queue.html", {"page": page, "rows": rows})


@login_required
@permission_required("eligibility.view_meansassessment", raise_exception=True)
def application_eligibility(request, pk: int):
    application = selectors.application_for_eligibility(request.user, pk)
    assessments = list(selectors.assessments_of(application))
    latest = assessments[0] if assessments else None
    decisions = application.eligibility_decisions.select_related("decided_by").order_by("-decided_at")
    objections = application.objections.order_by("-filed_on")
    user = request.user
    refusal_decision = selectors.refusal_in_force(application)
    return render(
        request,
        "eligibility/application.html",
        {
            "application": application,
            "latest": latest,
            "earlier": assessments[1:],
            "decisions": decisions,
            "objections": objections,
            "next_steps": next_steps.for_eligibility(user, application.pk),
            "can_assess": user.has_perm("eligibility.add_meansassessment")
            and services.assessment_refusal(application) is None,
            "can_decide": user.has_perm("eligibility.decide_application")
            and services.decision_refusal(application, latest) is None,
            "can_object": user.has_perm("eligibility.add_objection")
            and services.objection_filing_refusal(application, refusal_decision) is None,
        },
    )


@login_required
@permission_required("eligibility.add_meansassessment", raise_exception=True)
@require_http_methods(["GET", "POST"])
def assessment_create(request, pk: int):
    application = selectors.application_for_eligibility(request.user, pk)
    region, day = services.application_region(application), services.application_date(application)
    book = RuleBook.load()
    matter = application.matter.code if application.matter_id else None
    categories = [
        c
        for c in book.waivers_on(region, day)
        if not book.matters_of_waiver[c.pk] or matter in book.matters_of_waiver[c.pk]
    ]
    data = request.POST if request.method == "POST" else None
    form = forms.AssessmentForm(data, priority_groups=selectors.priority_groups_on(region, day))
    members = forms.MemberFormSet(data, prefix="members")
    claims = forms.ClaimFormSet(
        data,
        prefix="claims",
        form_kwargs={"categories": categories},
        initial=services.claims_initial(application, categories),
    )
    if request.method == "POST" and form.is_valid() and members.is_valid() and claims.is_valid():
        try:
            assessment = services.assessment_create(
                application,
                actor=request.user,
                members=[services.MemberInput(**m) for m in members.cleaned_data if m],
                claims=[
                    services.ClaimInput(c["category"], c["document_seen"], c["card_number"])
                    for c in claims.cleaned_data
                    if c.get("category")
                ],
                household_assets=form.cleaned_data["household_assets"],
                integrity_pledge=form.cleaned_data["integrity_pledge"],
                priority_group_code=form.cleaned_data["priority_group"],
                notes=form.cleaned_data["notes"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("经济困难审查结果：%(outcome)s。") % {"outcome": assessment.get_outcome_display()}
            )
            return redirect("eligibility:application", pk=application.pk)
    resolution = book.resolve(region, day)
    return render(
        request,
        "eligibility/assessment_form.html",
        {
            "application": application,
            "form": form,
            "members": members,
            "claims": claims,
            "standard": resolution.standard,
            "in_scope": engine.in_scope(application.case_type, matter, resolution.rules),
            "no_means_test": matter in resolution.rules.no_means_test_matters,
            "categories": categories,
            "pledge": selectors.pledge_text_on(day),
            "application_date": day,
        },
    )


@login_required
@permission_required("eligibility.decide_application", raise_exception=True)
@require_http_methods(["GET", "POST"])
def application_decide(request, pk: int):
    application = selectors.application_for_eligibility(request.user, pk)
    assessment = services.latest_assessment(application)
    if assessment is None:
        messages.warning(request, _("请先进行经济困难审查，再作出决定。"))
        return redirect("eligibility:assessment_create", pk=application.pk)
    initial = {"result": forms.DecisionForm.GRANT if assessment.favourable else forms.DecisionForm.REFUSE}
    if assessment.outcome == engine.Outcome.INELIGIBLE:
        initial["refusal_reasons"] = [RefusalReason.NOT_NEEDY]
    elif assessment.outcome == engine.Outcome.OUT_OF_SCOPE:
        initial["refusal_reasons"] = [RefusalReason.OUT_OF_SCOPE]
    form = forms.DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        granted = form.cleaned_data["result"] == forms.DecisionForm.GRANT
        try:
            decision = services.application_decide(
                application,
                actor=request.user,
                granted=granted,
                refusal_reasons=[] if granted else form.cleaned_data["refusal_reasons"],
                reason_text=form.cleaned_data["reason_text"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("已作出决定：%(number)s。") % {"number": decision.number})
            return redirect("eligibility:decision_detail", pk=decision.pk)
    return render(
        request,
        "eligibility/decide_form.html",
        {"application": application, "assessment": assessment, "form": form},
    )


@login_required
@permission_required("eligibility.view_decision", raise_exception=True)
def decision_detail(request, pk: int):
    decision = selectors.decision_for_user(request.user, pk)
    context = {
        **documents.decision_context(decision),
        "transitions": history_rows(decision),
        "next_steps": next_steps.for_decision(request.user, decision),
    }
    return render(request, "eligibility/decision_detail.html", context)


@login_required
@permission_required("eligibility.view_decision", raise_exception=True)
def decision_pdf(request, pk: int):
    filename, content = documents.render_decision(selectors.decision_for_user(request.user, pk))
    return pdf_response(filename, content)
