"""Where an application's decision clock stands (LAL 43: seven days; the simplified path: the same day).

Pure: dates in, state out. The decision queue shows it and the home panel counts by the same rule.
"""

from dataclasses import dataclass
from datetime import date

from intake.clock import same_day_due

DUE_SOON_DAYS = 2


@dataclass(frozen=True)
class DecisionClock:
    due: date
    days_left: int

    @property
    def overdue_days(self) -> int:
        return -self.days_left

    @property
    def state(self) -> str:
        if self.days_left < 0:
            return "overdue"
        if self.days_left == 0:
            return "due_today"
        return "due_soon" if self.days_left <= DUE_SOON_DAYS else "ok"


def decision_clock(decision_due_on: date, received_on: date, *, simplified: bool, today: date) -> DecisionClock:
    due = same_day_due(decision_due_on, received_on, simplified=simplified)
    return DecisionClock(due, (due - today).days)
