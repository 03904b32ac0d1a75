"""The effective-dated rules a centre director keeps for their region, without Django admin.

Each lifecycle app registers its rule tables here (a `RuleTable`: the model, the field naming the
region a row applies to, the fields a version sets and, where the app has one, its what-if), so
`legalaid` imports no lifecycle app. A change is always a new version from a chosen date: the
version in force then ends the day before, a past period is never edited in place and nothing is
deleted. Every write is attributed in the tables' simple-history, which is also the change list.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from ..documents.typography import chinese_date
from ..errors import DomainError
from ..kernel import require_actor
from ..kernel.effective import EffectiveDated
from ..models import Organisation
from ..roles import Role
from ..selectors import sees_everything, user_profile
from .services import attributed, require_manager


@dataclass(frozen=True)
class RulePreview:
    """What a proposed version would change, as the app's what-if computes it."""

    summary: str
    header: Sequence[str] = ()
    rows: Sequence[Sequence[Any]] = ()


@dataclass(frozen=True)
class RuleTable:
    key: str
    title: str | Promise
    model: type[EffectiveDated]
    region_field: str  # the division code the row applies to (its region and everything under it)
    fields: tuple[str, ...]  # what a version sets, besides the series fields and its dates
    what_if: Callable[[EffectiveDated], RulePreview] | None = None
    # Many-to-many fields a new version keeps from the one it replaces (not edited here).
    carried_m2m: tuple[str, ...] = field(default=())

    @property
    def series_fields(self) -> tuple[str, ...]:
        """The fields that name one rule whose versions follow each other (the overlap fields)."""
        return tuple(name.removesuffix("_id") for name in self.model.overlap_fields)

    @property
    def form_fields(self) -> tuple[str, ...]:
        return (*self.series_fields, *self.fields, "effective_from")

    def columns(self) -> list[str]:
        return [str(self.model._meta.get_field(name).verbose_name) for name in (*self.series_fields, *self.fields)]

    def cells(self, row) -> list[str]:
        values = []
        for name in (*self.series_fields, *self.fields):
            display = getattr(row, f"get_{name}_display", None)
            value = display() if display else getattr(row, name)
            if isinstance(value, bool):
                value = _("是") if value else _("否")
            values.append("" if value is None else str(value))
        return values


_TABLES: dict[str, RuleTable] = {}
_discovered = False


def register(table: RuleTable) -> None:
    _TABLES[table.key] = table


def tables() -> list[RuleTable]:
    global _discovered
    if not _discovered:
        autodiscover_modules("services")  # the apps register their tables where their rule services live
        _discovered = True
    return list(_TABLES.values())


def table_for(key: str) -> RuleTable:
    for table in tables():
        if table.key == key:
            return table
    raise Http404


# -- the director's region ---------------------------------------------------------------------


def region_prefix(code: str) -> str:
    """The prefix every division code under `code` starts with: 340400 → 3404, 340422 → 340422."""
    if len(code) == 6 and code.endswith("0000"):
        return code[:2]
    if len(code) == 6 and code.endswith("00"):
        return code[:4]
    return code


def director_region(user) -> str | None:
    """The division code of the centre the user directs (None for anyone else)."""
    profile = user_profile(user)
    centre = profile.organisation.responsible_centre() if profile else None
    return centre.division_code if centre else None


def in_region(user, code: str) -> bool:
    region = director_region(user)
    return bool(region and code and code.startswith(region_prefix(region)))


def rows_for_director(user, table: RuleTable):
    region = director_region(user)
    if not region:
        return table.model.objects.none()
    lookup = {f"{table.region_field}__startswith": region_prefix(region)}
    return table.model.objects.filter(**lookup).order_by(*table.series_fields, "-effective_from")


def row_for_director(user, table: RuleTable, pk: int):
    row = table.model.objects.filter(pk=pk).first()
    if row is None or not in_region(user, getattr(row, table.region_field)):
        raise Http404
    return row


@dataclass(frozen=True)
class Change:
    at: Any
    actor: str
    title: str
    kind: str
    subject: str
    period: str
    sequence: int  # the history row's id: orders changes made in the same instant


def _actor_name(user) -> str:
    return (user.get_full_name() or user.username) if user else _("系统")


def changes_for_director(user, *, limit: int = 50) -> list[Change]:
    """The latest attributed changes of the rules of the director's region, newest first."""
    region = director_region(user)
    if not region:
        return []
    kinds = {"+": _("新增版本"), "~": _("设定失效日期"), "-": _("删除")}
    changes = []
    for table in tables():
        lookup = {f"{table.region_field}__startswith": region_prefix(region)}
        history = table.model.history.filter(**lookup).select_related("history_user").order_by("-history_date")
        for record in history[:limit]:
            changes.append(
                Change(
                    at=record.history_date,
                    actor=_actor_name(record.history_user),
                    title=str(table.title),
                    kind=kinds.get(record.history_type, record.history_type),
                    subject=" · ".join(value for value in table.cells(record.instance) if value),
                    period=record.instance.period_display,
                    sequence=record.history_id,
                )
            )
    day_calendar = calendar()
    if day_calendar is not None:
        history = day_calendar.model.history.select_related("history_user").order_by("-history_date")
        for record in history[:limit]:
            changes.append(
                Change(
                    at=record.history_date,
                    actor=_actor_name(record.history_user),
                    title=str(day_calendar.title),
                    kind=kinds.get(record.history_type, record.history_type),
                    subject=str(record.instance),
                    period=record.instance.date.isoformat(),
                    sequence=record.history_id,
                )
            )
    changes.sort(key=lambda change: (change.at, change.sequence), reverse=True)
    return changes[:limit]


