"""Statistics pages: the report registry on screen and as XLSX/PDF, stored monthly reports
(generate, submit, correct), targets, and the director's dashboard.

Views parse input, call one selector or service, and render; a DomainError becomes a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from legalaid.errors import DomainError
from legalaid.paginators import ListPaginator
from legalaid.pdf import pdf_response
from legalaid.selectors import visible_organisations

from ..models.statistics import AnnualTarget
from . import exports, periods, selectors, services
from .dashboard import chart_blocks
from .forms import CorrectionForm, GenerateForm, TargetForm
from .registry import REPORTS, MonthlyStatistics, shown_differences

TARGET_YEARS = (TargetForm.base_fields["year"].min_value, TargetForm.base_fields["year"].max_value)


def _report_class(identifier: str):
    cls = REPORTS.get(identifier)
    if cls is None:
        raise Http404(_("没有这个报表。"))
    return cls


def _index(request, generate_form=None, status=200):
    reports = selectors.report_rows(request.user)
    page = ListPaginator(reports, 30).get_page(request.GET.get("page"))
    if generate_form is None and request.user.has_perm("supervision.generate_statistics"):
        generate_form = GenerateForm(user=request.user, prefix="gen")
    return render(
        request,
        "supervision/reports/index.html",
        {
            "registry": [cls for cls in REPORTS.values() if request.user.has_perm(cls.permission)],
            "page": page,
            "generate_form": generate_form,
        },
        status=status,
    )


@login_required
@permission_required("supervision.view_statistics", raise_exception=True)
def index(request):
    return _index(request)


@login_required
def report(request, identifier: str):
    """Any registered report: parameters in the query string; `format=xlsx|pdf` downloads it."""
    cls = _report_class(identifier)
    if not request.user.has_perm(cls.permission):
        raise PermissionDenied
    form = cls.form_class(request.GET or None, user=request.user)
    organisations = [pk for pk, _name in form.fields["organisation"].widget.choices]
    if not organisations:
        # The permission without an organisation to report on (a firm's manager holds the obligations report's
        # permission for their own page, 本所办案义务): the centre's report is not theirs to open.
        raise Http404(_("没有可查询的单位。"))
    if not form.is_bound:
        # Opened from the menu: show the default period (the last complete month, this year) for the
        # user's own organisation (else the first one they may open) at once, instead of an empty
        # page until 查询 is pressed.
        data = _initial_data(form)
        if data.get("organisation") not in organisations:
            data["organisation"] = organisations[0]
        form = cls.form_class(data, user=request.user)
    context = {"report_class": cls, "form": form, "report": None}
    if form.is_valid():
        organisation = selectors.organisation_for_statistics(request.user, form.cleaned_data["organisation"])
        instance = cls(request.user, organisation, form.cleaned_data)
        output = request.GET.get("format")
        if output == "xlsx":
            return exports.report_xlsx(request, instance)
        if output == "pdf":
            filename, content = exports.render_report_pdf(instance)
            return pdf_response(filename, content, inline=False)
        context |= {
            "report": instance,
            "header": instance.header(),
            "rows": exports.display_rows(instance),
            "query": urlencode({name: form.data[name] for name in form.fields if name in form.data}),
            **instance.extra_context(),
        }
    return render(request, "supervision/reports/report.html", context)


def _initial_data(form) -> dict:
    """An unbound form's initial values as the data of a bound one (only the fields that have one)."""
    data = {}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        if value not in (None, ""):
            data[name] = getattr(value, "pk", value)
    return data


def _detail(request, stored, correction_form=None):
    context = {
        "stored": stored,
        "revisions": selectors.report_revisions(stored),
        "correction_form": correction_form or CorrectionForm(),
        "submit_refusal": services.submit_refusal(stored, timezone.localdate()),
        "differences": shown_differences(stored) if stored.differences else [],
    }
    if stored.figures:
        instance = MonthlyStatistics.from_stored(request.user, stored)
        context |= {"report": instance, "header": instance.header(), "rows": exports.display_rows(instance)}
    return render(request, "supervision/reports/monthly_detail.html", context)


@login_required
@permission_required("supervision.view_statistics", raise_exception=True)
def monthly_detail(request, pk: int):
    return _detail(request, selectors.report_for_user(request.user, pk))


@login_required
@permission_required("supervision.view_statistics", raise_exception=True)
def monthly_export(request, pk: int, output: str):
    stored = selectors.report_for_user(request.user, pk)
    if not stored.figures:
        raise Http404(_("该报表尚未生成数据。"))
    instance = MonthlyStatistics.from_stored(request.user, stored)
    if output == "xlsx":
        return exports.report_xlsx(request, instance)
    filename, content = exports.render_report_pdf(instance)
    return pdf_response(filename, content, inline=False)


