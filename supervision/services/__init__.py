"""Every write of supervision, split by noun; this package re-exports the services other modules use.

Services take `actor=` (a user, SYSTEM or PUBLIC), run in one transaction, check permission and
scope through the kernel (`legalaid.kernel`), refuse with a translated `DomainError`, change every
status through `transition()` so each leaves an attributed history row, write to the case's
timeline through the cases app's service, and hand side effects to the outbox.
"""

from .activities import activity_opinion_receive, activity_record
from .bulletins import bulletin_claim, bulletin_generate, bulletin_request, bulletins_generate_month, bulletins_repair
from .cards import (
    card_batch_render,
    card_batch_request,
    card_batches_repair,
    card_issue,
    card_response_refusal,
    card_response_submit,
    cards_repair,
)
from .common import add_working_days, holiday_calendar
from .complaints import (
    complaint_accept,
    complaint_actions,
    complaint_conclude,
    complaint_decline,
    complaint_register,
    complaint_reply,
    complaint_submit_public,
)
from .enforcement import (
    enforcement_close,
    enforcement_letter_printed,
    enforcement_register,
    enforcement_reminders_due,
    instalment_record,
    watch_refusal,
)
from .flags import flag_resolve, flags_raise
from .follow_ups import (
    follow_up_cancel,
    follow_up_record,
    follow_up_schedule,
    follow_ups_cancel_for_ended_cases,
    follow_ups_schedule_due,
    follow_ups_schedule_for_assignment,
)
from .quality import (
    assessment_finalise,
    assessment_review_record,
    assessment_start,
    grade_for,
    rubric_snapshot,
    sample_draw,
)

__all__ = [
    "activity_opinion_receive",
    "activity_record",
    "add_working_days",
    "assessment_finalise",
    "assessment_review_record",
    "assessment_start",
    "bulletin_claim",
    "bulletin_generate",
    "bulletin_request",
    "bulletins_generate_month",
    "bulletins_repair",
    "card_batch_render",
    "card_batch_request",
    "card_batches_repair",
    "card_issue",
    "card_response_refusal",
    "card_response_submit",
    "cards_repair",
    "complaint_accept",
    "complaint_actions",
    "complaint_conclude",
    "complaint_decline",
    "complaint_register",
    "complaint_submit_public",
    "complaint_reply",
    "enforcement_close",
    "enforcement_letter_printed",
    "enforcement_register",
    "enforcement_reminders_due",
    "flag_resolve",
    "flags_raise",
    "follow_up_cancel",
    "follow_up_record",
    "follow_up_schedule",
    "follow_ups_cancel_for_ended_cases",
    "follow_ups_schedule_due",
    "follow_ups_schedule_for_assignment",
    "grade_for",
    "holiday_calendar",
    "instalment_record",
    "rubric_snapshot",
    "sample_draw",
    "watch_refusal",
]
