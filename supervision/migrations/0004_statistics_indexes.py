"""Indexes the statistics aggregates need on the tables they read (issue 7).

Every monthly figure selects the rows of one period by a date: cases closed or assigned in it,
applications received, decided or withdrawn in it, visits performed, assessments finalised, duty
help given. Without these indexes each of those is a full scan of a table with millions of rows.
They are plain indexes on other apps' tables, added here because this is the code that reads them
that way; they change no model state (RunSQL), and IF NOT EXISTS makes them safe to meet again.
"""

from django.db import migrations

INDEXES = [
    ("stat_case_closed_at", "cases_case", "closed_at", "closed_at IS NOT NULL"),
    ("stat_case_assigned_at", "cases_case", "assigned_at", "assigned_at IS NOT NULL"),
    ("stat_app_received_at", "intake_application", "received_at", ""),
    ("stat_app_decided_at", "intake_application", "decided_at", "decided_at IS NOT NULL"),
    (
        "stat_app_withdrawn_at",
        "intake_application",
        "status_changed_at",
        "status IN ('withdrawn', 'deemed_withdrawn')",
    ),
    ("stat_visit_performed_on", "supervision_followupvisit", "performed_on", "status = 'done'"),
    ("stat_qa_finalised_at", "supervision_qualityassessment", "finalised_at", "status = 'finalised'"),
    ("stat_dutyhelp_helped_on", "cases_dutyhelp", "helped_on", ""),
]


def operations():
    for name, table, column, condition in INDEXES:
        where = f" WHERE {condition}" if condition else ""
        yield migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column}){where}",
            f"DROP INDEX IF EXISTS {name}",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0003_statistics"),
        ("cases", "0001_initial"),
        ("intake", "0001_initial"),
    ]
    operations = list(operations())
