"""Every write of eligibility: rules, assessments, decisions, cards, objections, spot-checks.

Each service takes `actor=`, checks the permission and the scope, runs in a transaction, locks
what it changes, and raises `DomainError` with a Chinese message when a rule forbids the action.
"""

import math
import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intake import services as intake_services
from intake.models import Application
from intake.selectors import applications_for_user
from legalaid.errors import DomainError
from legalaid.models import Organisation
from legalaid.selectors import visible_organisations
from legalaid.validators import mask_id_number, normalise_id_number

from . import engine
from .models import (
    ClaimedCategory,
    Decision,
    DocumentSequence,
    HardshipStandard,
    HouseholdMember,
    LegalAidCard,
    MeansAssessment,
    Objection,
    ObjectionTransition,
    PledgeSpotCheck,
    PledgeText,
    PriorityGroup,
    Recovery,
    RefusalReason,
    SpotCheckDraw,
    SpotCheckPolicy,
)
from .regions import division_chain, region_prefix
from .rulebook import RuleBook

CARD_CATEGORY = "legal_aid_card"
CARD_VALIDITY_YEARS = 3

# ---------------------------------------------------------------- helpers


def _require_perm(actor, permission: str) -> None:
    if actor is None or not actor.has_perm(permission):
        raise DomainError(_("你没有执行此操作的权限。"))


def _require_application_scope(actor, application: Application) -> None:
    if not applications_for_user(actor).filter(pk=application.pk).exists():
        raise DomainError(_("该申请不在你的工作范围内。"))


def _require_org_scope(actor, organisation: Organisation) -> None:
    if not visible_organisations(actor).filter(pk=organisation.pk).exists():
        raise DomainError(_("该机构不在你的工作范围内。"))


def _first_error(error: ValidationError) -> DomainError:
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        return DomainError(errors[0].messages[0], field=None if field == "__all__" else field)
    return DomainError(error.messages[0])


def _attributed(instance, actor):
    """Name the actor in the simple-history row this save writes (outside a request too)."""
    instance._history_user = actor
    return instance


def _next_number(centre: Organisation, kind: str, year: int) -> int:
    sequence, _created = DocumentSequence.objects.get_or_create(centre=centre, kind=kind, year=year)
    sequence = DocumentSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


def centre_abbreviation(centre: Organisation) -> str:
    return centre.name.removesuffix("法律援助中心") or centre.short_name or centre.name


def review_body_for(centre: Organisation) -> str:
    """The justice bureau that set up the centre (LAL 49): it reviews objections to its decisions."""
    bureau = (
        Organisation.objects.filter(
            pk__in=centre.ancestor_ids(), kind=Organisation.Kind.JUSTICE_BUREAU, division_code=centre.division_code
        )
        .order_by("-path")
        .first()
    )
    return bureau.name if bureau else f"{centre_abbreviation(centre)}司法局"


def application_region(application: Application) -> str:
    """The standard of the deciding centre's division applies."""
    return application.centre.division_code


def application_date(application: Application) -> date:
    return timezone.localdate(application.received_at)


# ---------------------------------------------------------------- rules


def standard_create(*, actor, **fields) -> HardshipStandard:
    _require_perm(actor, "eligibility.add_hardshipstandard")
    standard = HardshipStandard(**fields)
    try:
        standard.full_clean()
    except ValidationError as error:
        raise _first_error(error) from None
    _attributed(standard, actor).save()
    return standard


@dataclass(frozen=True)
class WhatIfRow:
    application_number: str
    application_id: int
    before: str
    after: str
    per_capita_income: Decimal | None


@dataclass(frozen=True)
class WhatIf:
    """How the past 12 months' applications in a region would fare under a proposed standard."""

    since: date
    considered: int
    changed: int
    newly_eligible: int
    newly_ineligible: int
    rows: tuple[WhatIfRow, ...]

    @property
    def unchanged(self) -> int:
        return self.considered - self.changed


