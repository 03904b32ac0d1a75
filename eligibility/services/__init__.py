"""Every write of eligibility, split by noun; this package re-exports what views and other apps call.

Each service takes `actor=` (a user or `SYSTEM`), checks the permission and the scope through
eligibility's and intake's selectors, runs in a transaction on locked rows, changes a status only
through the kernel's `transition()` (leaving an attributed history row), and raises `DomainError`
with a translated message when a rule forbids the action. A `*_refusal(...)` predicate says why an
action is not allowed now; views use the same predicate to decide whether to show its button.
"""

from .assessments import (
    ClaimInput,
    MemberInput,
    assessment_create,
    assessment_refusal,
    claims_initial,
    latest_assessment,
)
from .cards import card_issue, card_revoke, card_revoke_refusal
from .common import application_date, application_region
from .decisions import (
    application_decide,
    decision_refusal,
    decision_reopen,
    decision_reopen_refusal,
)
from .objections import (
    objection_decide,
    objection_decide_refusal,
    objection_file,
    objection_filing_refusal,
)
from .recoveries import recovery_update
from .rules import standard_create, standard_whatif
from .spot_checks import (
    draw_monthly_spot_checks,
    spot_check_record,
    spot_check_record_refusal,
    spot_checks_draw,
)

__all__ = [
    "ClaimInput",
    "MemberInput",
    "application_date",
    "application_decide",
    "application_region",
    "assessment_create",
    "assessment_refusal",
    "claims_initial",
    "card_issue",
    "card_revoke",
    "card_revoke_refusal",
    "decision_refusal",
    "decision_reopen",
    "decision_reopen_refusal",
    "draw_monthly_spot_checks",
    "latest_assessment",
    "objection_decide",
    "objection_decide_refusal",
    "objection_file",
    "objection_filing_refusal",
    "recovery_update",
    "spot_check_record",
    "spot_check_record_refusal",
    "spot_checks_draw",
    "standard_create",
    "standard_whatif",
]
