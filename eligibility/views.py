"""Views: parse input, call one service or selector, render; domain errors become form errors."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from legalaid.errors import DomainError
from legalaid.models import Organisation
from legalaid.pdf import pdf_response
from legalaid.selectors import user_profile, visible_organisations

from . import documents, forms, selectors, services
from .engine import OUTCOME_LABELS
from .models import LegalAidCard, MatterScope, Objection, PledgeSpotCheck, PriorityGroup, RefusalReason
from .rulebook import RuleBook


def _form_error(form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _due_state(application, today) -> dict:
    """Where the decision clock stands: the same day for the simplified path, else intake's due date."""
    due = application.decision_due
    if getattr(application, "priority_group_name", None):
        due = min(due, timezone.localdate(application.received_at))
    days = (due - today).days
    state = "overdue" if days < 0 else "due_today" if days == 0 else "due_soon" if days <= 2 else "ok"
    return {"due": due, "days_left": days, "overdue_days": -days, "state": state}


# ---------------------------------------------------------------- decision queue and application page


@login_required
@permission_required("eligibility.decide_application", raise_exception=True)
def decision_queue(request):
    today = timezone.localdate()
    page = Paginator(selectors.decision_queue(request.user), 50).get_page(request.GET.get("page"))
    rows = [
        {"application": a, "clock": _due_state(a, today), "outcome_label": OUTCOME_LABELS.get(a.assessment_outcome)}
        for a in page
    ]
    return render(request, "eligibility/decision_queue.html", {"page": page, "rows": rows})


