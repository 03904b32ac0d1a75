"""Enforcement follow-up: judgments and mediation agreements paid over time, each instalment's
performance, the two-year limit for applying for enforcement and its reminders."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from legalaid.kernel import DomainError, locked, record_transition, require_permission, transition

from .. import dates
from ..models import EnforcementWatch, Instalment
from .common import holiday_calendar, not_future, policy, require_case_scope, timeline, today

CLOSING_STATUSES = (
    EnforcementWatch.Status.FULFILLED,
    EnforcementWatch.Status.ENFORCEMENT_APPLIED,
    EnforcementWatch.Status.CLOSED,
)


def watch_refusal(watch: EnforcementWatch) -> str | None:
    """Why nothing more can be recorded on a follow-up, or None while it is open."""
    if not watch.is_open:
        return _("该执行跟踪已是“%(status)s”状态。") % {"status": watch.get_status_display()}
    return None


def _check_schedule(effective_on: date, instalments: list[tuple[date, Decimal]]) -> None:
    if not instalments:
        raise DomainError(_("请至少填写一期应付款项(日期和金额)。"), field="schedule")
    for due, amount in instalments:
        if due < effective_on:
            raise DomainError(_("应付日期 %(due)s 早于文书生效日期。") % {"due": due.isoformat()}, field="schedule")
        if amount <= 0:
            raise DomainError(_("每期金额应大于 0。"), field="schedule")


def enforcement_register(
    case: Case,
    *,
    actor,
    instrument: str,
    instrument_number: str,
    effective_on: date,
    obligor: str,
    instalments: list[tuple[date, Decimal]],
    note: str = "",
) -> EnforcementWatch:
    """Register a judgment or mediation with payments due; the performance period ends with the last one."""
    require_permission(actor, "supervision.follow_enforcement")
    require_case_scope(actor, case)
    if instrument not in EnforcementWatch.Instrument.values:
        raise DomainError(_("请选择法律文书种类。"), field="instrument")
    instrument_number = (instrument_number or "").strip()
    obligor = (obligor or "").strip()
    if not instrument_number:
        raise DomainError(_("请填写文书编号。"), field="instrument_number")
    if not obligor:
        raise DomainError(_("请填写履行义务人。"), field="obligor")
    not_future(effective_on, _("生效日期"), "effective_on")
    _check_schedule(effective_on, instalments)
    performance_end = max(due for due, _amount in instalments)
    # Art. 85 may move the last day past a holiday of up to 9 days plus a weekend: 60 days of calendar suffice.
    limit = dates.enforcement_limit(performance_end, 2, *holiday_calendar(dates.add_years(performance_end, 2), 60))
    rules = policy(effective_on)
    with transaction.atomic():
        watch = EnforcementWatch.objects.create(
            case=case,
            centre_id=case.centre_id,
            instrument=instrument,
            instrument_number=instrument_number,
            effective_on=effective_on,
            obligor=obligor,
            total_amount=sum((amount for _due, amount in instalments), Decimal("0")),
            performance_end=performance_end,
            limit_date=limit,
            first_reminder_on=limit - timedelta(days=rules.enforcement_first_reminder_days),
            second_reminder_on=limit - timedelta(days=rules.enforcement_second_reminder_days),
            note=(note or "").strip(),
            registered_by=actor,
        )
        record_transition(watch, actor=actor, from_status="", to_status=watch.status)
        for due, amount in sorted(instalments):
            instalment = Instalment.objects.create(watch=watch, due_date=due, amount=amount)
            record_transition(instalment, actor=actor, from_status="", to_status=instalment.status)
        timeline(
            case,
            actor=actor,
            text=_(
                "登记%(instrument)s(%(number)s)分期履行跟踪：%(obligor)s共应给付 %(total)s 元，分 %(count)s 期，"
                "履行期间至 %(end)s,申请强制执行期限至 %(limit)s。"
            )
            % {
                "instrument": watch.get_instrument_display(),
                "number": instrument_number,
                "obligor": obligor,
                "total": watch.total_amount,
                "count": len(instalments),
                "end": performance_end.isoformat(),
                "limit": limit.isoformat(),
            },
        )
    return watch


def _locked_watch(watch: EnforcementWatch, actor) -> EnforcementWatch:
    watch = locked(watch)
    require_case_scope(actor, watch.case)
    return watch


def instalment_record(
    instalment: Instalment,
    *,
    actor,
    received: bool,
    received_on: date | None = None,
    received_amount: Decimal | None = None,
    note: str = "",
) -> Instalment:
    require_permission(actor, "supervision.follow_enforcement")
    with transaction.atomic():
        watch = _locked_watch(instalment.watch, actor)
        instalment = locked(instalment)
        refusal = watch_refusal(watch)
        if refusal:
            raise DomainError(refusal)
        if instalment.status != Instalment.Status.PENDING:
            raise DomainError(_("该期款项已登记过履行情况。"))
        if received:
            if received_on is None:
                raise DomainError(_("请填写收到日期。"), field="received_on")
            not_future(received_on, _("收到日期"), "received_on")
            amount = instalment.amount if received_amount is None else received_amount
            if amount <= 0:
                raise DomainError(_("实收金额应大于 0。"), field="received_amount")
            instalment.received_on = received_on
            instalment.received_amount = amount
        elif instalment.due_date > today():
            raise DomainError(_("该期款项尚未到期，不能登记为未履行。"))
        instalment.note = (note or "").strip()
        instalment.recorded_by = actor
        instalment.recorded_at = timezone.now()
        transition(
            instalment,
            to=Instalment.Status.RECEIVED if received else Instalment.Status.MISSED,
            actor=actor,
            reason=instalment.note,
            fields=("received_on", "received_amount", "note", "recorded_by", "recorded_at"),
        )
        if not received:
            timeline(
                watch.case,
                actor=actor,
                text=_("%(obligor)s未按期履行 %(due)s 应付的 %(amount)s 元；提醒受援人可在 %(limit)s 前申请强制执行。")
                % {
                    "obligor": watch.obligor,
                    "due": instalment.due_date.isoformat(),
                    "amount": instalment.amount,
                    "limit": watch.limit_date.isoformat(),
                },
            )
        elif not watch.instalments.exclude(status=Instalment.Status.RECEIVED).exists():
            watch.status_note = _("各期款项均已收到")
            transition(
                watch,
                to=EnforcementWatch.Status.FULFILLED,
                actor=actor,
                reason=watch.status_note,
                fields=("status_note",),
            )
    return instalment


def enforcement_close(watch: EnforcementWatch, *, actor, status: str, note: str) -> EnforcementWatch:
    require_permission(actor, "supervision.follow_enforcement")
    if status not in CLOSING_STATUSES:
        raise DomainError(_("请选择结束跟踪的原因。"), field="status")
    note = (note or "").strip()
    if not note:
        raise DomainError(_("请填写说明。"), field="note")
    with transaction.atomic():
        watch = _locked_watch(watch, actor)
        refusal = watch_refusal(watch)
        if refusal:
            raise DomainError(refusal)
        watch.status_note = note
        transition(watch, to=status, actor=actor, reason=note, fields=("status_note",))
        timeline(
            watch.case,
            actor=actor,
            text=_("执行跟踪(%(number)s)：%(status)s。%(note)s")
            % {"number": watch.instrument_number, "status": watch.get_status_display(), "note": note},
        )
    return watch


def enforcement_letter_printed(watch: EnforcementWatch, *, actor) -> EnforcementWatch:
    """Note who printed the letter reminding the aided person of the enforcement limit, and when."""
    require_permission(actor, "supervision.follow_enforcement")
    with transaction.atomic():
        watch = _locked_watch(watch, actor)
        watch.letter_printed_at = timezone.now()
        watch.letter_printed_by = actor
        watch.save(update_fields=["letter_printed_at", "letter_printed_by"])
    return watch


def enforcement_reminders_due() -> int:
    """Daily (as SYSTEM): mark the reminders that have come due; the staff's home panel lists them."""
    day = today()
    now = timezone.now()
    open_watches = EnforcementWatch.objects.filter(status=EnforcementWatch.Status.OPEN)
    first = open_watches.filter(first_reminder_on__lte=day, reminded_first_at__isnull=True).update(
        reminded_first_at=now
    )
    second = open_watches.filter(second_reminder_on__lte=day, reminded_second_at__isnull=True).update(
        reminded_second_at=now
    )
    return first + second
