"""ID numbers and phones indexed by their runs of digits instead of trigrams (legalaid.search): a
fragment of digits read thousands of trigram entries, more as the tables grew."""

from django.db import migrations

from legalaid.search import (
    fragment_indexes_drop_sql,
    fragment_indexes_sql,
    trigram_indexes_drop_sql,
    trigram_indexes_sql,
)

TABLES = {"intake_person": ["id_number", "phone"], "intake_consultation": ["visitor_phone"]}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, digits in TABLES.items():
        for statement in [*trigram_indexes_drop_sql(table, digits), *fragment_indexes_sql(table, digits=digits)]:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, digits in TABLES.items():
        for statement in [*fragment_indexes_drop_sql(table, digits=digits), *trigram_indexes_sql(table, digits)]:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("intake", "0012_centre_list_index")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