def standard_whatif(candidate: HardshipStandard, *, today: date | None = None, limit: int = 50) -> WhatIf:
    """Re-run the means test of the past 12 months' applications in the candidate's region.

    An application counts when the candidate would be the standard it is measured against: the
    candidate's division is on its fallback chain and no more specific standard was used for it.
    Each is decided twice on the same facts and the same scope and waiver rules, once with the
    standard it was assessed against and once with the candidate, so only the line's effect shows.
    """
    today = today or timezone.localdate()
    since = today - timedelta(days=365)
    code = candidate.division_code
    book = RuleBook.load()
    assessments = (
        MeansAssessment.objects.filter(region_code__startswith=region_prefix(code), application_date__gte=since)
        .select_related("application")
        .order_by("application_id", "-assessed_at", "-pk")
    )
    considered = changed = to_eligible = to_ineligible = 0
    rows: list[WhatIfRow] = []
    seen: set[int] = set()
    for assessment in assessments:
        if assessment.application_id in seen:
            continue
        seen.add(assessment.application_id)
        chain = division_chain(assessment.region_code)
        if code not in chain:
            continue
        used = (assessment.standard_snapshot or {}).get("division_code")
        if used in chain and chain.index(used) < chain.index(code):
            continue  # a more specific standard applies to this application
        considered += 1
        rules = book.rules_for(assessment.region_code, assessment.application_date)
        snapshot_limit = (assessment.standard_snapshot or {}).get("asset_limit")
        facts = assessment.facts()
        before = engine.assess(
            facts,
            replace(
                rules,
                standard=assessment.standard_line,
                asset_limit=Decimal(snapshot_limit) if snapshot_limit else None,
            ),
        )
        after = engine.assess(
            facts, replace(rules, standard=candidate.monthly_per_capita_line, asset_limit=candidate.asset_limit)
        )
        if before.outcome == after.outcome:
            continue
        changed += 1
        to_eligible += after.outcome == engine.Outcome.ELIGIBLE
        to_ineligible += after.outcome == engine.Outcome.INELIGIBLE
        if len(rows) < limit:
            rows.append(
                WhatIfRow(
                    assessment.application.number,
                    assessment.application_id,
                    engine.OUTCOME_LABELS[before.outcome],
                    engine.OUTCOME_LABELS[after.outcome],
                    after.per_capita_income,
                )
            )
    return WhatIf(since, considered, changed, to_eligible, to_ineligible, tuple(rows))


# ---------------------------------------------------------------- means assessment


@dataclass(frozen=True)
class MemberInput:
    name: str
    relation: str
    monthly_income: Decimal
    income_source: str = ""


@dataclass(frozen=True)
class ClaimInput:
    category_code: str
    document_seen: str = ""
    card_number: str = ""


def _relation(value: str) -> str:
    """A relation code; the Chinese label (本人, 配偶...) is accepted too."""
    if value in HouseholdMember.Relation.values:
        return value
    by_label = {str(label): code for code, label in HouseholdMember.Relation.choices}
    if value in by_label:
        return by_label[value]
    raise DomainError(_("未知的家庭成员关系:%(value)s。") % {"value": value}, field="members")


def pledge_text_on(day: date) -> PledgeText | None:
    texts = PledgeText.objects.filter(effective_from__lte=day).order_by("-effective_from")
    return next((t for t in texts if t.covers(day)), None)


def _check_card(number: str, applicant, day: date) -> LegalAidCard:
    card = LegalAidCard.objects.filter(number=number.strip()).first()
    if card is None:
        raise DomainError(_("找不到卡号为“%(number)s”的法律援助卡。") % {"number": number}, field="claims")
    if normalise_id_number(applicant.id_number) != card.holder_id_number:
        raise DomainError(_("法律援助卡 %(number)s 的持卡人不是申请人。") % {"number": card.number}, field="claims")
    if not card.is_valid_on(day):
        raise DomainError(
            _("法律援助卡 %(number)s 在申请之日(%(day)s)无效。") % {"number": card.number, "day": day.isoformat()},
            field="claims",
        )
    return card


