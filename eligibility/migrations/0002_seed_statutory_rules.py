"""Formerly seeded the rules; they are now seeded by 0007, after legalaid's matter categories exist.

Kept (empty) so databases that applied it keep a consistent migration history.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("eligibility", "0001_initial"),
        ("legalaid", "0001_initial"),
    ]

    operations = []
