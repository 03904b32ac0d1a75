"""Writes of the duty rota: a centre director puts the lawyers of their subtree on duty at its duty
stations, half-day by half-day, and copies last week's rota forward. A lawyer on leave or no longer
handling cases is refused; days already past are not changed."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..documents.typography import chinese_date
from ..errors import DomainError
from ..models import DutyShift, HandlerProfile, Organisation, User
from ..selectors import visible_organisations
from .services import attributed, require_manager


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def week_of(value: str | None) -> date:
    """The Monday of the week a `week=` parameter names (this week when it names none)."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        day = timezone.localdate()
    return week_start(day)


def duty_refusal(lawyer: User) -> str | None:
    """Why `lawyer` cannot be put on duty, or None. The roster decides: lawyers only, and only in post."""
    profile = getattr(lawyer, "handler_profile", None)
    if profile is None or not profile.is_lawyer:
        return _("%(name)s不是律师，不能担任值班律师。") % {"name": lawyer.get_full_name() or lawyer.username}
    if not lawyer.is_active or profile.status != HandlerProfile.Status.ACTIVE:
        status = profile.get_status_display() if lawyer.is_active else _("已停用")
        return _("%(name)s在承办人名册中为“%(status)s”，不能排班。") % {
            "name": lawyer.get_full_name() or lawyer.username,
            "status": status,
        }
    return None


def _check(actor, station: Organisation, lawyer: User, day: date) -> None:
    visible = visible_organisations(actor)
    if station.kind not in DutyShift.STATION_KINDS:
        raise DomainError(_("值班律师只在驻法院、检察院或看守所的工作站值班。"), field="station")
    if not visible.filter(pk=station.pk).exists():
        raise DomainError(_("该工作站不在本中心的管理范围内。"), field="station")
    profile = getattr(lawyer, "profile", None)
    if profile is None or not visible.filter(pk=profile.organisation_id).exists():
        raise DomainError(_("该律师不在本中心的管理范围内。"), field="lawyer")
    refusal = duty_refusal(lawyer)
    if refusal:
        raise DomainError(refusal, field="lawyer")
    if day < timezone.localdate():
        raise DomainError(_("不能为已经过去的日期排班。"), field="day")


def _clash(lawyer: User, day: date, period: str) -> DutyShift | None:
    return DutyShift.objects.filter(lawyer=lawyer, day=day, period=period).select_related("station").first()


def duty_add(*, actor, station: Organisation, day: date, period: str, lawyer: User) -> DutyShift:
    require_manager(actor)
    if period not in DutyShift.Period.values:
        raise DomainError(_("请选择上午或下午。"), field="period")
    _check(actor, station, lawyer, day)
    clash = _clash(lawyer, day, period)
    if clash is not None:
        raise DomainError(
            _("%(name)s在%(day)s%(period)s已安排在%(station)s值班。")
            % {
                "name": lawyer.get_full_name() or lawyer.username,
                "day": chinese_date(day),
                "period": DutyShift.Period(period).label,
                "station": clash.station.name,
            },
            field="lawyer",
        )
    shift = DutyShift(station=station, day=day, period=period, lawyer=lawyer, created_by=actor)
    try:
        with transaction.atomic():
            attributed(shift, actor).save()
    except IntegrityError:  # the same lawyer put elsewhere at the same moment by a second request
        raise DomainError(_("该律师在该时段已有值班安排。"), field="lawyer") from None
    return shift


def duty_remove(shift: DutyShift, *, actor) -> None:
    """Take a lawyer off a future duty. The row goes; its history row keeps who removed it."""
    require_manager(actor)
    if not visible_organisations(actor).filter(pk=shift.station_id).exists():
        raise DomainError(_("该工作站不在本中心的管理范围内。"))
    if shift.day < timezone.localdate():
        raise DomainError(_("已经过去的值班安排不能删除。"))
    with transaction.atomic():
        attributed(shift, actor).delete()


def duty_copy_previous_week(*, actor, monday: date) -> tuple[int, list[str]]:
    """Copy the previous week's rota of the director's stations into the week starting `monday`.

    Days already past and half-days where the lawyer is already on duty are left as they are; a
    lawyer who is now on leave or out of the roster is not copied, and the reason is returned.
    Returns the number of shifts added and the reasons for those skipped.
    """
    require_manager(actor)
    monday = week_start(monday)
    today = timezone.localdate()
    stations = visible_organisations(actor).filter(kind__in=DutyShift.STATION_KINDS)
    previous = DutyShift.objects.filter(
        station__in=stations, day__gte=monday - timedelta(days=7), day__lt=monday
    ).select_related("lawyer__handler_profile", "lawyer__profile", "station")
    taken = set(
        DutyShift.objects.filter(day__gte=monday, day__lt=monday + timedelta(days=7)).values_list(
            "lawyer_id", "day", "period"
        )
    )
    added, skipped = 0, []
    with transaction.atomic():
        for shift in previous:
            day = shift.day + timedelta(days=7)
            if day < today or (shift.lawyer_id, day, shift.period) in taken:
                continue
            refusal = duty_refusal(shift.lawyer)
            if refusal:
                if refusal not in skipped:
                    skipped.append(refusal)
                continue
            copy = DutyShift(station=shift.station, day=day, period=shift.period, lawyer=shift.lawyer, created_by=actor)
            attributed(copy, actor).save()
            taken.add((shift.lawyer_id, day, shift.period))
            added += 1
    return added, skipped
