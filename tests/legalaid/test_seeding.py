"""Rule data is seeded once by migration, never re-created by a later migrate; demo regions are demo data."""

from django.core.management import call_command

from legalaid.models import Division, MatterCategory


def test_national_matter_categories_are_seeded(db):
    assert MatterCategory.objects.filter(code="labour", name="请求确认劳动关系或者支付劳动报酬").exists()
    assert MatterCategory.objects.count() >= 20


def test_a_category_the_administrator_removed_stays_removed(db):
    MatterCategory.objects.filter(code="medical_dispute").delete()
    call_command("migrate", verbosity=0)
    assert not MatterCategory.objects.filter(code="medical_dispute").exists()


def test_the_demo_region_is_not_in_every_database(db):
    assert not Division.objects.filter(code="340400").exists()
