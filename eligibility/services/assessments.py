"""The means test run on an application with the facts staff recorded (LAL 34, 41, 42)."""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.models import Application
from intake.selectors import applications_for_user
from legalaid.errors import DomainError
from legalaid.kernel import locked, record_transition, require_permission, require_scope, transition
from legalaid.validators import normalise_id_number

from .. import engine
from ..models import ClaimedCategory, HouseholdMember, LegalAidCard, MeansAssessment, PriorityGroup, WaiverCategory
from ..rulebook import RuleBook
from ..selectors import pledge_text_on, priority_groups_on
from .common import application_date, application_region

CARD_CATEGORY = "legal_aid_card"


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


def assessment_refusal(application: Application) -> str | None:
    """Why the means test may not be run on this application now (None: it may)."""
    if application.status not in Application.OPEN_STATUSES:
        return _("申请当前状态为“%(status)s”，不能进行经济困难审查。") % {"status": application.get_status_display()}
    return None


def _relation(value: str) -> str:
    """A relation code; the label (本人, 配偶...) is accepted too."""
    if value in HouseholdMember.Relation.values:
        return value
    by_label = {str(label): code for code, label in HouseholdMember.Relation.choices}
    if value in by_label:
        return by_label[value]
    raise DomainError(_("未知的家庭成员关系：%(value)s。") % {"value": value}, field="members")


def _checked_members(members: list[MemberInput]) -> list[MemberInput]:
    members = [replace(m, relation=_relation(m.relation)) for m in members]
    for member in members:
        if not member.name.strip():
            raise DomainError(_("请填写家庭成员的姓名。"), field="members")
        if member.monthly_income is None or member.monthly_income < 0:
            raise DomainError(_("家庭成员的月收入不能为负数。"), field="members")
    return members


def _card_for_claim(number: str, applicant, day: date) -> LegalAidCard:
    """The applicant's own card. An unknown number and another holder's card get the same answer,
    so a claim cannot be used to learn which card numbers exist."""
    card = LegalAidCard.objects.filter(number=number.strip()).first()
    if card is None or normalise_id_number(applicant.id_number) != card.holder_id_number:
        raise DomainError(
            _("卡号“%(number)s”不是申请人本人的法律援助卡。") % {"number": number.strip()}, field="claims"
        )
    if not card.is_valid_on(day):
        raise DomainError(
            _("法律援助卡 %(number)s 在申请之日(%(day)s)无效。") % {"number": card.number, "day": day.isoformat()},
            field="claims",
        )
    return card


def _claimed_rows(
    claims, waivers: list[WaiverCategory], applicant, day: date
) -> list[tuple[WaiverCategory, str, LegalAidCard | None]]:
    rows = []
    for claim in claims:
        category = next((w for w in waivers if w.code == claim.category_code), None)
        if category is None:
            raise DomainError(
                _("免审类别“%(code)s”在申请之日不适用于本地区。") % {"code": claim.category_code}, field="claims"
            )
        card = None
        if category.code == CARD_CATEGORY:
            if not claim.card_number.strip():
                raise DomainError(_("主张法律援助卡免审时请填写卡号。"), field="claims")
            card = _card_for_claim(claim.card_number, applicant, day)
            # Kept in the assessment's snapshot and printed on the decision letter: Chinese.
            document = f"法律援助卡 {card.number}(有效期至 {card.valid_until.isoformat()})"
        else:
            document = claim.document_seen.strip()
            if not document:
                raise DomainError(
                    _("请填写查验的证明材料：%(proof)s。") % {"proof": category.proof_document}, field="claims"
                )
        rows.append((category, document, card))
    return rows


def _priority_group(code: str, region: str, day: date) -> PriorityGroup | None:
    if not code:
        return None
    group = next((g for g in priority_groups_on(region, day) if g.code == code), None)
    if group is None:
        raise DomainError(_("所选重点人群在申请之日不适用。"), field="priority_group")
    return group


def _facts_snapshot(application, region, day, facts, members, household_assets, claimed_rows, priority_group):
    income = facts.household_monthly_income
    return {
        "application_date": day.isoformat(),
        "region_code": region,
        "case_type": application.case_type,
        "matter": facts.matter,
        "matter_name": application.matter.name if application.matter_id else "",
        "categories": sorted(facts.categories),
        "household_size": facts.household_size,
        "household_monthly_income": None if income is None else engine.money(income),
        "household_assets": None if household_assets is None else engine.money(household_assets),
        "integrity_pledge": facts.integrity_pledge,
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
    """Run the means test on an application and keep it with its snapshot; it supersedes the one before."""
    require_permission(actor, "eligibility.add_meansassessment")
    require_scope(actor, application, applications_for_user)
    refusal = assessment_refusal(application)
    if refusal:
        raise DomainError(refusal)
    members = _checked_members(members)
    if household_assets is not None and household_assets < 0:
        raise DomainError(_("家庭财产不能为负数。"), field="household_assets")

    region, day = application_region(application), application_date(application)
    book = RuleBook.load()
    resolution = book.resolve(region, day)
    matter = application.matter.code if application.matter_id else None
    claimed_rows = _claimed_rows(claims, book.waivers_on(region, day), application.applicant, day)
    priority_group = _priority_group(priority_group_code, region, day)

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
    with transaction.atomic():
        for earlier in application.means_assessments.filter(status=MeansAssessment.Status.CURRENT):
            transition(
                locked(earlier),
                to=MeansAssessment.Status.SUPERSEDED,
                actor=actor,
                reason=_("重新进行经济困难审查"),
                at=now,
            )
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
            facts_snapshot=_facts_snapshot(
                application, region, day, facts, members, household_assets, claimed_rows, priority_group
            ),
            outcome=str(result.outcome),
            basis=result.basis or "",
            per_capita_income=result.per_capita_income,
            standard_line=result.standard,
            reasons=list(result.reasons),
            reason_parts=[[reason.template, reason.params] for reason in result.reasons],
            missing=list(result.missing),
            notes=notes.strip(),
            assessed_by=actor,
            assessed_at=now,
        )
        record_transition(assessment, actor=actor, from_status="", to_status=assessment.status, at=now)
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


def claims_initial(application: Application, categories: list[WaiverCategory]) -> list[dict]:
    """The waiver claimed at intake (or confirmed at the preliminary review), pre-filled as the means
    test's first claim when it is one of the `categories` offered; with the applicant's own valid
    legal-aid card number when the claim is the card. Facts entered once are not typed again."""
    code = application.waiver_claimed
    if not code or code not in {category.code for category in categories}:
        return []
    claim = {"category": code}
    if code == CARD_CATEGORY and application.applicant.id_number:
        day = application_date(application)
        cards = LegalAidCard.objects.filter(holder_id_number=normalise_id_number(application.applicant.id_number))
        card = next((c for c in cards.order_by("-issued_on", "-pk") if c.is_valid_on(day)), None)
        if card is not None:
            claim["card_number"] = card.number
    return [claim]


def latest_assessment(application: Application) -> MeansAssessment | None:
    return application.means_assessments.order_by("-assessed_at", "-pk").first()
