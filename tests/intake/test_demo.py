from collections import Counter

from intake.demo import seed_demo
from intake.models import Application, Consultation, HomeVisit, Person
from legalaid.demo import seed_demo as seed_network


def test_demo_builds_varied_applications_and_is_idempotent(db):
    seed_network()
    seed_demo()
    counts = (Person.objects.count(), Consultation.objects.count(), Application.objects.count())
    assert Application.objects.count() == 40
    statuses = Counter(Application.objects.values_list("status", flat=True))
    for status in ("preliminary_review", "under_review", "received", "awaiting_materials", "withdrawn"):
        assert statuses[status] > 0, status
    assert statuses["deemed_withdrawn"] > 0
    assert Application.objects.filter(is_urgent=True, pre_provision_at__isnull=False).exists()
    assert Consultation.objects.filter(call_back_due__isnull=False, called_back_at__isnull=True).exists()
    assert HomeVisit.objects.exists()
    seed_demo()
    assert (Person.objects.count(), Consultation.objects.count(), Application.objects.count()) == counts