@login_required
@require_POST
@permission_required("supervision.generate_statistics", raise_exception=True)
def generate(request):
    form = GenerateForm(request.POST, user=request.user, prefix="gen")
    if not form.is_valid():
        return _index(request, form)
    organisation = selectors.organisation_for_statistics(request.user, form.cleaned_data["organisation"])
    try:
        stored = services.report_request(organisation, form.cleaned_data["month"], actor=request.user)
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _index(request, form)
    if stored.is_locked:
        messages.info(request, _("该月报表已报送，数据已锁定；如需更正，请在报表页面创建更正版次。"))
    else:
        messages.success(
            request,
            _("已生成%(organisation)s%(period)s统计月报表。")
            % {"organisation": stored.organisation.name, "period": periods.month(stored.period).label},
        )
    back = request.POST.get("next", "")
    # A path on this site only: `redirect` would take any other word for a URL name and fail on it.
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("supervision:statistics_monthly", pk=stored.pk)


def _act(request, pk: int, action, success: str):
    stored = selectors.report_for_user(request.user, pk)
    try:
        result = action(stored)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("supervision:statistics_monthly", pk=stored.pk)
    messages.success(request, success)
    return redirect("supervision:statistics_monthly", pk=result.pk)


@login_required
@require_POST
@permission_required("supervision.generate_statistics", raise_exception=True)
def refresh(request, pk: int):
    return _act(request, pk, lambda r: services.report_refresh(r, actor=request.user), _("已按当前数据重新生成。"))


@login_required
@require_POST
@permission_required("supervision.submit_statisticsreport", raise_exception=True)
def submit(request, pk: int):
    return _act(request, pk, lambda r: services.report_submit(r, actor=request.user), _("报表已报送，数据已锁定。"))


@login_required
@require_POST
@permission_required("supervision.submit_statisticsreport", raise_exception=True)
def correct(request, pk: int):
    stored = selectors.report_for_user(request.user, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return _detail(request, stored, form)
    return _act(
        request,
        pk,
        lambda r: services.report_correct(r, actor=request.user, reason=form.cleaned_data["reason"]),
        _("已生成更正版次，请核对差异后报送。"),
    )


@login_required
# A centre's planning page among the statistics (whose other pages a firm's manager may not open): the manager's
# own firm's target is on their obligations page (statistics.provider), so the target permission alone is not enough.
@permission_required(["supervision.view_statistics", "supervision.view_annualtarget"], raise_exception=True)
def targets(request):
    organisations = list(selectors.statistics_organisations(request.user)) + list(
        visible_organisations(request.user).filter(kind__in=_provider_kinds()).order_by("path")
    )
    can_set = request.user.has_perm("supervision.change_annualtarget")
    year = _int(request.GET.get("year"))
    if year is None or not TARGET_YEARS[0] <= year <= TARGET_YEARS[1]:  # the years the form accepts
        year = timezone.localdate().year
    form = TargetForm(initial={"year": year}, organisations=organisations) if can_set else None
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied
        form = TargetForm(request.POST, organisations=organisations)
        if form.is_valid():
            data = form.cleaned_data
            organisation = next(org for org in organisations if org.pk == data["organisation"])
            try:
                services.annual_target_set(
                    organisation,
                    actor=request.user,
                    year=data["year"],
                    cases=data["cases"],
                    other_matters=data["other_matters"],
                    basis=data["basis"],
                )
            except DomainError as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(
                    request,
                    _("已设定%(organisation)s%(year)s年目标任务。")
                    % {"organisation": organisation.name, "year": data["year"]},
                )
                return redirect(f"{request.path}?year={data['year']}")
    listed = (
        AnnualTarget.objects.filter(organisation__in=visible_organisations(request.user), year=year)
        .select_related("organisation", "set_by")
        .order_by("organisation__path")
    )
    root = selectors.statistics_organisations(request.user).first()
    progress = selectors.target_progress(root, year, timezone.localdate()) if root else None
    return render(
        request,
        "supervision/reports/targets.html",
        {"form": form, "targets": listed, "year": year, "progress": progress, "root": root},
    )


def _provider_kinds():
    from legalaid.models import Organisation

    return Organisation.PROVIDER_KINDS


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@permission_required("supervision.view_statistics_dashboard", raise_exception=True)
def dashboard(request):
    """Only organisations that file monthly reports: the dashboard reads their stored figures."""
    organisations = selectors.reporting_organisations(request.user)
    chosen = _int(request.GET.get("organisation"))
    if chosen:
        organisation = get_object_or_404(organisations, pk=chosen)
    else:
        organisation = selectors.home_organisation(request.user, organisations)
    if organisation is None:
        raise Http404(_("没有可查看的单位。"))
    data = selectors.dashboard(organisation, timezone.localdate())
    charts = {key: data[key] for key in ("volume", "case_types", "compliance", "quality")} | {"grades": data["grades"]}
    context = {
        "data": data,
        "charts": charts,
        "blocks": chart_blocks(data),
        "organisations": organisations,
        "organisation": organisation,
    }
    return render(request, "supervision/reports/dashboard.html", context)
