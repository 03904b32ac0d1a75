"""Supervision models, split by area."""

from .config import Holiday, SupervisionPolicy
from .quality import GradeBand, QualityGrade, QualityRubric, RubricItem

__all__ = [
    "GradeBand",
    "Holiday",
    "QualityGrade",
    "QualityRubric",
    "RubricItem",
    "SupervisionPolicy",
]
