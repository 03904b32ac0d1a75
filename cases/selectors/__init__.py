"""Reads of cases, always scoped to what the user may see; split by noun.

Other apps import from here (`from cases.selectors import cases_for_user`).
"""

from .board import BOARD_KINDS, deadline_board
from .case import (
    assignment_candidates,
    case_application_attachment,
    case_application_file,
    case_facts,
    case_parties,
    case_timeline,
    checklist_items,
    handler_conflicts,
    handler_facts,
    has_mediation_attempt,
)
from .handoffs import (
    applications_to_pre_provide,
    cooperation_received,
    corrections_to_carry_out,
    termination_proposals,
)
from .scope import (
    CASE_RELATED,
    applications_to_open,
    case_for_user,
    cases_for_user,
    centres_for_user,
    cooperation_for_user,
    cooperation_for_user_pk,
    coordinator_choices,
    duty_helps_for_user,
    duty_lawyers,
    duty_workstations_for_user,
    subsidies_for_user,
    subsidy_for_user,
    subsidy_list,
    visible_centre_ids,
)
from .search import CaseQuery, case_search, case_search_page, handler_roster_for_user, my_case_counts, my_cases

__all__ = [
    "BOARD_KINDS",
    "CASE_RELATED",
    "CaseQuery",
    "applications_to_open",
    "applications_to_pre_provide",
    "cooperation_received",
    "corrections_to_carry_out",
    "termination_proposals",
    "coordinator_choices",
    "duty_lawyers",
    "duty_workstations_for_user",
    "assignment_candidates",
    "case_application_attachment",
    "case_application_file",
    "case_facts",
    "case_for_user",
    "case_parties",
    "case_search",
    "case_search_page",
    "case_timeline",
    "cases_for_user",
    "centres_for_user",
    "checklist_items",
    "cooperation_for_user",
    "cooperation_for_user_pk",
    "deadline_board",
    "duty_helps_for_user",
    "handler_roster_for_user",
    "handler_conflicts",
    "handler_facts",
    "has_mediation_attempt",
    "my_case_counts",
    "my_cases",
    "subsidies_for_user",
    "subsidy_for_user",
    "subsidy_list",
    "visible_centre_ids",
]
