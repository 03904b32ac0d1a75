"""Every write and every state change of a case, split by noun.

Each transition takes `actor=` (a user, `SYSTEM` or `PUBLIC`), runs in one transaction, locks the
row (`legalaid.kernel.locked`), checks the permission and the scope through `cases.selectors`,
asks the predicate of `predicates` whether the current state allows it, and changes the status
only through `legalaid.kernel.transition` / `record_transition`, which write the attributed history
row. Refusals are `DomainError` with a translated message. Side effects are written in the same
transaction (`hooks.run_case_assigned`, `legalaid.kernel.outbox`).

Other apps import the services from here (`from cases import services`).
"""

from .assignment import case_assign, handler_change_decide, handler_change_request
from .closing import case_archive, closing_review, closing_submit
from .cooperation import (
    cooperation_answer,
    cooperation_answer_statuses,
    cooperation_may_answer,
    cooperation_request_create,
)
from .duty import duty_help_record
from .handling import case_document_upload, case_end_record, case_event_record, case_handler_event_log
from .opening import (
    case_number_allocate,
    case_open_from_application,
    case_open_from_notification,
    case_open_pre_provision,
    pre_provision_refusal,
)
from .parties import case_coordinator_set, case_parties_add
from .predicates import case_actions
from .subsidies import (
    subsidy_actions,
    subsidy_apply_quality_adjustment,
    subsidy_approve,
    subsidy_mark_paid,
    subsidy_recompute,
)
from .termination import (
    case_terminate,
    false_pledge_proposals_repair,
    termination_correct,
    termination_correction_refusal,
    termination_decline,
    termination_objection_record,
    termination_propose,
    termination_propose_for_false_pledge,
    termination_report,
)

__all__ = [
    "case_actions",
    "case_archive",
    "case_assign",
    "case_coordinator_set",
    "case_document_upload",
    "case_end_record",
    "case_event_record",
    "case_handler_event_log",
    "case_number_allocate",
    "case_open_from_application",
    "case_open_from_notification",
    "case_open_pre_provision",
    "case_parties_add",
    "case_terminate",
    "closing_review",
    "closing_submit",
    "cooperation_answer",
    "cooperation_answer_statuses",
    "cooperation_may_answer",
    "cooperation_request_create",
    "duty_help_record",
    "false_pledge_proposals_repair",
    "handler_change_decide",
    "handler_change_request",
    "subsidy_actions",
    "subsidy_apply_quality_adjustment",
    "subsidy_approve",
    "subsidy_mark_paid",
    "subsidy_recompute",
    "pre_provision_refusal",
    "termination_correct",
    "termination_correction_refusal",
    "termination_decline",
    "termination_objection_record",
    "termination_propose",
    "termination_propose_for_false_pledge",
    "termination_report",
]
