"""The handler's subsidy (LAL 52): computed at closing from the standard in force, adjusted for quality,
approved and paid. Every change of amount or status leaves a `SubsidyTransition` row."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from legalaid.directory.rules import RulePreview, RuleTable, region_prefix, register
from legalaid.errors import DomainError
from legalaid.kernel import record_transition, require_permission, require_scope, transition

from .. import rules, selectors
from ..models import Case, ClosingSubmission, Subsidy, SubsidyExtra, SubsidyStandard
from .common import case_in_scope

AMOUNT_FIELDS = ("standard", "basis", "base_amount", "extras_amount", "amount", "computed_at")


def _extras(case: Case, submission: ClosingSubmission) -> list[dict]:
    wanted = []
    if case.is_group:
        wanted.append(SubsidyExtra.Kind.GROUP_CASE)
    if submission.outside_region:
        wanted.append(SubsidyExtra.Kind.OUTSIDE_REGION)
    if not wanted:
        return []
    on = submission.case_end_date
    rows = list(SubsidyExtra.objects.in_force(on).filter(kind__in=wanted))
    extras = []
    for kind in wanted:
        extra = rules.pick_extra(rows, division_code=case.centre.division_code, kind=kind, on=on)
        if extra:
            extras.append({"id": extra.pk, "kind": kind, "name": extra.get_kind_display(), "amount": str(extra.amount)})
    return extras


def _subsidy_basis(case: Case, submission: ClosingSubmission) -> dict:
    """The standard and extras in force on the day the matter ended, and a snapshot of them."""
    on = submission.case_end_date
    standard = rules.pick_standard(
        list(SubsidyStandard.objects.in_force(on).filter(case_type=case.case_type)),
        division_code=case.centre.division_code,
        case_type=case.case_type,
        criminal_stage=case.criminal_stage,
        on=on,
    )
    return {
        "standard": standard,
        "snapshot": {
            "on": on.isoformat(),
            "division_code": case.centre.division_code,
            "case_type": case.case_type,
            "criminal_stage": case.criminal_stage,
            "standard": None
            if standard is None
            else {
                "id": standard.pk,
                "division_code": standard.division_code,
                "amount": str(standard.amount),
                "effective_from": standard.effective_from.isoformat(),
                "note": standard.note,
            },
            "extras": _extras(case, submission),
            "missing": "" if standard else _("未找到适用的补贴标准，请在管理后台补充后重新核算"),
        },
    }


# Each button of the subsidy page: the permission it needs and the status the service accepts.
SUBSIDY_ACTIONS = {
    "may_approve": ("cases.approve_subsidy", Subsidy.Status.COMPUTED),
    "may_recompute": ("cases.review_closing", Subsidy.Status.COMPUTED),
    "may_pay": ("cases.pay_subsidy", Subsidy.Status.APPROVED),
}


def subsidy_actions(subsidy: Subsidy, actor) -> dict[str, bool]:
    return {
        name: actor.has_perm(permission) and subsidy.status == status
        for name, (permission, status) in SUBSIDY_ACTIONS.items()
    }


def _subsidy_amounts(subsidy: Subsidy) -> None:
    subsidy.amount = max(Decimal("0.00"), subsidy.base_amount + subsidy.extras_amount + subsidy.quality_adjustment)


def _subsidy_apply_basis(subsidy: Subsidy, basis: dict) -> None:
    standard = basis["standard"]
    subsidy.standard = standard
    subsidy.basis = basis["snapshot"]
    subsidy.base_amount = standard.amount if standard else Decimal("0.00")
    subsidy.extras_amount = sum((Decimal(e["amount"]) for e in basis["snapshot"]["extras"]), Decimal("0.00"))
    _subsidy_amounts(subsidy)


def subsidy_compute(case: Case, submission: ClosingSubmission, *, actor) -> Subsidy:
    """The subsidy of a case whose closing was just accepted (called by `closing_review`)."""
    closed_on = timezone.localdate(case.closed_at)
    subsidy = Subsidy(
        case=case, handler=case.handler, centre=case.centre, period=closed_on.replace(day=1), computed_at=case.closed_at
    )
    _subsidy_apply_basis(subsidy, _subsidy_basis(case, submission))
    subsidy.save()
    reason = _("结案审查通过，核算补贴 %(amount)s 元") % {"amount": subsidy.amount}
    if subsidy.basis["missing"]:
        reason += _("(%(missing)s)") % {"missing": subsidy.basis["missing"]}
    record_transition(subsidy, actor=actor, from_status="", to_status=subsidy.status, reason=reason)
    return subsidy


def _locked_subsidy(actor, subsidy: Subsidy) -> Subsidy:
    subsidy = Subsidy.objects.select_for_update().select_related("case", "centre").get(pk=subsidy.pk)
    require_scope(actor, subsidy, selectors.subsidies_for_user, _("该补贴不在您的管辖范围内。"))
    return subsidy


def subsidy_recompute(subsidy: Subsidy, *, actor) -> Subsidy:
    """Compute again from the standards now in admin (e.g. after a missing standard was added)."""
    require_permission(actor, "cases.review_closing")
    with transaction.atomic():
        subsidy = _locked_subsidy(actor, subsidy)
        if subsidy.status != Subsidy.Status.COMPUTED:
            raise DomainError(_("补贴已审批或已发放，不能重新核算。"))
        submission = subsidy.case.closings.get(status=ClosingSubmission.Status.ACCEPTED)
        before = subsidy.amount
        _subsidy_apply_basis(subsidy, _subsidy_basis(subsidy.case, submission))
        subsidy.computed_at = timezone.now()
        transition(
            subsidy,
            to=Subsidy.Status.COMPUTED,
            actor=actor,
            reason=_("重新核算：%(before)s 元 → %(after)s 元") % {"before": before, "after": subsidy.amount},
            fields=AMOUNT_FIELDS,
        )
    return subsidy


def _quality_action_label(action: str, percent) -> str:
    if action == "reduce":
        return _("扣减 %(percent)s%%") % {"percent": percent}
    return {"none": _("不扣减"), "withhold": _("不予发放")}.get(action, action)


def subsidy_apply_quality_adjustment(
    case: Case,
    *,
    actor,
    grade: str,
    action: str = "none",
    percent: Decimal | None = None,
    reason: str = "",
) -> Subsidy:
    """Apply the quality rule supervision supplies for a graded file.

    `grade` is the quality grade as supervision names it (e.g. "fail"); `action` is "none",
    "reduce" (by `percent`) or "withhold". A subsidy already approved goes back to "computed"
    for approval again; a paid subsidy cannot be changed here.
    """
    rule = rules.QualityRule(action=action, percent=percent)
    case_in_scope(actor, case)
    with transaction.atomic():
        try:
            subsidy = Subsidy.objects.select_for_update().get(case=case)
        except Subsidy.DoesNotExist as exc:
            raise DomainError(
                _("案件 %(number)s 尚未结案审查通过，还没有核算补贴。") % {"number": case.number}
            ) from exc
        if subsidy.status == Subsidy.Status.PAID:
            raise DomainError(_("案件 %(number)s 的补贴已经发放，不能再按质量评定调整。") % {"number": case.number})
        try:
            adjustment = rules.quality_adjustment(subsidy.base_amount + subsidy.extras_amount, rule)
        except ValueError as exc:
            raise DomainError(str(exc), field="percent") from exc
        before_amount = subsidy.amount
        subsidy.quality_grade = grade
        subsidy.quality_adjustment = adjustment
        subsidy.quality_note = (reason or "").strip()
        _subsidy_amounts(subsidy)
        to = subsidy.status
        if subsidy.amount != before_amount:
            # A changed amount is approved again.
            to = Subsidy.Status.COMPUTED
            subsidy.approved_by = None
            subsidy.approved_at = None
        note = _("案件质量评定为“%(grade)s”，%(action)s:%(before)s 元 → %(after)s 元") % {
            "grade": grade,
            "action": _quality_action_label(action, percent),
            "before": before_amount,
            "after": subsidy.amount,
        }
        if subsidy.quality_note:
            note += _("。%(note)s") % {"note": subsidy.quality_note}
        transition(
            subsidy,
            to=to,
            actor=actor,
            reason=note,
            fields=("quality_grade", "quality_adjustment", "quality_note", "amount", "approved_by", "approved_at"),
        )
    return subsidy


def subsidy_approve(subsidy: Subsidy, *, actor) -> Subsidy:
    require_permission(actor, "cases.approve_subsidy")
    with transaction.atomic():
        subsidy = _locked_subsidy(actor, subsidy)
        if subsidy.status == Subsidy.Status.COMPUTED and subsidy.standard_id is None:
            raise DomainError(_("未找到适用的补贴标准，请先补充标准并重新核算。"))
        subsidy.approved_by, subsidy.approved_at = actor, timezone.now()
        transition(
            subsidy,
            to=Subsidy.Status.APPROVED,
            actor=actor,
            reason=_("审批 %(amount)s 元") % {"amount": subsidy.amount},
            allowed_from=[Subsidy.Status.COMPUTED],
            action=_("审批"),
            fields=("approved_by", "approved_at"),
            at=subsidy.approved_at,
        )
    return subsidy


def subsidy_mark_paid(subsidy: Subsidy, *, actor, payment_reference: str) -> Subsidy:
    require_permission(actor, "cases.pay_subsidy")
    payment_reference = (payment_reference or "").strip()
    if not payment_reference:
        raise DomainError(_("请填写支付凭证号。"), field="payment_reference")
    with transaction.atomic():
        subsidy = _locked_subsidy(actor, subsidy)
        if subsidy.status != Subsidy.Status.APPROVED:
            raise DomainError(
                _("补贴当前状态为“%(status)s”，须先审批才能登记发放。") % {"status": subsidy.get_status_display()}
            )
        subsidy.paid_by, subsidy.paid_at, subsidy.payment_reference = actor, timezone.now(), payment_reference
        transition(
            subsidy,
            to=Subsidy.Status.PAID,
            actor=actor,
            reason=_("已发放 %(amount)s 元，凭证号 %(reference)s")
            % {"amount": subsidy.amount, "reference": payment_reference},
            fields=("paid_by", "paid_at", "payment_reference"),
            at=subsidy.paid_at,
        )
    return subsidy


def standard_preview(candidate: SubsidyStandard) -> RulePreview:
    """What a proposed subsidy standard changes: the computed subsidies awaiting approval whose amount
    a recomputation would change, and how many open cases of its type would be paid by it.

    Called on the rules as they would be (the directory writes the version and rolls it back), so
    the standard each case would get is picked exactly as closing picks it.
    """
    region = {"case__centre__division_code__startswith": region_prefix(candidate.division_code)}
    of_type = {"case__case_type": candidate.case_type}
    if candidate.criminal_stage:
        of_type["case__criminal_stage"] = candidate.criminal_stage
    waiting = (
        Subsidy.objects.filter(status=Subsidy.Status.COMPUTED, **region, **of_type)
        .select_related("case__centre")
        .order_by("pk")
    )
    rows = []
    for subsidy in waiting:
        submission = subsidy.case.closings.filter(status=ClosingSubmission.Status.ACCEPTED).first()
        if submission is None:
            continue
        standard = _subsidy_basis(subsidy.case, submission)["standard"]
        after = standard.amount if standard else Decimal("0.00")
        if after != subsidy.base_amount:
            rows.append((subsidy.case.number, subsidy.base_amount, after))
    open_cases = Case.objects.filter(
        centre__division_code__startswith=region_prefix(candidate.division_code),
        case_type=candidate.case_type,
        **({"criminal_stage": candidate.criminal_stage} if candidate.criminal_stage else {}),
    ).exclude(status__in=[Case.Status.CLOSED, Case.Status.ARCHIVED, Case.Status.TERMINATED])
    summary = _(
        "本地区在办的同类案件%(open)s件，办结日期在生效日之后的将按新标准核算；"
        "已核算待审批的补贴中，重新核算后金额改变的有%(changed)s件。"
    ) % {"open": open_cases.count(), "changed": len(rows)}
    return RulePreview(summary, (_("案号"), _("原补贴标准（元）"), _("新补贴标准（元）")), rows)


# The subsidy standards a centre director keeps for their region on the directory's rule pages.
register(
    RuleTable(
        key="subsidy-standards",
        title=gettext_lazy("办案补贴标准"),
        model=SubsidyStandard,
        region_field="division_code",
        fields=("amount", "note"),
        what_if=standard_preview,
    )
)
