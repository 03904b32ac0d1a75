"""The index of each case's aided persons' names served the one-character search's probe of each case it
walked; the search reads Case.aided_names now (0022), and every write of a party no longer keeps it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0022_aided_names")]

    operations = [migrations.RemoveIndex(model_name="caseparty", name="cases_party_case_name")]
