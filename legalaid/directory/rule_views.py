"""The rule pages of the directors' self-service: the rules of the director's region with their
versions, a new version with the what-if before saving, and the list of attributed changes."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..errors import DomainError
from . import forms, rules
from .exports import calendar_days, may_read_calendar, rule_sections
from .services import may_manage
from .views import _form_error, director_required


@director_required
@require_GET
def index(request):
    sections = rule_sections(request.user)
    today = timezone.localdate()
    return render(
        request,
        "directory/rules.html",
        {"sections": sections, "changes": rules.changes_for_director(request.user), "today": today},
    )


def _first_of_next_month():
    today = timezone.localdate()
    return (today.replace(day=1) + timedelta(days=32)).replace(day=1)


@director_required
@require_http_methods(["GET", "POST"])
def version_new(request, key: str):
    table = rules.table_for(key)
    initial = {"effective_from": _first_of_next_month()}
    source = None
    if request.GET.get("from"):
        try:
            source = rules.row_for_director(request.user, table, int(request.GET["from"]))
        except ValueError:
            source = None
    if source is not None:
        initial.update({name: getattr(source, name) for name in (*table.series_fields, *table.fields)})
    form = forms.rule_version_form(table, request.POST or None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in (*table.series_fields, *table.fields)}
        effective_from = form.cleaned_data["effective_from"]
        try:
            if "preview" in request.POST:
                preview = rules.rule_version_preview(
                    table, actor=request.user, values=values, effective_from=effective_from
                )
                if preview is None:
                    messages.info(request, _("该规则没有试算，保存后即按新版本执行。"))
            else:
                rules.rule_version_create(table, actor=request.user, values=values, effective_from=effective_from)
                messages.success(request, _("已保存新版本。"))
                return redirect("directory:rules")
        except DomainError as error:
            _form_error(form, error)
    return render(
        request,
        "directory/rule_form.html",
        {"table": table, "form": form, "preview": preview, "source": source, "has_what_if": table.what_if is not None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def holidays(request):
    """Every centre director reads the calendar; the city centre's director and the administrator add to it."""
    if not may_read_calendar(request.user):
        raise PermissionDenied
    day_calendar = rules.calendar()
    if day_calendar is None:
        raise Http404
    refusal = rules.holiday_refusal(request.user)
    if refusal and request.method == "POST":
        raise PermissionDenied(refusal)
    form = None if refusal else forms.DayOverrideForm(request.POST or None, model=day_calendar.model)
    if request.method == "POST" and form.is_valid():
        try:
            rules.calendar_override_add(
                actor=request.user,
                day=form.cleaned_data["date"],
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("已保存节假日调整。"))
            return redirect("directory:holidays")
    days = calendar_days(day_calendar)
    return render(
        request,
        "directory/holidays.html",
        {
            "form": form,
            "refusal": refusal,
            "director": may_manage(request.user),  # the rules page is the directors' (not the administrator's)
            "days": days,
            "title": day_calendar.title,
        },
    )
