"""Supervision views, split by noun. Views parse input, call one service or selector, and render;
a `DomainError` becomes a form error or a message."""

from .activities import activity_add, activity_opinion
from .cards import card_batch, card_batch_pdf, card_enter, card_pdf_view, card_rates_xlsx, cards
from .complaints import complaint_detail, complaint_new, complaints
from .enforcement import enforcement, enforcement_new, watch_detail, watch_letter
from .follow_ups import flag_resolve, flags, visit_cancel, visit_record, visit_schedule, visits
from .overview import bulletin_detail, bulletin_pdf, bulletins, case_page, handler_record, index, stale
from .public import card_lookup, card_rate, complaint_public
from .quality import assessment_detail, assessment_finalise, assessment_start, queue, review_add, sample

__all__ = [
    "activity_add",
    "activity_opinion",
    "assessment_detail",
    "assessment_finalise",
    "assessment_start",
    "bulletin_detail",
    "bulletin_pdf",
    "bulletins",
    "card_batch",
    "card_batch_pdf",
    "card_enter",
    "card_lookup",
    "card_pdf_view",
    "card_rate",
    "complaint_public",
    "card_rates_xlsx",
    "cards",
    "case_page",
    "complaint_detail",
    "complaint_new",
    "complaints",
    "enforcement",
    "enforcement_new",
    "flag_resolve",
    "flags",
    "handler_record",
    "index",
    "queue",
    "review_add",
    "sample",
    "stale",
    "visit_cancel",
    "visit_record",
    "visit_schedule",
    "visits",
    "watch_detail",
    "watch_letter",
]
