"""The handler's hearing calendar: hearings dated in a case, a month and agenda page, and a private
iCalendar feed (with reminders) that the handler's phone or desktop calendar subscribes to.

The feed cannot use the login session (a calendar app has none): its URL carries a token derived from the
user's id and password hash, so changing the password revokes every copy of the old address. The feed names
case numbers, courts and rooms only, never the aided person.
"""

import calendar as month_calendar
from datetime import date, datetime, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from icalendar import Alarm, Calendar, Event

from legalaid.errors import DomainError

from .. import selectors
from ..forms import apply_domain_error
from ..models import Hearing
from ..services.hearings import hearing_cancel, hearing_schedule, hearing_schedule_refusal
from .common import load_case

# Courts publish a start time only; a half day is what a sitting usually takes.
HEARING_LENGTH = timedelta(hours=3)
# The calendar app reminds the day before and two hours before (the messaging reminder is separate).
ALARMS = (timedelta(days=-1), timedelta(hours=-2))
FEED_PAST = timedelta(days=90)
WEEKDAYS = [
    gettext_lazy("周一"),
    gettext_lazy("周二"),
    gettext_lazy("周三"),
    gettext_lazy("周四"),
    gettext_lazy("周五"),
    gettext_lazy("周六"),
    gettext_lazy("周日"),
]


def hearings_for_user(user):
    """Hearings of the cases the user may see (a handler: their own cases)."""
    return Hearing.objects.filter(case__in=selectors.cases_for_user(user)).select_related("case")


def feed_token(user) -> str:
    return salted_hmac("cases.calendar-feed", f"{user.pk}:{user.password}", algorithm="sha256").hexdigest()[:40]


class HearingForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("开庭日期"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=gettext_lazy("开庭时间"), widget=forms.TimeInput(attrs={"type": "time"}))
    court = forms.CharField(label=gettext_lazy("法院或仲裁机构"), max_length=100)
    room = forms.CharField(label=gettext_lazy("法庭"), max_length=60, required=False)
    note = forms.CharField(label=gettext_lazy("备注"), max_length=200, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("取消原因"), max_length=200)


def _month(request) -> date:
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


@login_required
@permission_required("cases.handle_case", raise_exception=True)
def hearing_calendar(request):
    first = _month(request)
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start = timezone.make_aware(datetime.combine(weeks[0][0], datetime.min.time()))
    end = timezone.make_aware(datetime.combine(weeks[-1][-1] + timedelta(days=1), datetime.min.time()))
    scheduled = hearings_for_user(request.user).filter(status=Hearing.Status.SCHEDULED)
    by_day: dict[date, list[Hearing]] = {}
    for hearing in scheduled.filter(starts_at__gte=start, starts_at__lt=end):
        by_day.setdefault(timezone.localdate(hearing.starts_at), []).append(hearing)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    feed_url = request.build_absolute_uri(
        reverse("cases:hearing_feed", args=[request.user.pk, feed_token(request.user)])
    )
    return render(
        request,
        "cases/calendar.html",
        {
            "first": first,
            "weekdays": WEEKDAYS,
            "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
            "previous": previous,
            "following": following,
            "today": timezone.localdate(),
            "agenda": scheduled.filter(starts_at__gte=timezone.now())[:50],
            "feed_url": feed_url,
        },
    )


@login_required
@permission_required("cases.handle_case", raise_exception=True)
def case_hearings(request, pk: int):
    """A case's hearings, and the form that dates a new one (shown only to whoever may)."""
    case = load_case(request, pk)
    refusal = hearing_schedule_refusal(case, request.user)
    form = HearingForm(request.POST or None) if refusal is None else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        starts_at = timezone.make_aware(datetime.combine(data["day"], data["time"]))
        try:
            hearing_schedule(
                case, actor=request.user, starts_at=starts_at, court=data["court"], room=data["room"], note=data["note"]
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("开庭排期已登记，受援人会收到短信通知。"))
            return redirect("cases:case_hearings", case.pk)
    hearings = case.hearings.order_by("-starts_at")
    return render(
        request,
        "cases/calendar_case.html",
        {"case": case, "form": form, "refusal": refusal, "hearings": hearings, "cancel_form": CancelForm()},
    )


@login_required
@permission_required("cases.handle_case", raise_exception=True)
@require_POST
def case_hearing_cancel(request, pk: int, hearing_pk: int):
    case = load_case(request, pk)
    hearing = get_object_or_404(case.hearings, pk=hearing_pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写取消的原因。"))
        return redirect("cases:case_hearings", case.pk)
    try:
        hearing_cancel(hearing, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("开庭排期已取消。"))
    return redirect("cases:case_hearings", case.pk)


def hearing_feed(request, user_pk: int, token: str):
    """The iCalendar feed: no session, the token is the credential (404 for anything wrong, never a hint)."""
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    if user is None or not constant_time_compare(token, feed_token(user)) or not user.has_perm("cases.handle_case"):
        raise Http404
    feed = Calendar()
    feed.add("prodid", "-//legalaid//hearing calendar//ZH")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", _("开庭日程"))
    for hearing in hearings_for_user(user).filter(starts_at__gte=timezone.now() - FEED_PAST):
        feed.add_component(_feed_event(request, hearing))
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="hearings.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


def _feed_event(request, hearing: Hearing) -> Event:
    event = Event()
    event.add("uid", f"hearing-{hearing.pk}@{request.get_host()}")
    event.add("dtstamp", hearing.scheduled_at)
    event.add("dtstart", hearing.starts_at)
    event.add("dtend", hearing.starts_at + HEARING_LENGTH)
    event.add("summary", _("开庭：%(number)s") % {"number": hearing.case.number})
    event.add("location", hearing.place)
    event.add("url", request.build_absolute_uri(reverse("cases:case_detail", args=[hearing.case_id])))
    if hearing.note:
        event.add("description", hearing.note)
    if hearing.status == Hearing.Status.CANCELLED:
        event.add("status", "CANCELLED")
        return event
    event.add("status", "CONFIRMED")
    for before in ALARMS:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _("开庭提醒：%(number)s") % {"number": hearing.case.number})
        alarm.add("trigger", before)
        event.add_component(alarm)
    return event


# Included by cases/urls.py (one line), so the names live in the "cases" namespace.
urlpatterns = [
    path("calendar/", hearing_calendar, name="hearing_calendar"),
    path("calendar/feed/<int:user_pk>/<str:token>.ics", hearing_feed, name="hearing_feed"),
    path("<int:pk>/hearings/", case_hearings, name="case_hearings"),
    path("<int:pk>/hearings/<int:hearing_pk>/cancel/", case_hearing_cancel, name="case_hearing_cancel"),
]