def assessment_create(
    application: Application,
    *,
    actor,
    members: list[MemberInput],
    integrity_pledge: bool,
    claims: list[ClaimInput] = (),
    household_assets: Decimal | None = None,
    priority_group_code: str = "",
    notes: str = "",
) -> MeansAssessment:
    """Run the means test on an application with the facts staff recorded, and keep it with its snapshot."""
    _require_perm(actor, "eligibility.add_meansassessment")
    _require_application_scope(actor, application)
    if application.status not in Application.OPEN_STATUSES:
        raise DomainError(
            _("申请当前状态为“%(status)s”,不能进行经济困难审查。") % {"status": application.get_status_display()}
        )
    members = [replace(m, relation=_relation(m.relation)) for m in members]
    for member in members:
        if not member.name.strip():
            raise DomainError(_("请填写家庭成员的姓名。"), field="members")
        if member.monthly_income is None or member.monthly_income < 0:
            raise DomainError(_("家庭成员的月收入不能为负数。"), field="members")
    if household_assets is not None and household_assets < 0:
        raise DomainError(_("家庭财产不能为负数。"), field="household_assets")

    region, day = application_region(application), application_date(application)
    book = RuleBook.load()
    resolution = book.resolve(region, day)
    matter = application.matter.code if application.matter_id else None

    claimed_rows = []
    for claim in claims:
        category = next((w for w in book.waivers_on(region, day) if w.code == claim.category_code), None)
        if category is None:
            raise DomainError(
                _("免审类别“%(code)s”在申请之日不适用于本地区。") % {"code": claim.category_code}, field="claims"
            )
        card = None
        if category.code == CARD_CATEGORY:
            if not claim.card_number.strip():
                raise DomainError(_("主张法律援助卡免审时请填写卡号。"), field="claims")
            card = _check_card(claim.card_number, application.applicant, day)
            document = _("法律援助卡 %(number)s(有效期至 %(until)s)") % {
                "number": card.number,
                "until": card.valid_until.isoformat(),
            }
        else:
            document = claim.document_seen.strip()
            if not document:
                raise DomainError(
                    _("请填写查验的证明材料:%(proof)s。") % {"proof": category.proof_document}, field="claims"
                )
        claimed_rows.append((category, document, card))

    priority_group = None
    if priority_group_code:
        priority_group = next(
            (
                g
                for g in PriorityGroup.objects.filter(code=priority_group_code)
                if g.covers(day) and g.applies_in(region)
            ),
            None,
        )
        if priority_group is None:
            raise DomainError(_("所选重点人群在申请之日不适用。"), field="priority_group")

    size = len(members) or None
    income = sum((Decimal(m.monthly_income) for m in members), Decimal("0")) if members else None
    facts = engine.Facts(
        case_type=application.case_type,
        matter=matter,
        categories=frozenset(category.code for category, _d, _c in claimed_rows),
        household_size=size,
        household_monthly_income=income,
        household_assets=household_assets,
        integrity_pledge=integrity_pledge,
    )
    result = engine.assess(facts, resolution.rules)
    standard = resolution.standard
    pledge = pledge_text_on(day) if integrity_pledge else None
    now = timezone.now()
    snapshot = {
        "application_date": day.isoformat(),
        "region_code": region,
        "case_type": application.case_type,
        "matter": matter,
        "matter_name": application.matter.name if application.matter_id else "",
        "categories": sorted(facts.categories),
        "household_size": size,
        "household_monthly_income": None if income is None else engine.money(income),
        "household_assets": None if household_assets is None else engine.money(household_assets),
        "integrity_pledge": integrity_pledge,
        "members": [
            {
                "name": m.name,
                "relation": m.relation,
                "monthly_income": engine.money(m.monthly_income),
                "income_source": m.income_source,
            }
            for m in members
        ],
        "claims": [
            {"code": c.code, "name": c.name, "document": d, "card": card.number if card else ""}
            for c, d, card in claimed_rows
        ],
        "priority_group": priority_group.name if priority_group else "",
    }
    with transaction.atomic():
        assessment = MeansAssessment.objects.create(
            application=application,
            region_code=region,
            application_date=day,
            case_type=application.case_type,
            matter_code=matter or "",
            household_size=size,
            household_monthly_income=income,
            household_assets=household_assets,
            integrity_pledge=integrity_pledge,
            pledge_text=f"{pledge.title}\n{pledge.body}" if pledge else "",
            pledge_signed_at=now if integrity_pledge else None,
            priority_group=priority_group,
            standard=standard,
            standard_snapshot=standard.snapshot() if standard else None,
            facts_snapshot=snapshot,
            outcome=str(result.outcome),
            basis=result.basis or "",
            per_capita_income=result.per_capita_income,
            standard_line=result.standard,
            reasons=list(result.reasons),
            missing=list(result.missing),
            notes=notes.strip(),
            assessed_by=actor,
            assessed_at=now,
        )
        HouseholdMember.objects.bulk_create(
            HouseholdMember(
                assessment=assessment,
                name=m.name.strip(),
                relation=m.relation,
                monthly_income=m.monthly_income,
                income_source=m.income_source.strip(),
            )
            for m in members
        )
        ClaimedCategory.objects.bulk_create(
            ClaimedCategory(
                assessment=assessment,
                category=category,
                document_seen=document,
                card=card,
                proven=category.code in facts.categories,
            )
            for category, document, card in claimed_rows
        )
    return assessment


