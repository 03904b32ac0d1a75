"""Figures that must not read the history: on PostgreSQL each is served by the partial index that bounds it to the
open (or not yet assessed) records, from the index alone (issue 14, item 6: the home page at 1,000,000 cases).

The tables of a test are tiny, so the planner is told not to scan them whole, and may then pick any index that
serves (which one depends on statistics the rest of the suite left behind); so each test drops the table's other
plain indexes inside its transaction and asks whether the partial index can serve the query."""

import pytest
from django.db import connection
from django.db.models import Count

from cases.selectors import applications_to_open
from intake.models import Application
from intake.selectors import applications_for_user
from supervision import selectors

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the partial indexes are PostgreSQL plans"),
]


@pytest.fixture(autouse=True)
def no_whole_table_scans():
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_bitmapscan = off")


def plan(queryset) -> str:
    return queryset.order_by().values("pk").explain()


def test_the_quality_queue_reads_the_waiting_cases_index_only(alice):
    """The closed cases not yet assessed are an index of their own (Case.assessed_at): the count reads it alone,
    the list walks it in its order; no assessment and no closed history is read."""
    drop_other_indexes("cases_case", keep={"cases_case_quality_queue"})
    found = plan(selectors.unassessed_cases(alice))
    assert "Index Only Scan using cases_case_quality_queue" in found, found
    assert "Seq Scan" not in found and "supervision_qualityassessment" not in found, found
    listed = selectors.assessment_queue(alice)[:30].explain()
    assert "Index Scan using cases_case_quality_queue" in listed, listed


def test_the_stale_count_reads_the_handling_cases_index_only(alice):
    """Each case's latest entry (Case.last_event_at) is in the handling cases' index: no event is read (the
    anti-join against the network's recent events grew with the network: 36,000 events at 1,000,000 cases)."""
    drop_other_indexes("cases_case", keep={"cases_case_handling"})
    found = plan(selectors.stale_cases(alice))
    assert "Index Only Scan using cases_case_handling" in found, found
    assert "Seq Scan" not in found and "cases_caseevent" not in found, found


def test_the_stale_list_walks_the_handling_cases_in_its_order(alice):
    """The page's first rows come from the index in the list's order (the longest silence first), not from
    sorting every silent case of the centre joined with its handler and organisations."""
    drop_other_indexes("cases_case", keep={"cases_case_handling"})
    found = selectors.stale_cases(alice)[:30].explain()
    assert "Index Scan using cases_case_handling" in found, found
    assert "Sort" not in found and "cases_caseevent" not in found, found


def drop_other_indexes(table: str, keep: set[str]) -> None:
    """On tiny tables every index costs one page, so the planner may pick any that serves, the primary key's
    included (which one depends on statistics the suite's earlier tests left behind). Dropped inside the test's
    transaction (rolled back after it), the table's other indexes and the constraints they back leave the
    question this test asks: can the partial index serve the query (its predicate implied by the query's
    WHERE)? If not, the plan is a sequential scan."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT index.relname, con.conname FROM pg_index AS entry
            JOIN pg_class AS index ON index.oid = entry.indexrelid
            JOIN pg_class AS owner ON owner.oid = entry.indrelid
            LEFT JOIN pg_constraint AS con ON con.conindid = entry.indexrelid AND con.conrelid = owner.oid
            WHERE owner.relname = %s AND NOT index.relname = ANY(%s)
            """,
            [table, sorted(keep)],
        )
        for index, constraint in cursor.fetchall():
            if constraint:
                # CASCADE: the foreign keys that reference the primary key go too, until the rollback.
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS "{constraint}" CASCADE')
            else:
                cursor.execute(f'DROP INDEX IF EXISTS "{index}"')


def test_the_open_applications_counts_read_their_partial_index(alice):
    drop_other_indexes("intake_application", keep={"intake_app_open_queue"})
    counts = (
        applications_for_user(alice)
        .filter(status__in=Application.OPEN_STATUSES)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = counts.explain()
    assert "intake_app_open_queue" in found, found


def test_cases_to_open_reads_the_grants_since_the_watermark(alice):
    drop_other_indexes("intake_application", keep={"intake_app_granted_since"})
    found = applications_to_open(alice).explain()
    assert "intake_app_granted_since" in found, found
