"""Shared figures: every count shown on more than one page is defined once, by name, here.

A figure is the set of records a user has waiting (applications pending a decision, grants to open,
visits due…): a queryset scoped by the owning app's selector. Its total and its overdue count are
read through this module by every page that shows them — the home panels, the work page
(我的待办), the deadline board — so no two pages can count the same thing differently.

legalaid imports no lifecycle app: each app registers the figures it owns (in the module that
registers its home panels), with how a row is shown and which action it links to. A figure that
is a clock (its rows have a due date) is also a section of the deadline board.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

HORIZON_DAYS = 7  # "due soon": a week ahead, the longest statutory clock before a decision
SOON_DAYS = 2


@dataclass(frozen=True)
class Urgency:
    level: str  # "overdue", "today", "soon", "later"
    days_left: int

    @property
    def label(self) -> str:
        if self.level == "overdue":
            days = -self.days_left
            return ngettext("已逾期 %(days)s 天", "已逾期 %(days)s 天", days) % {"days": days}
        if self.level == "today":
            return _("今日到期")
        return ngettext("剩余 %(days)s 天", "剩余 %(days)s 天", self.days_left) % {"days": self.days_left}

    @property
    def css(self) -> str:
        return {"overdue": "badge-overdue", "today": "badge-due-today", "soon": "text-bg-warning"}.get(
            self.level, "text-bg-light border"
        )


def urgency(due: date | None, today: date) -> Urgency | None:
    if due is None:
        return None
    days_left = (due - today).days
    if days_left < 0:
        level = "overdue"
    elif days_left == 0:
        level = "today"
    elif days_left <= SOON_DAYS:
        level = "soon"
    else:
        level = "later"
    return Urgency(level, days_left)


@dataclass
class Item:
    """One record awaiting someone, as a row of the board or of the work page."""

    title: str
    detail: str
    url: str  # the next action; empty when the user may not follow it (no dead link is shown)
    due: date | None = None
    action: str = ""
    kind: str = ""
    label: str = ""
    urgency: Urgency | None = None


@dataclass(frozen=True)
class Figure:
    """A named count with its rows.

    `rows(user, today, horizon)` returns the counted records, scoped to the user and in due order;
    a clock includes only what falls due by `horizon` (and everything overdue). `overdue(today)` is
    the condition on those rows that makes one overdue. `item(user, row, today)` shows a row.
    `roles`: whose work it is (listed on their work page); `board`: a clock on the deadline board.
    `narrow(rows, organisation_id, handler_id)` applies the board's filters, or returns None when
    the figure has no meaning under them (no application has a handler).
    """

    name: str
    label: Any
    rows: Callable[[Any, date, date], QuerySet]
    item: Callable[[Any, Any, date], Item]
    overdue: Callable[[date], Q] | None = None
    permission: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    board: bool = True
    narrow: Callable[[QuerySet, int | None, int | None], QuerySet | None] | None = None
    order: int = 100
    list_url: str = ""  # URL name of the full list, for "all N" links


_figures: dict[str, Figure] = {}


def register(figure: Figure) -> None:
    _figures[figure.name] = figure


def get(name: str) -> Figure:
    return _figures[name]


def registered() -> list[Figure]:
    return sorted(_figures.values(), key=lambda f: (f.order, f.name))


def may_see(figure: Figure, user) -> bool:
    return figure.permission is None or user.has_perm(figure.permission)


def horizon_for(today: date, days: int = HORIZON_DAYS) -> date:
    return today + timedelta(days=days)


# Counts already read in this request: the home page shows a figure in several panels (the work
# panel, the deadlines panel, the app's own panel) and counts it once.
_counted: ContextVar[dict | None] = ContextVar("figures_counted", default=None)


@contextmanager
def counted_once() -> Iterator[None]:
    """Within the block (one request), each figure's counts for a user and day are read once.

    Only around a request: a test or a task that changes records between two reads must not see
    the first count again."""
    token = _counted.set({})
    try:
        yield
    finally:
        _counted.reset(token)


def _remember(key: tuple, compute: Callable[[], dict[str, int]]) -> dict[str, int]:
    counted = _counted.get()
    if counted is None:
        return compute()
    if key not in counted:
        counted[key] = compute()
    return counted[key]


def totals(name: str, user, today: date | None = None, horizon: date | None = None) -> dict[str, int]:
    """{"total", "overdue"} of one figure for the user, in one aggregate query."""
    figure = get(name)
    today = today or timezone.localdate()
    horizon = horizon or horizon_for(today)
    return _remember(
        (name, user.pk, today, horizon),
        lambda: _counts([(figure, figure.rows(user, today, horizon))], today)[name],
    )


def _count_part(figure: Figure, rows: QuerySet, today: date) -> tuple[str, list] | None:
    """One figure's (name, total, overdue) as SQL over its rows' own query; None when the rows are
    empty by construction (Django finds the WHERE can match nothing).

    The rows' query is compiled once, selecting only the overdue flag, and counted around: an
    aggregate built through the ORM (a constant name, two counts, the union of a dozen of them) cost
    the board and the work page more Python than all their SQL took to run."""
    overdue = figure.overdue(today) if figure.overdue else Q(pk__isnull=True)  # never true: none overdue
    flags = rows.order_by().annotate(figure_overdue=ExpressionWrapper(overdue, output_field=BooleanField()))
    query = flags.values_list("pk", "figure_overdue").query  # the key too: a DISTINCT stays per row
    try:
        sql, params = query.get_compiler(using=rows.db).as_sql()
    except EmptyResultSet:
        return None
    return (
        f"SELECT %s, COUNT(*), COUNT(CASE WHEN figure_rows.figure_overdue THEN 1 END) FROM ({sql}) figure_rows",
        [figure.name, *params],
    )


def _counts(chosen: list[tuple[Figure, QuerySet]], today: date) -> dict[str, dict[str, int]]:
    """The counts of every figure given, in one query (a UNION ALL of their aggregates): one round
    trip and one plan for a board of a dozen clocks, most of them empty on a given day."""
    counts = {figure.name: {"total": 0, "overdue": 0} for figure, _rows in chosen}
    parts = [part for figure, rows in chosen if (part := _count_part(figure, rows, today))]
    if not parts:
        return counts
    sql = " UNION ALL ".join(part_sql for part_sql, _params in parts)
    params = [param for _sql, part_params in parts for param in part_params]
    with connections[chosen[0][1].db].cursor() as cursor:
        cursor.execute(sql, params)
        for name, total, overdue in cursor.fetchall():
            counts[name] = {"total": total, "overdue": overdue}
    return counts


def sections(
    chosen: list[Figure],
    user,
    *,
    today: date,
    horizon: date,
    limit: int,
    organisation_id: int | None = None,
    handler_id: int | None = None,
) -> list[dict]:
    """Each figure's total, overdue count and first `limit` rows in due order.

    The counts of all the figures are read in one query; then the rows of each figure that has
    any, on their own, so that the database walks the index in due order and stops after `limit`
    rows. So one query, plus one per non-empty figure: the number of queries does not depend on
    how many rows there are. Under the board's filters (`organisation_id`, `handler_id`) a figure
    without meaning there is left out.
    """
    narrowed = bool(organisation_id or handler_id)
    counted = None if narrowed else _counted.get()

    def scoped_rows(figure: Figure) -> QuerySet | None:
        rows = figure.rows(user, today, horizon)
        if narrowed:
            return figure.narrow(rows, organisation_id, handler_id) if figure.narrow else None
        return rows

    # A figure already counted in this request (the home page's panels share them) is not built again
    # unless it has rows to show: its queryset costs more Python to build than its count costs to read.
    shown = []  # (figure, key, rows: None while not built)
    for figure in chosen:
        key = (figure.name, user.pk, today, horizon)
        known = counted is not None and key in counted
        rows = None if known else scoped_rows(figure)
        if rows is None and not known:
            continue  # no meaning under the board's filters
        shown.append((figure, key, rows))
    fresh = _counts([(figure, rows) for figure, _key, rows in shown if rows is not None], today)
    counts = {key: fresh[figure.name] if rows is not None else counted[key] for figure, key, rows in shown}
    if counted is not None:
        counted.update(counts)
    result = []
    for figure, key, rows in shown:
        total = counts[key]["total"]
        found = list((rows if rows is not None else scoped_rows(figure))[:limit]) if limit and total else []
        items = []
        for row in found:
            item = figure.item(user, row, today)
            item.kind, item.label = figure.name, str(figure.label)
            item.urgency = urgency(item.due, today)
            items.append(item)
        result.append({"kind": figure.name, "label": figure.label, "rows": items, **counts[key]})
    return result
