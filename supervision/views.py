"""Views parse input, call one service or selector, and render; DomainError becomes a form error."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.selectors import case_for_user, cases_for_user
from legalaid.errors import DomainError
from legalaid.exports import xlsx_response
from legalaid.kernel import PUBLIC
from legalaid.models import User
from legalaid.pdf import pdf_response, render_pdf
from legalaid.selectors import visible_organisations

from . import cards as card_pdf
from . import dates, forms, selectors, services
from .models import (
    Complaint,
    EnforcementWatch,
    FollowUpVisit,
    Instalment,
    MonthlyBulletin,
    QualityAssessment,
    SupervisionActivity,
    SupervisionFlag,
)


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _page(request, queryset, per_page=30):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


# ---------------------------------------------------------------- overview


@login_required
@permission_required("supervision.view_followupvisit", raise_exception=True)
def index(request):
    user, today = request.user, timezone.localdate()
    context = {
        "queue_count": selectors.assessment_queue(user).count(),
        "visits_due": selectors.visits_due(user, today).count(),
        "visits_overdue": selectors.visits_due(user, today, horizon_days=-1).count(),
        "stale_count": selectors.stale_cases(user, today).count(),
        "flags_open": selectors.flags_for_user(user).filter(status=SupervisionFlag.Status.OPEN).count(),
        "complaints_open": selectors.complaints_for_user(user).filter(status__in=Complaint.OPEN_STATUSES).count(),
        "complaints_overdue": selectors.complaints_overdue(user, today).count(),
        "enforcement_count": selectors.watches_needing_attention(user, today).count(),
        "bulletins": selectors.bulletins_for_user(user)[:3],
    }
    return render(request, "supervision/index.html", context)


@login_required
@permission_required("supervision.view_followupvisit", raise_exception=True)
def case_page(request, case_pk: int):
    case = case_for_user(request.user, case_pk)
    context = {"case": case, **selectors.case_supervision(request.user, case)}
    context["parties"] = case.parties.select_related("person")
    return render(request, "supervision/case.html", context)


# ---------------------------------------------------------------- quality


@login_required
@permission_required("supervision.view_qualityassessment", raise_exception=True)
def queue(request):
    today = timezone.localdate()
    sample_form = forms.SampleForm(initial={"closed_from": dates.previous_month(today), "closed_to": today})
    return render(
        request,
        "supervision/queue.html",
        {"page": _page(request, selectors.assessment_queue(request.user)), "sample_form": sample_form},
    )


@login_required
@permission_required("supervision.assess_quality", raise_exception=True)
@require_POST
def assessment_start(request, case_pk: int):
    case = case_for_user(request.user, case_pk)
    try:
        assessment = services.assessment_start(case, actor=request.user)
    except DomainError as exc:
        existing = QualityAssessment.objects.filter(case=case).first()
        if existing and not existing.is_final:
            return redirect("supervision:review_add", existing.pk)
        messages.error(request, exc.message)
        return redirect("supervision:queue")
    return redirect("supervision:review_add", assessment.pk)


@login_required
@permission_required("supervision.assess_quality", raise_exception=True)
def sample(request):
    form = forms.SampleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            drawn = services.sample_draw(request.user, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"已随机抽取 {len(drawn)} 件案件,列入评查。")
            return redirect("supervision:queue")
    return render(request, "supervision/sample.html", {"form": form})


@login_required
@permission_required("supervision.view_qualityassessment", raise_exception=True)
def assessment_detail(request, pk: int):
    assessment = selectors.assessment_for_user(request.user, pk)
    return render(
        request,
        "supervision/assessment.html",
        {
            "assessment": assessment,
            "reviews": selectors.assessment_reviews(assessment),
            "items": assessment.rubric_snapshot["items"],
            "transitions": assessment.transitions.select_related("actor"),
        },
    )


@login_required
@permission_required("supervision.assess_quality", raise_exception=True)
def review_add(request, pk: int):
    assessment = selectors.assessment_for_user(request.user, pk)
    if assessment.is_final:
        messages.info(request, "该案件的质量评查已评定。")
        return redirect("supervision:assessment", assessment.pk)
    reviewers = forms.reviewer_choices(assessment.centre, assessment.handler_id)
    done = set(assessment.reviews.values_list("reviewer_id", flat=True))
    form = forms.ReviewForm(
        request.POST or None,
        assessment=assessment,
        reviewers=reviewers.exclude(pk__in=done),
        initial={"reviewer": None if request.user.pk in done else request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_review_record(
                assessment,
                actor=request.user,
                reviewer=form.cleaned_data["reviewer"],
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
            if "finalise" in request.POST:
                assessment = services.assessment_finalise(assessment, actor=request.user)
                messages.success(request, f"已评定:{assessment.total} 分,{assessment.get_grade_display()}。")
            else:
                messages.success(request, "评分已保存,等待第二名评查人评分。")
        except DomainError as exc:
            _form_error(form, exc)
        else:
            return redirect("supervision:assessment", assessment.pk)
    return render(
        request,
        "supervision/review_form.html",
        {"assessment": assessment, "form": form, "reviews": selectors.assessment_reviews(assessment)},
    )


@login_required
@permission_required("supervision.assess_quality", raise_exception=True)
@require_POST
def assessment_finalise(request, pk: int):
    assessment = selectors.assessment_for_user(request.user, pk)
    try:
        assessment = services.assessment_finalise(assessment, actor=request.user, comment=request.POST.get("comment"))
        messages.success(request, f"已评定:{assessment.total} 分,{assessment.get_grade_display()}。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("supervision:assessment", assessment.pk)


# ---------------------------------------------------------------- activities


@login_required
@permission_required("supervision.add_supervisionactivity", raise_exception=True)
def activity_add(request, case_pk: int):
    case = case_for_user(request.user, case_pk)
    form = forms.ActivityForm(
        request.POST or None, initial={"date": timezone.localdate(), "kind": request.GET.get("kind")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_record(case, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "监督活动已登记,并记入案件办理记录。")
            return redirect("supervision:case", case.pk)
    return render(request, "supervision/form.html", {"form": form, "case": case, "title": "登记监督活动"})


@login_required
@permission_required("supervision.change_supervisionactivity", raise_exception=True)
def activity_opinion(request, pk: int):
    activity = selectors.activity_for_user(request.user, pk)
    if activity.kind != SupervisionActivity.Kind.AUTHORITY_OPINION:
        raise Http404
    form = forms.OpinionForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_opinion_receive(activity, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "办案机关意见已登记。")
            return redirect("supervision:case", activity.case_id)
    return render(
        request,
        "supervision/form.html",
        {"form": form, "case": activity.case, "title": f"登记{activity.authority}的意见"},
    )


# ---------------------------------------------------------------- follow-up visits


@login_required
@permission_required("supervision.view_followupvisit", raise_exception=True)
def visits(request):
    today = timezone.localdate()
    show = request.GET.get("show", "due")
    queryset = selectors.visits_for_user(request.user)
    if show == "done":
        queryset = queryset.exclude(status=FollowUpVisit.Status.SCHEDULED).order_by("-performed_on", "-pk")
    elif show == "overdue":
        queryset = queryset.filter(status=FollowUpVisit.Status.SCHEDULED, due_date__lt=today)
    elif show == "all":
        queryset = queryset.filter(status=FollowUpVisit.Status.SCHEDULED)
    else:
        show = "due"
        queryset = selectors.visits_due(request.user, today)
    return render(request, "supervision/visits.html", {"page": _page(request, queryset), "show": show, "today": today})


@login_required
@permission_required("supervision.record_follow_up", raise_exception=True)
def visit_schedule(request, case_pk: int):
    case = case_for_user(request.user, case_pk)
    form = forms.VisitScheduleForm(request.POST or None, initial={"due_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_schedule(case, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "回访已安排。")
            return redirect("supervision:case", case.pk)
    return render(request, "supervision/form.html", {"form": form, "case": case, "title": "安排专项回访"})


@login_required
@permission_required("supervision.record_follow_up", raise_exception=True)
def visit_record(request, pk: int):
    visit = selectors.visit_for_user(request.user, pk)
    form = forms.VisitRecordForm(request.POST or None, initial={"performed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.follow_up_record(visit, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            if visit.flags.exists():
                messages.warning(request, "回访已登记。受援人的回答已向中心主任发出监督预警。")
            else:
                messages.success(request, "回访已登记,并记入案件办理记录。")
            return redirect("supervision:case", visit.case_id)
    parties = visit.case.parties.select_related("person")
    return render(
        request,
        "supervision/visit_record.html",
        {"visit": visit, "form": form, "cancel_form": forms.CancelForm(), "parties": parties},
    )


@login_required
@permission_required("supervision.record_follow_up", raise_exception=True)
@require_POST
def visit_cancel(request, pk: int):
    visit = selectors.visit_for_user(request.user, pk)
    form = forms.CancelForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_cancel(visit, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, "回访已取消。")
            return redirect("supervision:case", visit.case_id)
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "请填写取消原因。")
    return redirect("supervision:visit_record", visit.pk)


# ---------------------------------------------------------------- flags


@login_required
@permission_required("supervision.view_supervisionflag", raise_exception=True)
def flags(request):
    status = request.GET.get("status", SupervisionFlag.Status.OPEN)
    queryset = selectors.flags_for_user(request.user)
    if status in SupervisionFlag.Status.values:
        queryset = queryset.filter(status=status)
    return render(request, "supervision/flags.html", {"page": _page(request, queryset), "status": status})


@login_required
@permission_required("supervision.resolve_flag", raise_exception=True)
def flag_resolve(request, pk: int):
    flag = selectors.flag_for_user(request.user, pk)
    form = forms.ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_resolve(flag, actor=request.user, resolution=form.cleaned_data["resolution"])
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "预警已处理。")
            return redirect("supervision:flags")
    return render(request, "supervision/flag_resolve.html", {"flag": flag, "form": form})


# ---------------------------------------------------------------- cards


def _period(request, data=None):
    today = timezone.localdate()
    form = forms.PeriodForm(
        data if data is not None else (request.GET or None),
        centres=selectors.centres_for_user(request.user),
        initial={"start": dates.month_start(today), "end": today},
    )
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["centre"]
    return form, dates.month_start(today), today, None


@login_required
@permission_required("supervision.view_supervisioncard", raise_exception=True)
def cards(request):
    form, start, end, centre = _period(request)
    queryset = selectors.cards_for_period(request.user, start, end, centre.pk if centre else None)
    return render(
        request,
        "supervision/cards.html",
        {
            "form": form,
            "page": _page(request, queryset.select_related("handler", "handler_organisation")),
            "rates": selectors.card_return_rates(request.user, start, end),
            "start": start,
            "end": end,
            "centre": centre,
            "query": request.GET.urlencode(),
            "batches": selectors.card_batches_for_user(request.user)[:5]
            if request.user.has_perm("supervision.print_cards")
            else [],
        },
    )


@login_required
@permission_required("supervision.view_supervisioncard", raise_exception=True)
def card_pdf_view(request, pk: int):
    card = selectors.card_for_user(request.user, pk)
    if card.pdf:
        try:
            with card.pdf.open("rb") as stored:
                return pdf_response(f"质量监督卡-{card.case.number}.pdf", stored.read())
        except FileNotFoundError:
            pass  # the stored copy is gone: print it afresh, the same card and code
    filename, content = card_pdf.render_card(card)
    return pdf_response(filename, content)


@login_required
@permission_required("supervision.print_cards", raise_exception=True)
@require_POST
def card_batch(request):
    """Queue a print run of the period's cards; the list below the form shows it when it is ready."""
    form, start, end, centre = _period(request, data=request.POST)
    if form.is_bound and not form.is_valid():
        messages.error(request, "请检查打印期间:" + "".join(e for errors in form.errors.values() for e in errors))
        return redirect("supervision:cards")
    try:
        batch = services.card_batch_request(request.user, start=start, end=end, centre=centre)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        batch.refresh_from_db()
        if batch.status == batch.Status.READY:
            messages.success(request, f"已生成 {batch.card_count} 张监督卡的 PDF。")
        else:
            messages.info(request, f"正在生成 {batch.card_count} 张监督卡的 PDF,完成后可在本页下载。")
    return redirect(f"{reverse('supervision:cards')}?{request.POST.urlencode()}")


