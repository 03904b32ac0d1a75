"""Views: parse input, call one service or selector, render; domain errors become form errors.

Split by noun; `urls.py` names them through this package.
"""

from .cards import card_detail, card_issue, card_list, card_pdf, card_revoke
from .decisions import (
    application_decide,
    application_eligibility,
    assessment_create,
    decision_detail,
    decision_pdf,
    decision_queue,
)
from .objections import objection_create, objection_decide, objection_detail, objection_list
from .rules import rules
from .spot_checks import spot_check_detail, spot_check_list

__all__ = [
    "application_decide",
    "application_eligibility",
    "assessment_create",
    "card_detail",
    "card_issue",
    "card_list",
    "card_pdf",
    "card_revoke",
    "decision_detail",
    "decision_pdf",
    "decision_queue",
    "objection_create",
    "objection_decide",
    "objection_detail",
    "objection_list",
    "rules",
    "spot_check_detail",
    "spot_check_list",
]
