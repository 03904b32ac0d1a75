"""The duty rota pages: the director's week (add, remove, copy last week) and a lawyer's own duties."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..errors import DomainError
from ..models import DutyShift
from ..roles import Role
from ..selectors import user_role
from . import duty, forms, selectors
from .exports import rota_week
from .views import _form_error, director_required


def _week_url(monday: date) -> str:
    return f"{reverse('directory:duty')}?week={monday.isoformat()}"


def _grid(stations, shifts, monday: date) -> list[dict]:
    """Stations down, days across, the two half-days in each cell."""
    days = [monday + timedelta(days=offset) for offset in range(7)]
    cells: dict[tuple, list[DutyShift]] = {}
    for shift in shifts:
        cells.setdefault((shift.station_id, shift.day, shift.period), []).append(shift)
    return [
        {
            "station": station,
            "days": [
                {
                    "day": day,
                    "halves": [
                        (label, cells.get((station.pk, day, period), [])) for period, label in DutyShift.Period.choices
                    ],
                }
                for day in days
            ],
        }
        for station in stations
    ]


@director_required
@require_http_methods(["GET", "POST"])
def rota(request):
    monday, shifts = rota_week(request.user, request.GET)
    form = forms.DutyShiftForm(
        request.POST or None, actor=request.user, initial={"day": max(monday, timezone.localdate())}
    )
    if request.method == "POST" and form.is_valid():
        try:
            shift = duty.duty_add(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("已排班。"))
            return redirect(_week_url(duty.week_start(shift.day)))
    stations = selectors.duty_stations_for_director(request.user)
    context = {
        "form": form,
        "monday": monday,
        "days": [monday + timedelta(days=offset) for offset in range(7)],
        "grid": _grid(stations, shifts, monday),
        "previous_week": _week_url(monday - timedelta(days=7)),
        "next_week": _week_url(monday + timedelta(days=7)),
        "today": timezone.localdate(),
    }
    return render(request, "directory/duty.html", context)


@director_required
@require_POST
def rota_copy(request):
    monday = duty.week_of(request.POST.get("week"))
    added, skipped = duty.duty_copy_previous_week(actor=request.user, monday=monday)
    messages.success(request, _("已从上周复制%(count)s个值班安排。") % {"count": added})
    for reason in skipped:
        messages.warning(request, reason)
    return redirect(_week_url(monday))


@director_required
@require_POST
def rota_remove(request, pk: int):
    shift = selectors.duty_shift_for_director(request.user, pk)
    try:
        duty.duty_remove(shift, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已取消该值班安排。"))
    return redirect(_week_url(duty.week_start(shift.day)))


@login_required
@require_GET
def my_duties(request):
    """A lawyer's duties of the next four weeks."""
    # Handlers by role (the menu shows them this page) and anyone on the roster (a lawyer in another role).
    if user_role(request.user) != Role.HANDLER and not hasattr(request.user, "handler_profile"):
        raise PermissionDenied
    today = timezone.localdate()
    shifts = selectors.duties_of(request.user, today, today + timedelta(days=27))
    return render(request, "directory/my_duties.html", {"shifts": shifts})