# -- a new version ------------------------------------------------------------------------------


def _domain_error(error: ValidationError) -> DomainError:
    if hasattr(error, "error_dict"):
        name, messages = next(iter(error.message_dict.items()))
        return DomainError(messages[0], field=None if name == "__all__" else name)
    return DomainError(error.messages[0])


def _apply(table: RuleTable, *, actor, values: dict, effective_from: date) -> EffectiveDated:
    require_manager(actor)
    region = values.get(table.region_field) or ""
    if not in_region(actor, region):
        raise DomainError(_("只能修改本中心所在地区及其下级地区的规则。"), field=table.region_field)
    if effective_from < timezone.localdate():
        raise DomainError(_("新版本的生效日期不能早于今天：已经过去的期间不能修改。"), field="effective_from")
    model = table.model
    series = model.objects.select_for_update().filter(**{name: values.get(name) for name in table.series_fields})
    later = series.filter(effective_from__gte=effective_from).order_by("effective_from").first()
    if later is not None:
        raise DomainError(
            _("该规则已有自%(day)s起生效的版本，新版本的生效日期须晚于它。")
            % {"day": chinese_date(later.effective_from)},
            field="effective_from",
        )
    current = series.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=effective_from)).first()
    candidate = model(**values, effective_from=effective_from, effective_to=current.effective_to if current else None)
    if current is not None:
        current.effective_to = effective_from - timedelta(days=1)
        attributed(current, actor).save(update_fields=["effective_to"])
    try:
        candidate.full_clean()
    except ValidationError as error:
        raise _domain_error(error) from None
    attributed(candidate, actor).save()
    for name in table.carried_m2m:
        if current is not None:
            getattr(candidate, name).set(getattr(current, name).all())
    return candidate


def rule_version_create(table: RuleTable, *, actor, values: dict, effective_from: date) -> EffectiveDated:
    """A new version of a rule of the director's region from `effective_from` (today or later)."""
    with transaction.atomic():
        return _apply(table, actor=actor, values=values, effective_from=effective_from)


def rule_version_preview(table: RuleTable, *, actor, values: dict, effective_from: date) -> RulePreview | None:
    """What the version would change, computed by the app's what-if on the rules as they would be.

    The version is written exactly as `rule_version_create` writes it (the same checks) and rolled
    back once the what-if has read it.
    """
    with transaction.atomic():
        candidate = _apply(table, actor=actor, values=values, effective_from=effective_from)
        preview = table.what_if(candidate) if table.what_if else None
        transaction.set_rollback(True)
    return preview


# -- the working-day calendar ---------------------------------------------------------------------
#
# Holidays are not a regional rule: the State Council's calendar holds everywhere. The app that counts
# working days registers the official calendar and its table of per-date overrides (a day off, or a
# weekend day worked); a director adds an override from today on, never edits or removes one.


@dataclass(frozen=True)
class DayCalendar:
    title: str | Promise
    model: type  # one row per date: `date`, `kind` (choices), `name`; with simple-history
    days_between: Callable[[date, date], tuple[set[date], set[date]]]  # days off, swapped workdays


_CALENDAR: list[DayCalendar] = []


def register_calendar(day_calendar: DayCalendar) -> None:
    _CALENDAR[:] = [day_calendar]


def calendar() -> DayCalendar | None:
    tables()  # discovery registers the calendar too
    return _CALENDAR[0] if _CALENDAR else None


def holiday_refusal(user) -> str | None:
    """Why the user may not add a holiday adjustment (None: they may). Decides the service and the form.

    An adjustment moves the working-day clocks of every centre of the network at once, so it is the
    network's top centre (the city centre, with no centre above it) or the administrator who keeps them;
    a county director reads them."""
    if user.is_authenticated and sees_everything(user):
        return None
    profile = user_profile(user)
    if profile is not None and profile.role == Role.CENTRE_DIRECTOR and profile.organisation.is_centre:
        above = [pk for pk in profile.organisation.ancestor_ids() if pk != profile.organisation_id]
        if not Organisation.objects.filter(pk__in=above, kind__in=Organisation.CENTRE_KINDS).exists():
            return None
    return _("节假日调整影响全系统所有中心的工作日计算，只有市级法律援助中心主任或系统管理员可以补充。")


def calendar_override_add(*, actor, day: date, kind: str, name: str):
    """A day off or a worked weekend day that the official calendar lacks, from today on."""
    require_actor(actor)
    refusal = holiday_refusal(actor)
    if refusal:
        raise DomainError(refusal)
    day_calendar = calendar()
    if day_calendar is None:
        raise Http404
    if day < timezone.localdate():
        raise DomainError(_("不能调整已经过去的日期。"), field="date")
    model = day_calendar.model
    with transaction.atomic():
        existing = model.objects.select_for_update().filter(date=day).first()
        if existing is not None:
            raise DomainError(_("该日已有调整：%(day)s。") % {"day": str(existing)}, field="date")
        row = model(date=day, kind=kind, name=(name or "").strip())
        try:
            row.full_clean()
        except ValidationError as error:
            raise _domain_error(error) from None
        attributed(row, actor).save()
    return row
