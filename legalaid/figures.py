"""Shared figures: every count shown on more than one page is defined once, by name, here.

A figure is the set of records a user has waiting (applications pending a decision, grants to open,
visits due…): a queryset scoped by the owning app's selector. Its total and its overdue count are
read through this module by every page that shows them — the home panels, the work page
(我的待办), the deadline board — so no two pages can count the same thing differently.

legalaid imports no lifecycle app: each app registers the figures it owns (in the module that
registers its home panels), with how a row is shown and which action it links to. A figure that
is a clock (its rows have a due date) is also a section of the deadline board.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta
from threading import Lock
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .selectors import scope_key

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
    `rows` reads nothing from the database but the user's scope (`legalaid.selectors.scope_key`) and
    what `reads` returns: its count statement is kept by those (tests/legalaid/test_figures.py).
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
    # What `rows` reads from the database besides the user's scope (the grant clock's mark), as a value:
    # part of the key its count statement is kept by (see `_statement`).
    reads: Callable[[Any], Hashable] | None = None


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
        lambda: _counts([(figure, _statement(figure, user, today, horizon)[0])])[name],
    )


def counts(names: list[str], user, today: date | None = None) -> dict[str, dict[str, int]]:
    """{name: {"total", "overdue"}} of several figures for the user, in one query."""
    today = today or timezone.localdate()
    chosen = [get(name) for name in names]
    found = sections(chosen, user, today=today, horizon=horizon_for(today), limit=0)
    return {section["kind"]: {"total": section["total"], "overdue": section["overdue"]} for section in found}


@dataclass(frozen=True)
class _Count:
    """A figure's count as SQL: (name, total, overdue) over its rows' own query, on `alias`; `sql` is
    empty when the rows are empty by construction (Django finds the WHERE can match nothing)."""

    sql: str
    params: tuple
    alias: str


# A figure's count statement for a user's scope, a day and the board's filters, kept by the process: each
# is built and compiled once a day per user, not on each of their pages. Built and compiled through the
# ORM, the counts cost the board, the home page and 我的待办 more Python than all their SQL took to run
# (a third of the home page's time at 1,000,000 cases). The most recent are kept.
_KEPT_STATEMENTS = 4096
_kept: OrderedDict[tuple, _Count | None] = OrderedDict()
_kept_lock = Lock()


def forget_statements() -> None:
    """Drop every kept count statement (between tests: a statement is kept by ids a test reuses)."""
    with _kept_lock:
        _kept.clear()


def _statement(figure: Figure, user, today: date, horizon: date, organisation_id=None, handler_id=None):
    """(the figure's count, its rows' queryset or None): the count None when the figure has no meaning
    under the board's filters; the queryset None when the count was kept (the rows are built again
    only to be shown). The key is all the statement is made of: the user's scope and the rows' own
    reads, the day, the horizon and the filters."""
    key = (
        figure.name,
        scope_key(user),
        figure.reads(user) if figure.reads else None,
        today,
        horizon,
        organisation_id,
        handler_id,
    )
    with _kept_lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key], None
    rows = _scoped_rows(figure, user, today, horizon, organisation_id, handler_id)
    count = None if rows is None else _count_sql(figure, rows, today)
    with _kept_lock:
        _kept[key] = count
        if len(_kept) > _KEPT_STATEMENTS:
            _kept.popitem(last=False)
    return count, rows


def _scoped_rows(figure: Figure, user, today: date, horizon: date, organisation_id, handler_id) -> QuerySet | None:
    rows = figure.rows(user, today, horizon)
    if organisation_id or handler_id:
        return figure.narrow(rows, organisation_id, handler_id) if figure.narrow else None
    return rows


def _count_sql(figure: Figure, rows: QuerySet, today: date) -> _Count:
    """The rows' query, compiled selecting only the overdue flag, and counted around: an aggregate built
    through the ORM (a constant name, two counts, the union of a dozen of them) cost the board and the
    work page more Python than all their SQL took to run."""
    overdue = figure.overdue(today) if figure.overdue else Q(pk__isnull=True)  # never true: none overdue
    flags = rows.order_by().annotate(figure_overdue=ExpressionWrapper(overdue, output_field=BooleanField()))
    query = flags.values_list("pk", "figure_overdue").query  # the key too: a DISTINCT stays per row
    try:
        sql, params = query.get_compiler(using=rows.db).as_sql()
    except EmptyResultSet:
        return _Count("", (), rows.db)
    return _Count(
        f"SELECT %s, COUNT(*), COUNT(CASE WHEN figure_rows.figure_overdue THEN 1 END) FROM ({sql}) figure_rows",
        (figure.name, *params),
        rows.db,
    )


def _counts(chosen: list[tuple[Figure, _Count]]) -> dict[str, dict[str, int]]:
    """The counts of every figure given, in one query (a UNION ALL of their aggregates): one round
    trip and one plan for a board of a dozen clocks, most of them empty on a given day."""
    counts = {figure.name: {"total": 0, "overdue": 0} for figure, _count in chosen}
    parts = [count for _figure, count in chosen if count.sql]
    if not parts:
        return counts
    sql = " UNION ALL ".join(count.sql for count in parts)
    params = [param for count in parts for param in count.params]
    with connections[parts[0].alias].cursor() as cursor:
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

    # A figure already counted in this request (the home page's panels share them) is not read again; nor
    # is its queryset built unless it has rows to show (see `_statement`).
    shown = []  # (figure, key, its count statement, rows: None while not built)
    for figure in chosen:
        key = (figure.name, user.pk, today, horizon)
        if counted is not None and key in counted:
            shown.append((figure, key, None, None))
            continue
        count, rows = _statement(figure, user, today, horizon, organisation_id, handler_id)
        if count is not None:  # else no meaning under the board's filters
            shown.append((figure, key, count, rows))
    fresh = _counts([(figure, count) for figure, _key, count, _rows in shown if count is not None])
    counts = {key: counted[key] if count is None else fresh[figure.name] for figure, key, count, _rows in shown}
    if counted is not None:
        counted.update(counts)
    result = []
    for figure, key, _count, rows in shown:
        total = counts[key]["total"]
        if limit and total:
            rows = rows if rows is not None else _scoped_rows(figure, user, today, horizon, organisation_id, handler_id)
            found = list(rows[:limit])
        else:
            found = []
        items = []
        for row in found:
            item = figure.item(user, row, today)
            item.kind, item.label = figure.name, str(figure.label)
            item.urgency = urgency(item.due, today)
            items.append(item)
        result.append({"kind": figure.name, "label": figure.label, "rows": items, **counts[key]})
    return result
