"""Subqueries PostgreSQL plans on their own, where planning them with the outer query goes wrong.

`OFFSET 0` is PostgreSQL's documented optimisation fence: a subquery with it is not pulled up into the
outer query, so it is planned for all its rows and the outer query then orders the few it returns.
"""

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL


def pk_in_planned_apart(queryset: QuerySet) -> Q:
    """`pk IN (the queryset's keys)`, the subquery planned apart on PostgreSQL (as it is elsewhere).

    For a small set found by an anti-join in a large one (the closed cases not yet scored: a few hundred of
    a centre's 11,000): pulled up, the anti-join is walked in the list's order, one probe per case, for
    the planner cannot know how few cases survive it (24 ms at 1,000,000 cases); apart, it is one hash
    anti-join of two index-only scans, then a sort of the few (5 ms)."""
    keys = queryset.order_by().values("pk")
    if connection.vendor != "postgresql":
        return Q(pk__in=keys)
    sql, params = keys.query.sql_with_params()
    return Q(pk__in=RawSQL(f"{sql} OFFSET 0", params))