def latest_assessment(application: Application) -> MeansAssessment | None:
    return application.means_assessments.order_by("-assessed_at", "-pk").first()


# ---------------------------------------------------------------- decisions


def _parse_reasons(codes) -> list[str]:
    valid = set(RefusalReason.values)
    codes = [c for c in dict.fromkeys(codes or []) if c]
    unknown = [c for c in codes if c not in valid]
    if unknown:
        raise DomainError(_("未知的不予援助理由:%(codes)s。") % {"codes": "、".join(unknown)}, field="refusal_reasons")
    return codes


def _check_refusal_consistent(assessment: MeansAssessment, codes: list[str]) -> None:
    if RefusalReason.NOT_NEEDY in codes and assessment.outcome != engine.Outcome.INELIGIBLE:
        raise DomainError(
            _("经济困难审查结果为“%(outcome)s”,不能以经济状况不符合标准为由不予援助。")
            % {"outcome": assessment.get_outcome_display()},
            field="refusal_reasons",
        )
    if RefusalReason.OUT_OF_SCOPE in codes and assessment.outcome != engine.Outcome.OUT_OF_SCOPE:
        raise DomainError(_("申请事项属于法律援助范围,不能以不属于援助范围为由不予援助。"), field="refusal_reasons")


def decision_snapshot(
    application: Application, assessment: MeansAssessment, centre: Organisation, actor, decided_at
) -> dict:
    applicant = application.applicant
    return {
        "centre": centre.name,
        "centre_address": centre.address,
        "centre_phone": centre.phone,
        "review_body": review_body_for(centre),
        "application_number": application.number,
        "received_date": application_date(application).isoformat(),
        "applicant_name": applicant.name,
        "applicant_id_number": mask_id_number(applicant.id_number),
        "case_type": application.get_case_type_display(),
        "matter": application.matter.name if application.matter_id else "",
        "service_requested": application.get_service_requested_display(),
        "outcome": assessment.outcome,
        "outcome_label": assessment.get_outcome_display(),
        "engine_reasons": list(assessment.reasons),
        "per_capita_income": None
        if assessment.per_capita_income is None
        else engine.money(assessment.per_capita_income),
        "standard": assessment.standard_snapshot,
        "waiver": next(
            (c["name"] for c in assessment.facts_snapshot.get("claims", []) if c["code"] == assessment.basis), ""
        ),
        "priority_group": assessment.facts_snapshot.get("priority_group", ""),
        "decided_by": actor.get_full_name() or actor.username,
        "decided_date": timezone.localdate(decided_at).isoformat(),
    }


