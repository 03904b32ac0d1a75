"""Supervision activities on a case: hearing observation, file inspection, the authority's opinion (LAL 59)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import Case
from legalaid.kernel import DomainError, locked, require_permission

from ..models import SupervisionActivity
from .common import not_future, require_case_scope, timeline


def _activity_text(activity: SupervisionActivity) -> str:
    label = activity.get_kind_display()
    values = {"kind": label, "date": activity.date.isoformat(), "authority": activity.authority}
    if activity.kind == SupervisionActivity.Kind.AUTHORITY_OPINION:
        return _("%(kind)s:%(date)s 向%(authority)s发函征询对承办人办案情况的意见。") % values
    text = _("%(kind)s(%(date)s,%(observer)s):%(findings)s") % {
        **values,
        "observer": activity.observer,
        "findings": activity.findings,
    }
    if activity.score is not None:
        text += _("(评分 %(score)s)") % {"score": activity.score}
    return text


def activity_record(
    case: Case,
    *,
    actor,
    kind: str,
    date: date,
    authority: str = "",
    observer=None,
    findings: str = "",
    score: int | None = None,
) -> SupervisionActivity:
    require_permission(actor, "supervision.add_supervisionactivity")
    require_case_scope(actor, case)
    not_future(date, _("日期"), "date")
    kinds = SupervisionActivity.Kind
    if kind not in kinds.values:
        raise DomainError(_("请选择监督方式。"), field="kind")
    authority = (authority or "").strip()
    findings = (findings or "").strip()
    if kind in (kinds.HEARING_OBSERVATION, kinds.AUTHORITY_OPINION) and not authority:
        raise DomainError(_("请填写法院或办案机关。"), field="authority")
    if kind != kinds.AUTHORITY_OPINION and not findings:
        raise DomainError(_("请填写情况记录。"), field="findings")
    if score is not None and not 0 <= score <= 100:
        raise DomainError(_("评分应在 0 至 100 之间。"), field="score")
    with transaction.atomic():
        activity = SupervisionActivity.objects.create(
            case=case,
            kind=kind,
            date=date,
            authority=authority,
            observer=observer or actor,
            findings=findings,
            score=score,
            recorded_by=actor,
        )
        timeline(case, actor=actor, text=_activity_text(activity), court=authority)
    return activity


def activity_opinion_receive(activity: SupervisionActivity, *, actor, received_on: date, opinion: str):
    require_permission(actor, "supervision.change_supervisionactivity")
    opinion = (opinion or "").strip()
    if not opinion:
        raise DomainError(_("请填写办案机关的意见。"), field="opinion")
    not_future(received_on, _("收到日期"), "received_on")
    with transaction.atomic():
        activity = locked(activity)
        require_case_scope(actor, activity.case)
        if not activity.awaits_opinion:
            raise DomainError(_("该征询已登记过回复意见。"))
        if received_on < activity.date:
            raise DomainError(_("收到日期不能早于发函日期。"), field="received_on")
        activity.opinion_received_on = received_on
        activity.opinion = opinion
        activity.save(update_fields=["opinion_received_on", "opinion"])
        timeline(
            activity.case,
            actor=actor,
            text=_("收到%(authority)s对承办人办案情况的意见(%(date)s)：%(opinion)s")
            % {"authority": activity.authority, "date": received_on.isoformat(), "opinion": opinion},
            court=activity.authority,
        )
    return activity
