"""Views parse input, call one service or selector, and render. DomainError becomes a form error.

Split by noun; `cases.urls` names the views through this package.
"""

from .cases import (
    application_attachment,
    assignment_letter_pdf,
    assignment_notice_pdf,
    case_assign,
    case_detail,
    case_list,
    open_from_application,
    open_notification,
    open_queue,
)
from .cooperation import (
    cooperation_answer_file,
    cooperation_create,
    cooperation_detail,
    cooperation_list,
    deadline_board,
    duty_create,
    duty_list,
)
from .handling import (
    case_closing,
    case_coordinator,
    case_document,
    case_document_file,
    case_end,
    case_event,
    case_parties,
    case_review,
    my_cases,
)
from .pre_provision import open_pre_provision, pre_provision_queue
from .subsidies import subsidy_detail, subsidy_export, subsidy_list
from .termination import (
    case_terminate,
    handler_change_decide,
    handler_change_request,
    termination_correct,
    termination_decision_pdf,
    termination_decline,
    termination_objection,
    termination_report,
)

__all__ = [
    "application_attachment",
    "assignment_letter_pdf",
    "assignment_notice_pdf",
    "case_assign",
    "case_closing",
    "case_coordinator",
    "case_detail",
    "case_document",
    "case_document_file",
    "case_end",
    "case_event",
    "case_list",
    "case_parties",
    "case_review",
    "case_terminate",
    "cooperation_answer_file",
    "cooperation_create",
    "cooperation_detail",
    "cooperation_list",
    "deadline_board",
    "duty_create",
    "duty_list",
    "handler_change_decide",
    "handler_change_request",
    "my_cases",
    "open_from_application",
    "open_notification",
    "open_pre_provision",
    "open_queue",
    "pre_provision_queue",
    "subsidy_detail",
    "subsidy_export",
    "subsidy_list",
    "termination_correct",
    "termination_decision_pdf",
    "termination_decline",
    "termination_objection",
    "termination_report",
]