def application_decide(
    application: Application,
    *,
    actor,
    granted: bool,
    refusal_reasons: list[str] = (),
    reason_text: str = "",
) -> Decision:
    """The centre grants or refuses legal aid on the latest means assessment (LAL 43), in writing.

    The written decision keeps a snapshot of the assessment and the standard, and intake records
    the application's new status in its own history.
    """
    _require_perm(actor, "eligibility.decide_application")
    _require_application_scope(actor, application)
    reason_text = (reason_text or "").strip()
    codes = _parse_reasons(refusal_reasons)
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("applicant", "centre", "matter")
            .get(pk=application.pk)
        )
        assessment = latest_assessment(application)
        if assessment is None:
            raise DomainError(_("请先进行经济困难审查,再作出决定。"))
        current_matter = application.matter.code if application.matter_id else ""
        if (assessment.case_type, assessment.matter_code) != (application.case_type, current_matter):
            raise DomainError(_("申请的案件类型或事项已变更,请重新进行经济困难审查。"))
        if granted:
            if not assessment.favourable:
                raise DomainError(
                    _("经济困难审查结果为“%(outcome)s”,不能给予法律援助。")
                    % {"outcome": assessment.get_outcome_display()}
                )
            if codes:
                raise DomainError(_("给予法律援助时不应选择不予援助理由。"), field="refusal_reasons")
            summary = _("符合法律援助条件:%(outcome)s。") % {"outcome": assessment.get_outcome_display()}
            reason_text = reason_text or summary
        else:
            if not codes:
                raise DomainError(_("不予法律援助须选择理由。"), field="refusal_reasons")
            if not reason_text:
                raise DomainError(_("不予法律援助须写明具体理由。"), field="reason_text")
            _check_refusal_consistent(assessment, codes)
        centre = application.centre
        now = timezone.now()
        kind = "grant" if granted else "refusal"
        serial = _next_number(centre, kind, timezone.localdate(now).year)
        word = "决" if granted else "不予"
        number = f"{centre_abbreviation(centre)}法援{word}字〔{timezone.localdate(now).year}〕第{serial}号"
        labels = dict(RefusalReason.choices)
        intake_reason = reason_text if granted else "；".join([*(str(labels[c]) for c in codes), reason_text])
        intake_services.application_record_decision(application, actor=actor, granted=granted, reason=intake_reason)
        decision = Decision(
            application=application,
            assessment=assessment,
            centre=centre,
            number=number,
            granted=granted,
            refusal_reasons=codes,
            reason_text=reason_text,
            simplified=assessment.priority_group_id is not None,
            snapshot=decision_snapshot(application, assessment, centre, actor, now),
            decided_by=actor,
            decided_at=now,
        )
        _attributed(decision, actor).save()
    return decision


def decision_reopen(decision: Decision, *, actor, reason: str) -> Decision:
    """Set a refusal aside so the centre decides again (an objection ordered correction)."""
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if decision.granted or decision.status != Decision.Status.IN_FORCE:
            raise DomainError(_("只有有效的不予法律援助决定才能撤销重新审查。"))
        intake_services.application_reopen(decision.application, actor=actor, reason=reason)
        decision.status = Decision.Status.REOPENED
        decision.reopened_at = timezone.now()
        decision.reopened_by = actor
        _attributed(decision, actor).save(update_fields=["status", "reopened_at", "reopened_by"])
    return decision


