"""Fragment search (legalaid.search): name grams and digit trigrams, on PostgreSQL only."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from legalaid.search import fragment_indexes_drop_sql, fragment_indexes_sql

TABLES = {
    "intake_person": {"names": ["name"], "digits": ["id_number", "phone"]},
    "intake_consultation": {"names": ["visitor_name"], "digits": ["visitor_phone"]},
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in TABLES.items():
        for statement in fragment_indexes_sql(table, **columns):
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in TABLES.items():
        for statement in fragment_indexes_drop_sql(table, **columns):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("intake", "0005_public_consultation")]

    operations = [TrigramExtension(), migrations.RunPython(create, drop, elidable=False)]
