"""Fragment search (legalaid.search): aided persons' name grams and ID-number trigrams, on PostgreSQL only."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from legalaid.search import fragment_indexes_drop_sql, fragment_indexes_sql

COLUMNS = {"names": ["name"], "digits": ["id_number"]}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in fragment_indexes_sql("cases_caseparty", **COLUMNS):
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in fragment_indexes_drop_sql("cases_caseparty", **COLUMNS):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_hearings")]

    operations = [TrigramExtension(), migrations.RunPython(create, drop, elidable=False)]