# ---------------------------------------------------------------- legal-aid cards


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def card_issue(
    *,
    actor,
    centre: Organisation,
    holder_name: str,
    holder_id_number: str,
    group: str,
    proof_document: str,
    group_detail: str = "",
    holder_phone: str = "",
    holder_address: str = "",
    issued_on: date | None = None,
    valid_until: date | None = None,
) -> LegalAidCard:
    """Issue a legal-aid card (法律援助卡) to a person of a card group; it proves the `legal_aid_card` waiver."""
    _require_perm(actor, "eligibility.add_legalaidcard")
    if not centre.is_centre:
        raise DomainError(_("法律援助卡只能由法律援助中心发放。"), field="issuing_centre")
    _require_org_scope(actor, centre)
    issued_on = issued_on or timezone.localdate()
    valid_until = valid_until or _add_years(issued_on, CARD_VALIDITY_YEARS) - timedelta(days=1)
    holder_id_number = normalise_id_number(holder_id_number)
    if group == LegalAidCard.Group.OTHER and not group_detail.strip():
        raise DomainError(_("发给其他困难群体时,请说明类别。"), field="group_detail")
    with transaction.atomic():
        existing = (
            LegalAidCard.objects.select_for_update()
            .filter(holder_id_number=holder_id_number, status=LegalAidCard.Status.ACTIVE, valid_until__gte=issued_on)
            .first()
        )
        if existing is not None:
            raise DomainError(
                _("该身份证号码已有有效的法律援助卡(%(number)s,有效期至 %(until)s)。")
                % {"number": existing.number, "until": existing.valid_until.isoformat()},
                field="holder_id_number",
            )
        serial = _next_number(centre, "card", issued_on.year)
        card = LegalAidCard(
            number=f"{centre.division_code}-{issued_on.year}-{serial:05d}",
            holder_name=holder_name.strip(),
            holder_id_number=holder_id_number,
            holder_phone=holder_phone.strip(),
            holder_address=holder_address.strip(),
            group=group,
            group_detail=group_detail.strip(),
            proof_document=proof_document.strip(),
            issuing_centre=centre,
            issued_on=issued_on,
            valid_until=valid_until,
            issued_by=actor,
        )
        try:
            card.full_clean()
        except ValidationError as error:
            raise _first_error(error) from None
        _attributed(card, actor).save()
    return card


def card_revoke(card: LegalAidCard, *, actor, reason: str, revoked_on: date | None = None) -> LegalAidCard:
    _require_perm(actor, "eligibility.revoke_legalaidcard")
    _require_org_scope(actor, card.issuing_centre)
    if not (reason or "").strip():
        raise DomainError(_("请填写注销理由。"), field="reason")
    with transaction.atomic():
        card = LegalAidCard.objects.select_for_update().get(pk=card.pk)
        if card.status != LegalAidCard.Status.ACTIVE:
            raise DomainError(_("该卡已注销。"))
        card.status = LegalAidCard.Status.REVOKED
        card.revoked_on = revoked_on or timezone.localdate()
        card.revoked_by = actor
        card.revocation_reason = reason.strip()
        _attributed(card, actor).save(update_fields=["status", "revoked_on", "revoked_by", "revocation_reason"])
    return card


# ---------------------------------------------------------------- objections (LAL 49)


def _record_objection(objection: Objection, actor, from_status: str, reason: str) -> None:
    ObjectionTransition.objects.create(
        objection=objection, actor=actor, from_status=from_status, to_status=objection.status, reason=reason
    )


