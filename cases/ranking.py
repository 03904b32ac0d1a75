"""Ranking the handlers a centre may assign: a pure function, facts in, ranked candidates with reasons out.

Hard rules first (a handler who fails one may not be assigned, whatever a form posts), then, among
those who pass, the ordering the centre's practice asks for (PR 25; seeds 002, 003, 004 范文5):
specialty matching the matter, fewer open cases, behind this year's obligation, and fair rotation
(the one assigned longest ago first). The selector gathers the facts from the database.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

LAWYER_TYPES = frozenset({"practising_lawyer", "centre_lawyer"})
NON_LITIGATION_ONLY_TYPES = frozenset({"notary", "forensic_expert"})
SERIOUS_MIN_YEARS = 3  # LAL 26, PR 26: death penalty, life imprisonment, death-penalty review


@dataclass(frozen=True)
class CaseFacts:
    case_type: str
    matter_code: str = ""
    matter_name: str = ""
    notification_defence: bool = False
    serious_penalty: bool = False
    minor: bool = False
    excluded_handler_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class HandlerFacts:
    user_id: int
    name: str
    organisation: str
    handler_type: str
    handler_type_label: str
    status: str  # HandlerProfile.Status value
    criminal_defence_years: int = 0
    trained_for_minors: bool = False
    specialty_codes: frozenset[str] = frozenset()
    open_cases: int = 0
    cases_this_year: int = 0
    annual_minimum: int = 0
    last_assigned_at: datetime | None = None
    conflicts: tuple[str, ...] = ()

    @property
    def is_lawyer(self) -> bool:
        return self.handler_type in LAWYER_TYPES

    @property
    def behind_obligation(self) -> bool:
        return self.cases_this_year < self.annual_minimum


@dataclass
class Candidate:
    handler: HandlerFacts
    failures: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    specialty_match: bool = False
    rank: int | None = None

    @property
    def eligible(self) -> bool:
        return not self.failures

    def as_dict(self) -> dict:
        """What the assignment row keeps as a snapshot of the recommendation it was chosen from."""
        return {
            "user_id": self.handler.user_id,
            "name": self.handler.name,
            "organisation": self.handler.organisation,
            "rank": self.rank,
            "eligible": self.eligible,
            "failures": self.failures,
            "reasons": self.reasons,
        }


def hard_rule_failures(case: CaseFacts, handler: HandlerFacts) -> list[str]:
    failures = []
    if handler.status != "active":
        failures.append(_("承办人当前不在岗(休假或停止承办)，不能指派。"))
    if handler.user_id in case.excluded_handler_ids:
        failures.append(_("该承办人已因更换承办人退出本案，不能再次指派。"))
    if case.notification_defence and not handler.is_lawyer:
        failures.append(_("通知辩护案件只能指派律师(法律援助法第二十五条)。"))
    elif case.case_type == "criminal" and not handler.is_lawyer:
        failures.append(_("刑事案件的辩护或代理只能指派律师。"))
    if handler.handler_type in NON_LITIGATION_ONLY_TYPES and case.case_type != "non_litigation":
        failures.append(_("%(type)s只承办非诉讼法律援助事项。") % {"type": handler.handler_type_label})
    if case.serious_penalty and handler.criminal_defence_years < SERIOUS_MIN_YEARS:
        failures.append(
            _(
                "可能判处无期徒刑、死刑或死刑复核案件，须指派具有三年以上刑事辩护执业经历的律师"
                "(该律师为 %(years)s 年，法律援助法第二十六条)。"
            )
            % {"years": handler.criminal_defence_years}
        )
    if case.minor and not handler.trained_for_minors:
        failures.append(_("未成年人案件须指派熟悉未成年人身心特点的律师(办理法律援助案件程序规定第二十六条)。"))
    for conflict in handler.conflicts:
        failures.append(_("利益冲突：%(conflict)s") % {"conflict": conflict})
    return failures


def ranking_reasons(case: CaseFacts, handler: HandlerFacts, specialty_match: bool) -> list[str]:
    matter = case.matter_name or _("本案事项")
    reasons = [
        (_("擅长领域与“%(matter)s”相符") if specialty_match else _("擅长领域不含“%(matter)s”")) % {"matter": matter},
        _("在办案件 %(count)s 件") % {"count": handler.open_cases},
    ]
    year = {"done": handler.cases_this_year, "minimum": handler.annual_minimum}
    if handler.annual_minimum:
        if handler.behind_obligation:
            reasons.append(_("本年度已办 %(done)s 件，未完成年度义务 %(minimum)s 件，优先") % year)
        else:
            reasons.append(_("本年度已办 %(done)s 件，已完成年度义务 %(minimum)s 件") % year)
    else:
        reasons.append(_("本年度已办 %(done)s 件") % year)
    if handler.last_assigned_at is None:
        reasons.append(_("此前未被指派过，轮换优先"))
    else:
        reasons.append(_("上次指派于 %(day)s") % {"day": handler.last_assigned_at.strftime("%Y-%m-%d")})
    return reasons


def rank_handlers(case: CaseFacts, handlers: list[HandlerFacts]) -> list[Candidate]:
    """Every handler as a candidate: those who pass the hard rules ranked 1..n first, then the others."""
    candidates = []
    for handler in handlers:
        match = bool(case.matter_code) and case.matter_code in handler.specialty_codes
        candidate = Candidate(handler=handler, specialty_match=match, failures=hard_rule_failures(case, handler))
        candidate.reasons = ranking_reasons(case, handler, match)
        candidates.append(candidate)

    def order(candidate: Candidate):
        handler = candidate.handler
        return (
            not candidate.specialty_match,
            handler.open_cases,
            not handler.behind_obligation,
            handler.last_assigned_at is not None,
            handler.last_assigned_at or datetime.min,
            handler.user_id,
        )

    eligible = sorted((c for c in candidates if c.eligible), key=order)
    for position, candidate in enumerate(eligible, start=1):
        candidate.rank = position
    ineligible = sorted((c for c in candidates if not c.eligible), key=lambda c: (c.handler.name, c.handler.user_id))
    return eligible + ineligible


def top_candidate(candidates: list[Candidate]) -> Candidate | None:
    return next((c for c in candidates if c.rank == 1), None)