@login_required
@permission_required("eligibility.view_meansassessment", raise_exception=True)
def application_eligibility(request, pk: int):
    application = selectors.application_for_eligibility(request.user, pk)
    assessments = list(selectors.assessments_of(application))
    decisions = application.eligibility_decisions.select_related("decided_by").order_by("-decided_at")
    objections = application.objections.order_by("-filed_on")
    can_decide = request.user.has_perm("eligibility.decide_application") and application.status == "under_review"
    return render(
        request,
        "eligibility/application.html",
        {
            "application": application,
            "latest": assessments[0] if assessments else None,
            "earlier": assessments[1:],
            "decisions": decisions,
            "objections": objections,
            "can_assess": request.user.has_perm("eligibility.add_meansassessment") and application.is_open,
            "can_decide": can_decide and bool(assessments),
            "can_object": request.user.has_perm("eligibility.add_objection")
            and application.status == "refused"
            and not objections.filter(status=Objection.Status.PENDING).exists(),
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
    groups = [g for g in PriorityGroup.objects.all() if g.covers(day) and g.applies_in(region)]
    data = request.POST if request.method == "POST" else None
    form = forms.AssessmentForm(data, priority_groups=groups)
    members = forms.MemberFormSet(data, prefix="members")
    claims = forms.ClaimFormSet(data, prefix="claims", form_kwargs={"categories": categories})
    if request.method == "POST" and form.is_valid() and members.is_valid() and claims.is_valid():
        try:
            assessment = services.assessment_create(
                application,
                actor=request.user,
                members=[services.MemberInput(**m) for m in members.cleaned_data if m],
                claims=[
                    services.ClaimInput(c["category"], c["document_seen"], c["card_number"])
                    for c in claims.cleaned_data
                    if c
                ],
                household_assets=form.cleaned_data["household_assets"],
                integrity_pledge=form.cleaned_data["integrity_pledge"],
                priority_group_code=form.cleaned_data["priority_group"],
                notes=form.cleaned_data["notes"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _("经济困难审查结果:%(outcome)s。") % {"outcome": assessment.get_outcome_display()}
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
            "in_scope": application.case_type == "criminal" or matter in resolution.rules.matters_in_scope,
            "no_means_test": matter in resolution.rules.no_means_test_matters,
            "categories": categories,
            "pledge": services.pledge_text_on(day),
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
        messages.warning(request, _("请先进行经济困难审查,再作出决定。"))
        return redirect("eligibility:assessment_create", pk=application.pk)
    initial = {"result": forms.DecisionForm.GRANT if assessment.favourable else forms.DecisionForm.REFUSE}
    if assessment.outcome == "ineligible":
        initial["refusal_reasons"] = [RefusalReason.NOT_NEEDY]
    elif assessment.outcome == "out_of_scope":
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
            _form_error(form, error)
        else:
            messages.success(request, _("已作出决定:%(number)s。") % {"number": decision.number})
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
    return render(request, "eligibility/decision_detail.html", documents.decision_context(decision))


@login_required
@permission_required("eligibility.view_decision", raise_exception=True)
def decision_pdf(request, pk: int):
    filename, content = documents.render_decision(selectors.decision_for_user(request.user, pk))
    return pdf_response(filename, content)


# ---------------------------------------------------------------- legal-aid cards


def _issuing_centres(user):
    return visible_organisations(user).filter(kind__in=Organisation.CENTRE_KINDS).order_by("path")


@login_required
@permission_required("eligibility.view_legalaidcard", raise_exception=True)
def card_list(request):
    lookup = forms.CardLookupForm(request.GET or None)
    found = None
    if lookup.is_valid() and lookup.cleaned_data["q"]:
        found = selectors.card_lookup(lookup.cleaned_data["q"])
    visible_ids = set(selectors.cards_for_user(request.user).values_list("pk", flat=True)) if found else set()
    cards = selectors.cards_for_user(request.user).order_by("-issued_on", "-pk")
    page = Paginator(cards, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "eligibility/card_list.html",
        {
            "lookup": lookup,
            "found": found,
            "visible_ids": visible_ids,
            "page": page,
            "today": timezone.localdate(),
            "can_issue": request.user.has_perm("eligibility.add_legalaidcard")
            and _issuing_centres(request.user).exists(),
        },
    )


@login_required
@permission_required("eligibility.add_legalaidcard", raise_exception=True)
@require_http_methods(["GET", "POST"])
def card_issue(request):
    centres = list(_issuing_centres(request.user))
    profile = user_profile(request.user)
    initial = {"issuing_centre": profile.organisation.pk} if profile else {}
    form = forms.CardForm(request.POST or None, centres=centres, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        centre = next(c for c in centres if str(c.pk) == data.pop("issuing_centre"))
        try:
            card = services.card_issue(actor=request.user, centre=centre, **data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("已发放法律援助卡 %(number)s。") % {"number": card.number})
            return redirect("eligibility:card_detail", pk=card.pk)
    return render(request, "eligibility/card_form.html", {"form": form})


@login_required
@permission_required("eligibility.view_legalaidcard", raise_exception=True)
def card_detail(request, pk: int):
    card = selectors.card_for_user(request.user, pk)
    return render(
        request,
        "eligibility/card_detail.html",
        {
            "card": card,
            "claims": card.claims.select_related("assessment__application").order_by("-pk")[:20],
            "can_revoke": request.user.has_perm("eligibility.revoke_legalaidcard")
            and card.status == LegalAidCard.Status.ACTIVE,
            "history": card.history.select_related("history_user").order_by("-history_date")[:20],
        },
    )


@login_required
@permission_required("eligibility.revoke_legalaidcard", raise_exception=True)
@require_http_methods(["GET", "POST"])
def card_revoke(request, pk: int):
    card = selectors.card_for_user(request.user, pk)
    form = forms.CardRevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.card_revoke(card, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("法律援助卡 %(number)s 已注销。") % {"number": card.number})
            return redirect("eligibility:card_detail", pk=card.pk)
    return render(request, "eligibility/card_revoke.html", {"card": card, "form": form})


@login_required
@permission_required("eligibility.view_legalaidcard", raise_exception=True)
def card_pdf(request, pk: int):
    filename, content = documents.render_card(selectors.card_for_user(request.user, pk))
    return pdf_response(filename, content)


# ---------------------------------------------------------------- objections (LAL 49)


@login_required
@permission_required("eligibility.view_objection", raise_exception=True)
def objection_list(request):
    status = request.GET.get("status", "")
    objections = selectors.objections_for_user(request.user).order_by("-filed_on", "-pk")
    if status in Objection.Status.values:
        objections = objections.filter(status=status)
    page = Paginator(objections, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "eligibility/objection_list.html",
        {"page": page, "status": status, "statuses": Objection.Status.choices, "today": timezone.localdate()},
    )


@login_required
@permission_required("eligibility.add_objection", raise_exception=True)
@require_http_methods(["GET", "POST"])
def objection_create(request, pk: int):
    application = selectors.application_for_eligibility(request.user, pk)
    form = forms.ObjectionForm(
        request.POST or None,
        initial={"objector_name": application.applicant.name, "objector_phone": application.applicant.phone},
    )
    if request.method == "POST" and form.is_valid():
        try:
            objection = services.objection_file(
                actor=request.user, kind=Objection.Kind.REFUSAL, application=application, **form.cleaned_data
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("已登记异议,%(body)s应于 %(due)s 前审查完毕。")
                % {"body": objection.review_body, "due": objection.review_due.isoformat()},
            )
            return redirect("eligibility:objection_detail", pk=objection.pk)
    return render(request, "eligibility/objection_form.html", {"application": application, "form": form})


@login_required
@permission_required("eligibility.view_objection", raise_exception=True)
def objection_detail(request, pk: int):
    objection = selectors.objection_for_user(request.user, pk)
    return render(
        request,
        "eligibility/objection_detail.html",
        {
            "objection": objection,
            "transitions": objection.transitions.select_related("actor"),
            "today": timezone.localdate(),
            "can_decide": request.user.has_perm("eligibility.decide_objection") and objection.is_pending,
        },
    )


@login_required
@permission_required("eligibility.decide_objection", raise_exception=True)
@require_http_methods(["GET", "POST"])
def objection_decide(request, pk: int):
    objection = selectors.objection_for_user(request.user, pk)
    form = forms.ObjectionDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_decide(
                objection,
                actor=request.user,
                correction_ordered=form.cleaned_data["result"] == Objection.Status.CORRECTION_ORDERED,
                opinion=form.cleaned_data["opinion"],
                decided_on=form.cleaned_data["decided_on"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("已登记司法行政部门的审查决定。"))
            return redirect("eligibility:objection_detail", pk=objection.pk)
    return render(request, "eligibility/objection_decide.html", {"objection": objection, "form": form})


# ---------------------------------------------------------------- pledge spot-checks


@login_required
@permission_required("eligibility.view_pledgespotcheck", raise_exception=True)
def spot_check_list(request):
    result = request.GET.get("result", "")
    checks = selectors.spot_checks_for_user(request.user).order_by("-draw__period", "result", "pk")
    if result in PledgeSpotCheck.Result.values:
        checks = checks.filter(result=result)
    page = Paginator(checks, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "eligibility/spot_check_list.html",
        {"page": page, "result": result, "results": PledgeSpotCheck.Result.choices},
    )


@login_required
@permission_required("eligibility.view_pledgespotcheck", raise_exception=True)
@require_http_methods(["GET", "POST"])
def spot_check_detail(request, pk: int):
    check = selectors.spot_check_for_user(request.user, pk)
    can_verify = request.user.has_perm("eligibility.verify_pledge") and check.result == PledgeSpotCheck.Result.PENDING
    form = forms.SpotCheckForm(request.POST or None) if can_verify else None
    recovery = getattr(check, "recovery", None)
    can_update_recovery = recovery is not None and request.user.has_perm("eligibility.change_recovery")
    recovery_form = None
    if can_update_recovery:
        recovery_form = forms.RecoveryForm(
            request.POST if "recovery" in request.POST else None,
            initial={
                "status": recovery.status,
                "cost_amount": recovery.cost_amount,
                "fine_amount": recovery.fine_amount,
                "notes": recovery.notes,
            },
        )
    if request.method == "POST":
        if "recovery" in request.POST and recovery_form is not None and recovery_form.is_valid():
            try:
                services.recovery_update(recovery, actor=request.user, **recovery_form.cleaned_data)
            except DomainError as error:
                _form_error(recovery_form, error)
            else:
                messages.success(request, _("已更新费用追缴情况。"))
                return redirect("eligibility:spot_check_detail", pk=check.pk)
        elif form is not None and "recovery" not in request.POST and form.is_valid():
            try:
                services.spot_check_record(
                    check,
                    actor=request.user,
                    truthful=form.cleaned_data["result"] == PledgeSpotCheck.Result.CONFIRMED,
                    findings=form.cleaned_data["findings"],
                    cost_amount=form.cleaned_data["cost_amount"],
                )
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("已登记核查结果。"))
                return redirect("eligibility:spot_check_detail", pk=check.pk)
        elif form is None and recovery_form is None:
            return redirect("eligibility:spot_check_detail", pk=check.pk)
    return render(
        request,
        "eligibility/spot_check_detail.html",
        {"check": check, "form": form, "recovery": recovery, "recovery_form": recovery_form},
    )


# ---------------------------------------------------------------- rules in force


@login_required
@permission_required("eligibility.view_hardshipstandard", raise_exception=True)
def rules(request):
    """The standards, scope and waiver categories in force in the user's region on a date."""
    profile = user_profile(request.user)
    region = request.GET.get("region") or (profile.organisation.division_code if profile else "340000")
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    book = RuleBook.load()
    try:
        standard = book.standard_for(region, day)
    except ValueError:
        messages.error(request, _("地区代码应为6位行政区划代码或9位乡镇代码。"))
        region = profile.organisation.division_code if profile else "340000"
        standard = book.standard_for(region, day)
    scopes = sorted(book.scope_rules(region, day), key=lambda s: (s.kind, s.matter.sort_order))
    return render(
        request,
        "eligibility/rules.html",
        {
            "region": region,
            "day": day,
            "standard": standard,
            "standards": selectors.standards_history(region),
            "statutory": [s for s in scopes if s.kind == MatterScope.Kind.STATUTORY],
            "supplementary": [s for s in scopes if s.kind == MatterScope.Kind.SUPPLEMENTARY],
            "waivers": book.waivers_on(region, day),
            "priority_groups": [g for g in PriorityGroup.objects.all() if g.covers(day) and g.applies_in(region)],
        },
    )
