"""The deadline board: every clock of every stage that is due soon or overdue, by kind.

Each section is a shared figure (`legalaid.figures`) that its app registers as a clock: cases'
own in `.sections`, intake's, eligibility's and supervision's beside their home panels. The home
panels and the work page read the same figures, so a count is the same on every page.

Sections with something overdue come first; within a section, rows are in due order. The
counts of all sections are one query, and each section with rows one more: the number of
queries does not depend on the rows.
"""

from datetime import date, timedelta

from django.utils import timezone

from legalaid import figures
from legalaid.figures import Item as BoardRow
from legalaid.kernel import repairs

from .sections import BOARD_KINDS  # importing it registers the cases clocks
from .watermark import grant_watermark_advance

# Beat's repair sweep keeps the grant clock's watermark near the present (every 15 minutes).
repairs.register("cases.grant_watermark", grant_watermark_advance)

BOARD_LIMIT = 20

__all__ = ["BOARD_KINDS", "BOARD_LIMIT", "BoardRow", "deadline_board"]


def deadline_board(
    user,
    *,
    today: date | None = None,
    organisation_id: int | None = None,
    handler_id: int | None = None,
    horizon_days: int = figures.HORIZON_DAYS,
    limit: int = BOARD_LIMIT,
) -> dict:
    """Everything due within `horizon_days` or overdue that the user may see, overdue first."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=horizon_days)
    clocks = [figure for figure in figures.registered() if figure.board and figures.may_see(figure, user)]
    sections = figures.sections(
        clocks,
        user,
        today=today,
        horizon=horizon,
        limit=limit,
        organisation_id=organisation_id,
        handler_id=handler_id,
    )
    sections.sort(key=lambda section: not section["overdue"])  # stable: the registered order within each
    return {"today": today, "horizon": horizon, "sections": sections}
