"""Cases: opening, assignment, handling, change of handler, termination, closing and subsidies.

Status changes happen only in `cases.services`; the models hold data and derived reads.
"""

from .archive import ArchiveEntry, CaseArchive, RetentionPeriod
from .board import GrantWatermark
from .case import Case, CaseParty, CaseTransition, NotificationGround, NotificationLetter
from .closing import CRIMINAL_OUTCOMES, ClosingSubmission, Outcome, Subsidy, SubsidyTransition
from .cooperation import CooperationRequest, DutyHelp
from .hearings import Hearing
from .rules import (
    AnnualObligation,
    CaseNumberCounter,
    CaseNumberSetting,
    ClosingChecklistItem,
    SubsidyExtra,
    SubsidyStandard,
)
from .work import Assignment, CaseDocument, CaseEvent, HandlerChange, Termination, TerminationGround, document_path

__all__ = [
    "CRIMINAL_OUTCOMES",
    "AnnualObligation",
    "ArchiveEntry",
    "Assignment",
    "Case",
    "CaseArchive",
    "CaseDocument",
    "CaseEvent",
    "CaseNumberCounter",
    "CaseNumberSetting",
    "CaseParty",
    "CaseTransition",
    "ClosingChecklistItem",
    "ClosingSubmission",
    "CooperationRequest",
    "DutyHelp",
    "GrantWatermark",
    "HandlerChange",
    "Hearing",
    "NotificationGround",
    "NotificationLetter",
    "Outcome",
    "RetentionPeriod",
    "Subsidy",
    "SubsidyExtra",
    "SubsidyStandard",
    "SubsidyTransition",
    "Termination",
    "TerminationGround",
    "document_path",
]