def objection_file(
    *,
    actor,
    kind: str,
    grounds: str,
    application: Application | None = None,
    subject_reference: str = "",
    centre: Organisation | None = None,
    objector_name: str = "",
    objector_phone: str = "",
    filed_on: date | None = None,
) -> Objection:
    """Record an applicant's objection to a refusal, or an aided person's to a termination (LAL 49).

    A refusal objection names the application; a termination objection (filed by the cases stage)
    names the deciding centre and the case number in `subject_reference`.
    """
    _require_perm(actor, "eligibility.add_objection")
    grounds = (grounds or "").strip()
    if not grounds:
        raise DomainError(_("请填写异议理由。"), field="grounds")
    filed_on = filed_on or timezone.localdate()
    if filed_on > timezone.localdate():
        raise DomainError(_("提出异议日期不能晚于今天。"), field="filed_on")
    decision = None
    if kind == Objection.Kind.REFUSAL:
        if application is None:
            raise DomainError(_("对不予援助决定的异议须指明申请。"), field="application")
        _require_application_scope(actor, application)
        decision = (
            Decision.objects.filter(application=application, granted=False, status=Decision.Status.IN_FORCE)
            .order_by("-decided_at")
            .first()
        )
        if decision is None or application.status != Application.Status.REFUSED:
            raise DomainError(_("该申请没有有效的不予法律援助决定,不能提出异议。"), field="application")
        if filed_on < timezone.localdate(decision.decided_at):
            raise DomainError(_("提出异议日期不能早于决定日期。"), field="filed_on")
        centre = application.centre
        objector_name = objector_name.strip() or application.applicant.name
        subject_reference = subject_reference or decision.number
    elif kind == Objection.Kind.TERMINATION:
        if centre is None or not subject_reference.strip():
            raise DomainError(_("对终止决定的异议须写明作出决定的中心和案件编号。"), field="subject_reference")
        if not objector_name.strip():
            raise DomainError(_("请填写异议人。"), field="objector_name")
        _require_org_scope(actor, centre)
    else:
        raise DomainError(_("未知的异议类型。"), field="kind")
    with transaction.atomic():
        if decision is not None:
            Decision.objects.select_for_update().get(pk=decision.pk)
            if decision.objections.filter(status=Objection.Status.PENDING).exists():
                raise DomainError(_("该决定已有待审查的异议。"))
        objection = Objection(
            kind=kind,
            centre=centre,
            application=application,
            decision=decision,
            subject_reference=subject_reference.strip(),
            objector_name=objector_name.strip(),
            objector_phone=objector_phone.strip(),
            grounds=grounds,
            review_body=review_body_for(centre),
            filed_on=filed_on,
            review_due=Objection.due_for(filed_on),
            filed_by=actor,
        )
        _attributed(objection, actor).save()
        _record_objection(objection, actor, "", _("登记异议"))
    return objection


def objection_decide(
    objection: Objection,
    *,
    actor,
    correction_ordered: bool,
    opinion: str,
    decided_on: date | None = None,
) -> Objection:
    """Record the justice bureau's review: upheld, or correction ordered (which reopens a refusal)."""
    _require_perm(actor, "eligibility.decide_objection")
    _require_org_scope(actor, objection.centre)
    opinion = (opinion or "").strip()
    if not opinion:
        raise DomainError(_("请填写审查意见。"), field="opinion")
    decided_on = decided_on or timezone.localdate()
    with transaction.atomic():
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if not objection.is_pending:
            raise DomainError(_("该异议已审查完毕。"))
        if decided_on < objection.filed_on or decided_on > timezone.localdate():
            raise DomainError(_("审查决定日期应在提出异议之日和今天之间。"), field="decided_on")
        from_status = objection.status
        objection.status = Objection.Status.CORRECTION_ORDERED if correction_ordered else Objection.Status.UPHELD
        objection.review_decided_on = decided_on
        objection.review_opinion = opinion
        _attributed(objection, actor).save(update_fields=["status", "review_decided_on", "review_opinion"])
        _record_objection(objection, actor, from_status, opinion)
        if correction_ordered and objection.decision_id:
            reason = _("%(body)s责令改正:%(opinion)s") % {"body": objection.review_body, "opinion": opinion}
            decision_reopen(objection.decision, actor=actor, reason=reason)
    return objection


# ---------------------------------------------------------------- pledge spot-checks (LAL 41, 48, 64)


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(today: date) -> date:
    return month_start(month_start(today) - timedelta(days=1))


def pledge_grants(centre: Organisation, period: date):
    """Grants in the month that rested on the integrity pledge (means-tested, eligible)."""
    end = month_start(period + timedelta(days=32))
    return Decision.objects.filter(
        centre=centre,
        granted=True,
        status=Decision.Status.IN_FORCE,
        assessment__outcome=engine.Outcome.ELIGIBLE,
        assessment__integrity_pledge=True,
        decided_at__date__gte=period,
        decided_at__date__lt=end,
    ).order_by("pk")


