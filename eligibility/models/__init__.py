from .cards import LegalAidCard
from .decisions import (
    OBJECTION_REVIEW_DAYS,
    ClaimedCategory,
    Decision,
    HouseholdMember,
    MeansAssessment,
    Objection,
    ObjectionTransition,
    Outcome,
    PledgeSpotCheck,
    PledgeText,
    Recovery,
    RefusalReason,
    SpotCheckDraw,
)
from .rules import (
    EffectiveDated,
    HardshipStandard,
    MatterScope,
    PriorityGroup,
    SpotCheckPolicy,
    WaiverCategory,
)
from .sequences import DocumentSequence

__all__ = [
    "OBJECTION_REVIEW_DAYS",
    "ClaimedCategory",
    "Decision",
    "HouseholdMember",
    "MeansAssessment",
    "Objection",
    "ObjectionTransition",
    "Outcome",
    "PledgeSpotCheck",
    "PledgeText",
    "Recovery",
    "RefusalReason",
    "SpotCheckDraw",
    "DocumentSequence",
    "EffectiveDated",
    "HardshipStandard",
    "LegalAidCard",
    "MatterScope",
    "PriorityGroup",
    "SpotCheckPolicy",
    "WaiverCategory",
]
