"""The role groups (their permissions are synced after every migrate)."""

from django.db import migrations

ROLES = ["centre_director", "centre_staff", "supervisor", "workstation_clerk", "handler", "administrator"]

def seed(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=f"role:{role}")


class Migration(migrations.Migration):
    dependencies = [("legalaid", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
