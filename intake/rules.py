"""What may be done to an application now: one predicate per action, shared by service and page.

A service refuses what its predicate refuses (the status through `transition(allowed_from=...)`,
the rest with its own message); the application page shows a button only where the same
predicate and the same permission allow it. No database access here beyond the objects given.
"""

from datetime import date

from . import clock
from .models import Application, MaterialsNotice

Status = Application.Status

ACCEPT_FROM = (Status.RECEIVED,)
PRELIMINARY_REVIEW_FROM = (Status.PRELIMINARY_REVIEW,)
NOTICE_FROM = (Status.RECEIVED, Status.PRELIMINARY_REVIEW, Status.UNDER_REVIEW)
DEEM_WITHDRAWN_FROM = (Status.AWAITING_MATERIALS,)
REOPEN_FROM = (Status.REFUSED,)
OPEN = Application.OPEN_STATUSES


def urgent_today(application: Application, today: date) -> bool:
    """Flagged urgent, or urgent by its deadline or need for preservation today (LAL 44)."""
    return application.is_urgent or clock.is_urgent(application.deadline_date, today, application.needs_preservation)


def decision_from(application: Application) -> tuple[str, ...]:
    """A decision is made in review; urgent or pre-provided ones also while materials are awaited."""
    if application.pre_provision_at or application.is_urgent:
        return (Status.UNDER_REVIEW, Status.AWAITING_MATERIALS)
    return (Status.UNDER_REVIEW,)


def notice_permission(application: Application) -> str:
    """A workstation issues the notice during its preliminary review; the centre afterwards."""
    if application.status == Status.PRELIMINARY_REVIEW:
        return "intake.issue_materials_notice"
    return "intake.review_application"


def notice_open(notice: MaterialsNotice | None) -> bool:
    return notice is not None and notice.is_open


def clock_state(application: Application, today: date) -> dict:
    """What a queue or page shows about the decision clock of one application (no queries)."""
    from django.utils import timezone

    paused_from = timezone.localdate(application.paused_since) if application.paused_since else None
    due = clock.effective_due(application.decision_due, paused_from, today)
    # Queue rows carry `simplified` (selectors.simplified_expression): the same-day path is due on receipt.
    due = clock.same_day_due(
        due, timezone.localdate(application.received_at), simplified=getattr(application, "simplified", False)
    )
    state = "paused" if application.status == Status.AWAITING_MATERIALS else clock.due_state(due, today)
    return {
        "due": due,
        "state": state,
        "days_left": (due - today).days,
        "overdue_days": max((today - due).days, 0),
        "deadline_days": clock.days_to_deadline(application.deadline_date, today),
    }


def available(application: Application, notice: MaterialsNotice | None, today: date) -> dict[str, tuple[bool, str]]:
    """For each action: (whether the application's state allows it, the permission it needs)."""
    status = application.status
    is_open = status in OPEN
    return {
        "edit": (is_open, "intake.change_application"),
        "review": (status in PRELIMINARY_REVIEW_FROM, "intake.preliminary_review_application"),
        "accept": (status in ACCEPT_FROM, "intake.review_application"),
        "notice": (notice is None and status in NOTICE_FROM, notice_permission(application)),
        "supply": (is_open and notice_open(notice), "intake.record_materials"),
        "urgent": (is_open and not application.is_urgent, "intake.change_application"),
        "pre_provide": (
            is_open and application.pre_provision_at is None and urgent_today(application, today),
            "intake.approve_pre_provision",
        ),
        "withdraw": (is_open, "intake.withdraw_application"),
        "upload": (is_open, "intake.change_application"),
        "add_party": (is_open, "intake.change_application"),
    }


def offered_actions(user, application: Application, notice: MaterialsNotice | None, today: date) -> dict[str, bool]:
    """The buttons the application page shows this user (the scope is already the page's)."""
    return {
        name: allowed and user.has_perm(permission)
        for name, (allowed, permission) in available(application, notice, today).items()
    }
