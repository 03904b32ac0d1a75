"""Supervision models, split by area."""

from .activities import FollowUpVisit, SupervisionActivity, SupervisionFlag
from .assessments import AssessmentTransition, ItemScore, QualityAssessment, QualityReview
from .bulletins import MonthlyBulletin
from .cards import CardBatch, CardResponse, SupervisionCard
from .common import SATISFACTION_CHOICES, MoneyAnswer, YesNo, is_dissatisfied
from .complaints import Complaint, ComplaintTransition
from .config import Holiday, SupervisionPolicy
from .enforcement import EnforcementWatch, Instalment
from .quality import DEFAULT_BANDS, GradeBand, QualityGrade, QualityRubric, RubricItem
from .statistics import AnnualTarget, OrganisationObligation, StatisticsReport, StatisticsReportTransition

__all__ = [
    "DEFAULT_BANDS",
    "SATISFACTION_CHOICES",
    "AnnualTarget",
    "AssessmentTransition",
    "CardBatch",
    "CardResponse",
    "Complaint",
    "ComplaintTransition",
    "EnforcementWatch",
    "FollowUpVisit",
    "GradeBand",
    "Holiday",
    "Instalment",
    "ItemScore",
    "MoneyAnswer",
    "MonthlyBulletin",
    "OrganisationObligation",
    "QualityAssessment",
    "QualityGrade",
    "QualityReview",
    "QualityRubric",
    "RubricItem",
    "StatisticsReport",
    "StatisticsReportTransition",
    "SupervisionActivity",
    "SupervisionCard",
    "SupervisionFlag",
    "SupervisionPolicy",
    "YesNo",
    "is_dissatisfied",
]
