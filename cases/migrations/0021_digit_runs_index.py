"""Aided persons' ID numbers indexed by their runs of digits instead of trigrams (legalaid.search):
an ID-number fragment read 7 ms of the trigram index at a million cases, and more as the table grew."""

from django.db import migrations

from legalaid.search import (
    fragment_indexes_drop_sql,
    fragment_indexes_sql,
    trigram_indexes_drop_sql,
    trigram_indexes_sql,
)

TABLE, DIGITS = "cases_caseparty", ["id_number"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in [*trigram_indexes_drop_sql(TABLE, DIGITS), *fragment_indexes_sql(TABLE, digits=DIGITS)]:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in [*fragment_indexes_drop_sql(TABLE, digits=DIGITS), *trigram_indexes_sql(TABLE, DIGITS)]:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("cases", "0020_event_time_index")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
