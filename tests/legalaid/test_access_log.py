"""The access log: written by views that show personal data in full, read by the director in scope only."""

from django.test import RequestFactory
from django.urls import reverse

from legalaid.audit.services import Kind, log_access
from legalaid.models import AccessRecord
from legalaid.roles import Role
from tests.conftest import login
from tests.factories import make_member


def record(user, subject="张*国", kind=Kind.FULL_ID_NUMBER):
    request = RequestFactory().get("/intake/persons/7/edit/", REMOTE_ADDR="10.1.2.3")
    request.user = user
    return log_access(request, kind=kind, subject=subject, detail="人员编辑表单")


def test_a_record_names_who_what_when_and_from_where(alice):
    entry = record(alice)
    assert entry.user == alice and entry.organisation == alice.profile.organisation
    assert entry.address == "10.1.2.3" and entry.path == "/intake/persons/7/edit/" and entry.at


def test_the_director_reads_the_log_of_their_subtree_only(network, alice, charlie, bob):
    record(alice, subject="张*国")
    record(charlie, subject="陈*明")
    director = make_member(
        network.centre, Role.CENTRE_DIRECTOR, username="director_a", last_name="周", first_name="主任"
    )
    page = login(director).get(reverse("audit:access_log"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "张*国" in text and "陈*明" not in text
    assert login(bob).get(reverse("audit:access_log")).status_code == 403


def test_the_log_filters_by_user_and_kind(network, alice):
    record(alice, kind=Kind.EXPORT, subject="咨询台账")
    director = make_member(network.centre, Role.CENTRE_DIRECTOR, username="director_b", last_name="周", first_name="二")
    page = login(director).get(reverse("audit:access_log"), {"who": "王爱丽", "kind": "export", "start": "bad"})
    assert page.status_code == 200 and "咨询台账" in page.content.decode()
    assert AccessRecord.objects.count() == 1