@login_required
@permission_required("supervision.print_cards", raise_exception=True)
def card_batch_pdf(request, pk: int):
    batch = selectors.card_batch_for_user(request.user, pk)
    if batch.status != batch.Status.READY:
        raise Http404
    with batch.pdf.open("rb") as stored:
        return pdf_response(f"质量监督卡-{batch.start:%Y%m%d}-{batch.end:%Y%m%d}.pdf", stored.read())


@login_required
@permission_required("supervision.view_supervisioncard", raise_exception=True)
def card_rates_xlsx(request):
    _form, start, end, _centre = _period(request)
    rates = selectors.card_return_rates(request.user, start, end)
    rows = [["中心", row["centre__name"], "", row["issued"], row["returned"], row["rate"]] for row in rates["centres"]]
    rows += [
        ["承办人", row["handler"], row["handler_organisation__name"] or "", row["issued"], row["returned"], row["rate"]]
        for row in rates["handlers"]
    ]
    return xlsx_response(
        f"监督卡回收率-{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
        "监督卡回收率",
        ["类别", "名称", "承办机构", "发放", "收回", "回收率(%)"],
        rows,
    )


@login_required
@permission_required("supervision.enter_card_return", raise_exception=True)
def card_enter(request):
    """Staff enter a returned paper card: first the code, then the answers ticked on it."""
    code_form = forms.CodeForm(request.GET or None)
    card = None
    if code_form.is_bound and code_form.is_valid():
        code = card_pdf.normalise_code(code_form.cleaned_data["code"])
        card = selectors.cards_for_user(request.user).filter(return_code=code).first()
        if card is None:
            code_form.add_error("code", "没有找到这个回执码的监督卡(或不在您的管辖范围内)。")
        elif hasattr(card, "response"):
            code_form.add_error(
                "code",
                f"回执码 {card_pdf.format_code(code)} 的监督卡已于 "
                f"{timezone.localtime(card.response.submitted_at):%Y-%m-%d} 评价过。",
            )
            card = None
    form = None
    if card is not None:
        form = forms.PaperCardForm(request.POST or None, initial={"submitted_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                services.card_response_submit(card, actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, f"监督卡 {card_pdf.format_code(card.return_code)} 已登记。")
                return redirect("supervision:card_enter")
    return render(request, "supervision/card_enter.html", {"code_form": code_form, "card": card, "form": form})


# ---------------------------------------------------------------- public rating page (no login)

RATE_LIMIT_POSTS = 10  # answers tried per address and hour
RATE_LIMIT_LOOKUPS = 30  # codes looked up per address and hour


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _limited(request, what: str, limit: int) -> bool:
    """A fixed one-hour window per client address, in the shared cache."""
    key = f"supervision:rate:{what}:{_client_address(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > limit


def card_lookup(request):
    form = forms.CodeForm(request.GET or None)
    if form.is_bound and form.is_valid():
        if _limited(request, "lookup", RATE_LIMIT_LOOKUPS):
            return render(request, "supervision/public/limited.html", status=429)
        code = card_pdf.normalise_code(form.cleaned_data["code"])
        if selectors.card_by_code(code):
            return redirect("supervision:card_rate", code)
        form.add_error("code", "没有找到这个回执码,请核对监督卡上的 8 位回执码。")
    return render(request, "supervision/public/lookup.html", {"form": form})


def card_rate(request, code: str):
    code = card_pdf.normalise_code(code)
    if request.method == "GET" and _limited(request, "lookup", RATE_LIMIT_LOOKUPS):
        return render(request, "supervision/public/limited.html", status=429)
    card = selectors.card_by_code(code)
    if card is None:
        raise Http404
    context = {"card": card, "code": card_pdf.format_code(code), "centre": card.centre}
    if hasattr(card, "response"):
        return render(request, "supervision/public/done.html", {**context, "already": True})
    form = forms.CardAnswerForm(request.POST or None)
    if request.method == "POST":
        if _limited(request, "answer", RATE_LIMIT_POSTS):
            return render(request, "supervision/public/limited.html", status=429)
        if form.is_valid():
            try:
                services.card_response_submit(card, actor=PUBLIC, **form.cleaned_data)
            except DomainError as exc:
                if hasattr(type(card).objects.get(pk=card.pk), "response"):
                    return render(request, "supervision/public/done.html", {**context, "already": True})
                _form_error(form, exc)
            else:
                return render(request, "supervision/public/done.html", context)
    return render(request, "supervision/public/rate.html", {**context, "form": form})


# ---------------------------------------------------------------- complaints


@login_required
@permission_required("supervision.view_complaint", raise_exception=True)
def complaints(request):
    status = request.GET.get("status", "open")
    queryset = selectors.complaints_for_user(request.user)
    if status == "open":
        queryset = queryset.filter(status__in=Complaint.OPEN_STATUSES)
    elif status == "overdue":
        queryset = selectors.complaints_overdue(request.user)
    elif status in Complaint.Status.values:
        queryset = queryset.filter(status=status)
    return render(
        request,
        "supervision/complaints.html",
        {
            "page": _page(request, queryset),
            "status": status,
            "statuses": Complaint.Status.choices,
            "today": timezone.localdate(),
        },
    )


def _complaint_form(request, data=None, initial=None):
    centres = selectors.centres_for_user(request.user)
    handlers = User.objects.filter(
        is_active=True,
        handler_profile__isnull=False,
        profile__organisation__in=visible_organisations(request.user),
    ).order_by("last_name", "first_name")
    return forms.ComplaintForm(data, centres=centres, handlers=handlers, initial=initial)


@login_required
@permission_required("supervision.handle_complaint", raise_exception=True)
def complaint_new(request):
    initial = {}
    case = None
    if request.GET.get("case"):
        case = case_for_user(request.user, int(request.GET["case"]) if request.GET["case"].isdigit() else 0)
        initial = {"case_number": case.number, "centre": case.centre_id, "target": Complaint.Target.HANDLER}
    form = _complaint_form(request, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        number = data.pop("case_number", "").strip()
        case = None
        if number:
            case = cases_for_user(request.user).filter(number=number).first()
            if case is None:
                form.add_error("case_number", "没有找到这个案号的案件(或不在您的管辖范围内)。")
        if not form.errors:
            try:
                complaint = services.complaint_register(actor=request.user, case=case, **data)
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, f"投诉已登记,请于 {complaint.accept_due:%Y-%m-%d} 前决定是否受理。")
                return redirect("supervision:complaint", complaint.pk)
    return render(request, "supervision/form.html", {"form": form, "case": case, "title": "登记投诉"})


COMPLAINT_ACTIONS = {
    "accept": (forms.AcceptForm, services.complaint_accept, "投诉已受理。"),
    "decline": (forms.DeclineForm, services.complaint_decline, "已决定不予受理。"),
    "conclude": (forms.ConcludeForm, services.complaint_conclude, "投诉已办结,请在期限内答复投诉人。"),
    "reply": (forms.ReplyForm, services.complaint_reply, "已答复投诉人。"),
}


@login_required
@permission_required("supervision.view_complaint", raise_exception=True)
def complaint_detail(request, pk: int):
    complaint = selectors.complaint_for_user(request.user, pk)
    today = timezone.localdate()
    action_forms = {
        name: form_class(initial=dict.fromkeys(("accepted_on", "decided_on", "concluded_on", "replied_on"), today))
        for name, (form_class, _service, _message) in COMPLAINT_ACTIONS.items()
    }
    if request.method == "POST":
        if not request.user.has_perm("supervision.handle_complaint"):
            raise PermissionDenied
        action = request.POST.get("action")
        if action not in COMPLAINT_ACTIONS:
            raise Http404
        form_class, service, message = COMPLAINT_ACTIONS[action]
        form = action_forms[action] = form_class(request.POST)
        if form.is_valid():
            try:
                service(complaint, actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, message)
                return redirect("supervision:complaint", complaint.pk)
    return render(
        request,
        "supervision/complaint.html",
        {
            "complaint": complaint,
            "forms": action_forms,
            "transitions": complaint.transitions.select_related("actor"),
            "today": today,
        },
    )


# ---------------------------------------------------------------- enforcement follow-up


@login_required
@permission_required("supervision.view_enforcementwatch", raise_exception=True)
def enforcement(request):
    show = request.GET.get("show", "attention")
    if show == "attention":
        queryset = selectors.watches_needing_attention(request.user)
    else:
        queryset = selectors.watches_for_user(request.user)
        if show in EnforcementWatch.Status.values:
            queryset = queryset.filter(status=show)
    return render(
        request,
        "supervision/enforcement.html",
        {
            "page": _page(request, queryset),
            "show": show,
            "statuses": EnforcementWatch.Status.choices,
            "today": timezone.localdate(),
        },
    )


@login_required
@permission_required("supervision.follow_enforcement", raise_exception=True)
def enforcement_new(request, case_pk: int):
    case = case_for_user(request.user, case_pk)
    form = forms.EnforcementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            watch = services.enforcement_register(case, actor=request.user, instalments=data.pop("schedule"), **data)
        except DomainError as exc:
            _form_error(form, exc if exc.field != "schedule" else DomainError(exc.message, field="schedule"))
        else:
            messages.success(request, f"已登记,申请强制执行期限至 {watch.limit_date:%Y-%m-%d}。")
            return redirect("supervision:watch", watch.pk)
    return render(request, "supervision/form.html", {"form": form, "case": case, "title": "登记执行跟踪"})


@login_required
@permission_required("supervision.view_enforcementwatch", raise_exception=True)
def watch_detail(request, pk: int):
    watch = selectors.watch_for_user(request.user, pk)
    instalment_form = close_form = None
    if request.method == "POST":
        if not request.user.has_perm("supervision.follow_enforcement"):
            raise PermissionDenied
        if request.POST.get("action") == "close":
            close_form = forms.WatchCloseForm(request.POST)
            if close_form.is_valid():
                try:
                    services.enforcement_close(watch, actor=request.user, **close_form.cleaned_data)
                except DomainError as exc:
                    _form_error(close_form, exc)
                else:
                    messages.success(request, "执行跟踪已结束。")
                    return redirect("supervision:watch", watch.pk)
        else:
            instalment = get_object_or_404(Instalment, pk=request.POST.get("instalment") or 0, watch=watch)
            instalment_form = forms.InstalmentForm(request.POST)
            if instalment_form.is_valid():
                try:
                    services.instalment_record(instalment, actor=request.user, **instalment_form.cleaned_data)
                except DomainError as exc:
                    _form_error(instalment_form, exc)
                else:
                    messages.success(request, "履行情况已登记。")
                    return redirect("supervision:watch", watch.pk)
    return render(
        request,
        "supervision/watch.html",
        {
            "watch": watch,
            "instalments": watch.instalments.select_related("recorded_by"),
            "instalment_form": instalment_form or forms.InstalmentForm(initial={"received_on": timezone.localdate()}),
            "close_form": close_form or forms.WatchCloseForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@permission_required("supervision.follow_enforcement", raise_exception=True)
@require_POST
def watch_letter(request, pk: int):
    watch = selectors.watch_for_user(request.user, pk)
    watch = services.enforcement_letter_printed(watch, actor=request.user)
    case = watch.case
    parties = list(case.parties.all())
    content = render_pdf(
        "supervision/pdf/enforcement_letter.html",
        {
            "watch": watch,
            "case": case,
            "centre": case.centre,
            "aided": "、".join(party.name for party in parties) or "受援人",
            "instalments": watch.instalments.all(),
            "today": timezone.localdate(),
        },
    )
    return pdf_response(f"申请强制执行提示函-{case.number}.pdf", content)


# ---------------------------------------------------------------- stale cases, handler record, bulletins


@login_required
@permission_required("supervision.view_followupvisit", raise_exception=True)
def stale(request):
    today = timezone.localdate()
    from .models import SupervisionPolicy

    return render(
        request,
        "supervision/stale.html",
        {
            "page": _page(request, selectors.stale_cases(request.user, today)),
            "days": SupervisionPolicy.for_day(today).stale_case_days,
            "now": timezone.now(),
        },
    )


@login_required
@permission_required("supervision.view_qualityassessment", raise_exception=True)
def handler_record(request, user_pk: int):
    handler = get_object_or_404(User.objects.select_related("profile__organisation"), pk=user_pk)
    if not cases_for_user(request.user).filter(handler=handler).exists():
        raise Http404
    return render(
        request,
        "supervision/handler_record.html",
        {"handler": handler, **selectors.handler_record(request.user, handler)},
    )


@login_required
@permission_required("supervision.view_bulletin", raise_exception=True)
def bulletins(request):
    centres = selectors.centres_for_user(request.user)
    today = timezone.localdate()
    form = forms.BulletinRequestForm(
        request.POST or None,
        centres=centres,
        initial={"month": dates.previous_month(today).strftime("%Y-%m"), "centre": centres.first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            bulletin = services.bulletin_request(request.user, form.cleaned_data["centre"], form.cleaned_data["month"])
        except DomainError as exc:
            _form_error(form, exc)
        else:
            if bulletin is None:
                existing = (
                    selectors.bulletins_for_user(request.user)
                    .filter(organisation=form.cleaned_data["centre"], period=form.cleaned_data["month"])
                    .first()
                )
                messages.info(request, "该月通报已经生成(或正在生成),每个中心每月只有一份。")
                if existing and existing.status == MonthlyBulletin.Status.READY:
                    return redirect("supervision:bulletin", existing.pk)
                return redirect("supervision:bulletins")
            messages.success(request, "月通报已生成。")
            return redirect("supervision:bulletin", bulletin.pk)
    return render(
        request,
        "supervision/bulletins.html",
        {"page": _page(request, selectors.bulletins_for_user(request.user)), "form": form},
    )


@login_required
@permission_required("supervision.view_bulletin", raise_exception=True)
def bulletin_detail(request, pk: int):
    bulletin = selectors.bulletin_for_user(request.user, pk)
    if bulletin.status != MonthlyBulletin.Status.READY:
        messages.info(request, f"该通报{bulletin.get_status_display()}。")
        return redirect("supervision:bulletins")
    return render(request, "supervision/bulletin.html", {"bulletin": bulletin, "data": bulletin.data})


@login_required
@permission_required("supervision.view_bulletin", raise_exception=True)
def bulletin_pdf(request, pk: int):
    bulletin = selectors.bulletin_for_user(request.user, pk)
    filename = f"案件监督月通报-{bulletin.organisation.name}-{bulletin.period:%Y-%m}.pdf"
    if bulletin.status != MonthlyBulletin.Status.READY:
        raise Http404
    try:
        with bulletin.pdf.open("rb") as stored:
            return pdf_response(filename, stored.read())
    except (FileNotFoundError, ValueError):
        from .reports import render_bulletin

        return pdf_response(filename, render_bulletin(bulletin)[1])
