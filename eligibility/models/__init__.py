from .cards import LegalAidCard
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
    "DocumentSequence",
    "EffectiveDated",
    "HardshipStandard",
    "LegalAidCard",
    "MatterScope",
    "PriorityGroup",
    "SpotCheckPolicy",
    "WaiverCategory",
]