def spot_checks_draw(centre: Organisation, period: date, *, rng: random.Random | None = None) -> SpotCheckDraw | None:
    """Draw the month's random sample of pledge-based grants; a second run for the same month draws nothing."""
    period = month_start(period)
    policy = next((p for p in SpotCheckPolicy.objects.order_by("-effective_from") if p.covers(period)), None)
    if policy is None:
        return None
    rng = rng or random.SystemRandom()
    try:
        with transaction.atomic():
            draw = SpotCheckDraw.objects.create(centre=centre, period=period, share_percent=policy.share_percent)
            decisions = list(pledge_grants(centre, period).exclude(spot_check__isnull=False))
            size = min(
                len(decisions),
                max(policy.minimum_count, math.ceil(len(decisions) * policy.share_percent / Decimal(100))),
            )
            if policy.share_percent == 0:
                size = 0
            chosen = rng.sample(decisions, size)
            PledgeSpotCheck.objects.bulk_create(PledgeSpotCheck(draw=draw, decision=d) for d in chosen)
            draw.population = len(decisions)
            draw.save(update_fields=["population"])
    except IntegrityError:
        return None  # already drawn for this centre and month
    return draw


def draw_monthly_spot_checks(today: date | None = None) -> int:
    """Monthly: draw last month's sample at every centre. Idempotent: one draw per (centre, month)."""
    period = previous_month(today or timezone.localdate())
    drawn = 0
    for centre in Organisation.objects.filter(kind__in=Organisation.CENTRE_KINDS, is_active=True):
        drawn += spot_checks_draw(centre, period) is not None
    return drawn


def spot_check_record(
    check: PledgeSpotCheck, *, actor, truthful: bool, findings: str, cost_amount: Decimal | None = None
) -> PledgeSpotCheck:
    """Record the verification of a pledge; a false one opens a recovery record (LAL 64) and flags
    the aid for termination (LAL 48), which the cases stage carries out."""
    _require_perm(actor, "eligibility.verify_pledge")
    _require_org_scope(actor, check.draw.centre)
    findings = (findings or "").strip()
    if not findings:
        raise DomainError(_("请填写核查情况。"), field="findings")
    with transaction.atomic():
        check = PledgeSpotCheck.objects.select_for_update(of=("self",)).select_related("decision").get(pk=check.pk)
        if check.result != PledgeSpotCheck.Result.PENDING:
            raise DomainError(_("该抽查已登记结果。"))
        check.result = PledgeSpotCheck.Result.CONFIRMED if truthful else PledgeSpotCheck.Result.FALSE_PLEDGE
        check.findings = findings
        check.checked_by = actor
        check.checked_at = timezone.now()
        _attributed(check, actor).save(update_fields=["result", "findings", "checked_by", "checked_at"])
        if not truthful:
            _attributed(
                Recovery(
                    application=check.decision.application,
                    spot_check=check,
                    grounds=findings,
                    cost_amount=cost_amount,
                    created_by=actor,
                ),
                actor,
            ).save()
    return check


def recovery_update(
    recovery: Recovery,
    *,
    actor,
    status: str,
    notes: str = "",
    cost_amount: Decimal | None = None,
    fine_amount: Decimal | None = None,
) -> Recovery:
    _require_perm(actor, "eligibility.change_recovery")
    _require_application_scope(actor, recovery.application)
    if status not in Recovery.Status.values:
        raise DomainError(_("未知的追缴状态。"), field="status")
    with transaction.atomic():
        recovery = Recovery.objects.select_for_update().get(pk=recovery.pk)
        recovery.status = status
        recovery.notes = (notes or "").strip()
        recovery.cost_amount = cost_amount
        recovery.fine_amount = fine_amount
        try:
            recovery.full_clean()
        except ValidationError as error:
            raise _first_error(error) from None
        _attributed(recovery, actor).save(update_fields=["status", "notes", "cost_amount", "fine_amount"])
    return recovery
