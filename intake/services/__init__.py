"""Every write of intake records and every change of a status, split by noun.

Each transition is one function named for it: it takes `actor=` (a user, `SYSTEM` or `PUBLIC`),
checks the permission and the scope through intake's selectors, locks the row, moves the status
with `legalaid.kernel.transition` (which writes the attributed history row) and leaves side effects
(PDFs, letters) to the outbox. The names other apps import are re-exported here.
"""

from .applications import (
    application_mark_urgent,
    application_submit,
    application_update_details,
    application_withdraw,
    attachments_add,
    opposing_party_add,
)
from .attachments import ScanUpload
from .consultations import consultation_call_back, consultation_record
from .home_visits import home_visit_book, home_visit_cancel, home_visit_complete, may_be_visited
from .notices import (
    application_deem_withdrawn,
    deem_overdue_applications_withdrawn,
    letter_store_pdf,
    materials_supply,
    notice_issue,
    notice_store_pdf,
    repair_missing_pdfs,
)
from .persons import (
    PERSON_FIELDS,
    consultation_person,
    consultation_visitor,
    normalise_person_fields,
    person_create,
    person_to_reuse,
    person_update,
)
from .public import public_application_submit
from .review import (
    application_accept,
    application_pre_provide,
    application_record_decision,
    application_reopen,
    preliminary_review_submit,
)

__all__ = [
    "PERSON_FIELDS",
    "ScanUpload",
    "application_accept",
    "application_deem_withdrawn",
    "application_mark_urgent",
    "application_pre_provide",
    "application_record_decision",
    "application_reopen",
    "application_submit",
    "application_update_details",
    "application_withdraw",
    "attachments_add",
    "consultation_call_back",
    "consultation_person",
    "consultation_visitor",
    "consultation_record",
    "deem_overdue_applications_withdrawn",
    "home_visit_book",
    "home_visit_cancel",
    "home_visit_complete",
    "letter_store_pdf",
    "materials_supply",
    "may_be_visited",
    "normalise_person_fields",
    "notice_issue",
    "notice_store_pdf",
    "opposing_party_add",
    "person_create",
    "person_to_reuse",
    "person_update",
    "preliminary_review_submit",
    "public_application_submit",
    "repair_missing_pdfs",
]
