"""The statutory clock of an application, as pure date arithmetic (no database).

LAL 43: the centre decides within 7 days of receiving an application; the days spent
supplementing materials after a one-time notice are not counted. LAL 44: when fewer than
7 days remain before a limitation period or procedural deadline, or preservation or advance
execution is needed, legal aid may be provided first and the materials completed afterwards.
"""

from datetime import date, datetime, timedelta

DECISION_DAYS = 7
URGENT_THRESHOLD_DAYS = 7
DEFAULT_NOTICE_DAYS = 15


def decision_due(received: date, paused_days: int = 0) -> date:
    """The date by which the centre must decide: receipt + 7 days + days spent paused."""
    return received + timedelta(days=DECISION_DAYS + max(paused_days, 0))


def same_day_due(due: date, received: date, *, simplified: bool) -> date:
    """The simplified path (即申即批) is decided on the day of receipt; otherwise the due date stands."""
    return min(due, received) if simplified else due


def days_paused(paused_from: date, resumed_on: date) -> int:
    """Calendar days the clock stood still: the notice day up to the day materials arrived."""
    return max((resumed_on - paused_from).days, 0)


def effective_due(due: date, paused_from: date | None, today: date) -> date:
    """The due date as it stands today: while paused it moves forward one day per day."""
    if paused_from is None:
        return due
    return due + timedelta(days=days_paused(paused_from, today))


def days_to_deadline(deadline: date | None, today: date) -> int | None:
    return None if deadline is None else (deadline - today).days


def is_urgent(deadline: date | None, today: date, needs_preservation: bool = False) -> bool:
    """Urgent pre-provision applies (LAL 44)."""
    if needs_preservation:
        return True
    remaining = days_to_deadline(deadline, today)
    return remaining is not None and remaining < URGENT_THRESHOLD_DAYS


def due_state(due: date, today: date) -> str:
    """'overdue', 'due_today', 'due_soon' (within 2 days) or 'on_time'."""
    if due < today:
        return "overdue"
    if due == today:
        return "due_today"
    if (due - today).days <= 2:
        return "due_soon"
    return "on_time"


def forwarded_late(applied_at: datetime | None, received_at: datetime, hours: int | None) -> bool:
    """A detention centre or duty lawyer must forward an application within 24 hours (LAL 39)."""
    if applied_at is None or hours is None:
        return False
    return received_at - applied_at > timedelta(hours=hours)


def notice_lapsed(due: date, today: date) -> bool:
    """A one-time notice lapses the day after its due date."""
    return today > due
