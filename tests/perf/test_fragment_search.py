"""One search box everywhere: a case, application, person or consultation is found by two characters of a
name, one surname character, a fragment of an ID number or of a phone (legalaid.search); on PostgreSQL
through the grams and trigram indexes."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services as case_services
from cases.models import CaseParty
from intake import services as intake_services
from intake.models import Application, Channel, Consultation, Person
from legalaid import search
from legalaid.paginators import OneCharacterPaginator
from tests.cases.factories import granted_application
from tests.intake.factories import resident_id

pytestmark = pytest.mark.django_db

ID_NUMBER = "340422198503091236"
PHONE = "13955123478"


@pytest.fixture
def hu(network):
    return Person.objects.create(name="胡小军", id_number=ID_NUMBER, phone=PHONE, sex="M")


@pytest.fixture
def others(network):
    return [
        Person.objects.create(name="王小明", id_number="340422199001011234", phone="13800001111", sex="M"),
        Person.objects.create(name="李军华", id_number="340422197702023457", phone="13700002222", sex="M"),
    ]


@pytest.fixture
def cases(hu, others, network, alice):
    return [
        case_services.case_open_from_application(granted_application(network, applicant=person), actor=alice)
        for person in [hu, *others]
    ]


# What someone types → whether 胡小军 (and only he) is found.
TYPED = ["小军", "胡", "胡小军", "１３９５５１", "5512347", "19850309", "0309123", "胡 小军"]


@pytest.mark.parametrize("typed", TYPED)
def test_case_search_by_fragment(cases, as_alice, typed):
    html = as_alice.get(reverse("cases:case_list"), {"q": typed}).content.decode()
    assert cases[0].number in html, typed
    assert cases[1].number not in html and cases[2].number not in html, typed


@pytest.mark.parametrize("typed", TYPED)
def test_application_list_by_fragment(cases, as_alice, typed):
    html = as_alice.get(reverse("intake:application_list"), {"q": typed}).content.decode()
    numbers = [case.application.number for case in cases]
    assert numbers[0] in html and numbers[1] not in html and numbers[2] not in html, typed


@pytest.mark.parametrize("typed", TYPED)
def test_person_list_by_fragment(cases, as_alice, typed):
    html = as_alice.get(reverse("intake:person_list"), {"q": typed}).content.decode()
    assert "胡小军" in html and "王小明" not in html and "李军华" not in html, typed


def test_consultation_ledger_by_fragment(hu, network, alice, as_alice):
    channel = Channel.objects.filter(for_consultation=True).first()

    def consult(**fields):
        return Consultation.objects.create(
            channel=channel, organisation=network.centre, taken_by=alice, question="工资被拖欠", **fields
        )

    registered = consult(person=hu)
    visitor = consult(visitor_name="胡德华", visitor_phone="13512345678")
    other = consult(visitor_name="王芳", visitor_phone="13600000000")
    url = reverse("intake:consultation_list")

    def found(typed):
        html = as_alice.get(url, {"q": typed}).content.decode()
        return {
            c.pk for c in (registered, visitor, other) if reverse("intake:consultation_detail", args=[c.pk]) in html
        }

    assert found("小军") == {registered.pk}
    assert found("胡") == {registered.pk, visitor.pk}
    assert found("12345678") == {visitor.pk}
    assert found(PHONE[-6:]) == {registered.pk}
    assert found("工资被拖") == {registered.pk, visitor.pk, other.pk}  # three characters or more: the question too


def test_a_surname_alone_is_counted_to_a_cap_on_the_ledger_and_the_application_list(hu, network, alice, as_alice):
    """One character is in one name in sixty: at a million cases a centre's ledger holds thousands of
    matches, so the lists say "more than 100" (and the pager no last page) instead of counting them all;
    two characters are counted exactly."""
    channel = Channel.objects.filter(for_consultation=True).first()
    cap = OneCharacterPaginator.cap
    Consultation.objects.bulk_create(
        Consultation(
            channel=channel,
            organisation=network.centre,
            centre=network.centre,
            taken_by=alice,
            question="问",
            visitor_name=name,
        )
        for name in [f"胡{chr(0x4E00 + i)}" for i in range(cap + 1)] + ["王芳"]
    )
    url = reverse("intake:consultation_list")
    page = as_alice.get(url, {"q": "胡"})
    assert page.context["page"].paginator.capped
    html = page.content.decode()
    assert "超过 100 条，请增加条件缩小范围" in html and "第 1 页" in html and "第 1 / " not in html
    exact = as_alice.get(url, {"q": "胡一"})
    assert "共 1 条" in exact.content.decode()

    as_alice.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = as_alice.get(url, {"q": "胡"}).content.decode()
    assert "More than 100 entries; add conditions to narrow the search" in html and "Page 1<" in html

    for _ in range(cap + 1):
        granted_application(network, applicant=hu)
    html = as_alice.get(reverse("intake:application_list"), {"q": "胡"}).content.decode()
    assert "More than 100 entries; add conditions to narrow the search" in html


def test_the_ledgers_surname_count_walks_in_the_ledgers_order(hu, network, alice, as_alice):
    """The capped count of a surname on the ledger keeps the list's order (OneCharacterInOrderPaginator), so
    PostgreSQL walks the centre's consultations by time as for the page, not all of them joined by person."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert as_alice.get(reverse("intake:consultation_list"), {"q": "胡"}).status_code == 200
    counts = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("SELECT COUNT(*)")]
    assert len(counts) == 1 and 'ORDER BY "intake_consultation"."consulted_at" DESC' in counts[0]


def test_too_few_digits_find_nothing_rather_than_everything(cases, as_alice):
    html = as_alice.get(reverse("intake:person_list"), {"q": "13"}).content.decode()
    assert "胡小军" not in html and "王小明" not in html


def test_fragment_helpers():
    assert search.normalise(" １３９ ５５ ") == "13955"
    assert search.is_digits("34042219850309123X") and not search.is_digits("小军")
    assert search.digits_contain("phone", "13955") is None  # too short to narrow anything
    assert search._grams("胡") == ["胡"]
    assert search._grams("胡小军") == ["小军", "胡小"]
    assert search.person_filter("  ", name="name") is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the indexes exist on PostgreSQL only")
def test_postgresql_uses_the_indexes(cases):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a tiny table: make the planner show which index serves
    # Unordered: on a table this small an ordered query would walk the index of its ordering instead.
    name_plan = CaseParty.objects.order_by().filter(search.name_contains("name", "小军")).explain()
    id_plan = CaseParty.objects.order_by().filter(search.digits_contain("id_number", "19850309")).explain()
    phone_plan = Person.objects.order_by().filter(search.digits_contain("phone", "5512347")).explain()
    assert "cases_caseparty_name_grams" in name_plan
    assert "cases_caseparty_id_number_digits" in id_plan
    assert "intake_person_phone_digits" in phone_plan
    with connection.cursor() as cursor:
        cursor.execute("SELECT legalaid_grams('胡小军')")
        assert sorted(cursor.fetchone()[0]) == sorted(["胡", "小", "军", "胡小", "小军"])
        # Every run of six digits, each once; a number shorter than a run has none (never a false match).
        cursor.execute("SELECT legalaid_digit_grams('13955123478'), legalaid_digit_grams('12345')")
        runs, none = cursor.fetchone()
        assert sorted(runs) == ["123478", "139551", "395512", "512347", "551234", "955123"]
        assert none == []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE %s OR indexname LIKE %s", ["%_trgm", "%_digits"]
        )
        indexes = {row[0] for row in cursor.fetchall()}
    assert not {name for name in indexes if name.endswith("_trgm")}  # replaced, not kept beside
    assert {
        "cases_caseparty_id_number_digits",
        "intake_person_id_number_digits",
        "intake_person_phone_digits",
        "intake_consultation_visitor_phone_digits",
    } <= indexes


def test_a_case_keeps_the_names_of_every_aided_person_it_gets(cases, alice, as_alice, monkeypatch):
    """Case.aided_names, which a common character's search reads, follows the parties as they are added
    (the one at opening, then more), and such a search finds a case by any of them."""
    from cases.selectors import search as case_search

    case = cases[1]
    assert case.aided_names == "王小明"
    case_services.case_parties_add(case, actor=alice, lines="䶮丽娟，340422198001011233\n欧阳娜")
    case.refresh_from_db()
    assert case.aided_names == "王小明 䶮丽娟 欧阳娜"
    monkeypatch.setattr(case_search, "_common_character", lambda text: True)
    for typed in ["䶮", "欧"]:
        html = as_alice.get(reverse("cases:case_list"), {"q": typed}).content.decode()
        assert case.number in html and cases[0].number not in html, typed


def test_an_application_keeps_its_applicants_name_through_a_renaming(others, network, alice, as_alice):
    """Application.applicant_name, which a surname alone is looked for in, is the applicant's name when
    filed, follows the person's renaming, and is filled in by its migration for applications filed before."""
    hu = Person.objects.create(name="胡小军", id_number=resident_id(), phone="13955501234", sex="M")
    application = granted_application(network, applicant=hu)
    other = granted_application(network, applicant=others[0])
    assert (application.applicant_name, other.applicant_name) == ("胡小军", "王小明")
    intake_services.person_update(hu, actor=alice, name="欧阳小军")
    application.refresh_from_db()
    assert application.applicant_name == "欧阳小军"
    url = reverse("intake:application_list")
    for typed, found in [("欧", True), ("胡", False), ("王", False)]:
        html = as_alice.get(url, {"q": typed}).content.decode()
        assert (application.number in html) is found, typed
    Application.objects.update(applicant_name="")
    importlib.import_module("intake.migrations.0015_application_applicant_name").fill_applicant_names(apps, None)
    assert dict(Application.objects.values_list("pk", "applicant_name")) == {
        application.pk: "欧阳小军",
        other.pk: "王小明",
    }


def test_a_consultation_keeps_its_registered_persons_name_through_a_renaming(others, network, alice, as_alice):
    """Consultation.person_name, which a surname alone is looked for in on the ledger, is the registered
    person's name when taken and when a person is linked later, follows the person's renaming, and is filled
    in by its migration for the consultations taken before."""
    channel = Channel.objects.filter(for_consultation=True).first()
    hu = Person.objects.create(name="胡小军", id_number=resident_id(), phone="13955501234", sex="M")
    taken = Consultation.objects.create(
        channel=channel, organisation=network.centre, taken_by=alice, question="欠薪怎么办", person=hu
    )
    linked = Consultation.objects.create(
        channel=channel, organisation=network.centre, taken_by=alice, question="离婚", visitor_name="王"
    )
    linked.person = others[0]
    linked.save(update_fields=["person"])
    assert dict(Consultation.objects.values_list("pk", "person_name")) == {taken.pk: "胡小军", linked.pk: "王小明"}
    intake_services.person_update(hu, actor=alice, name="欧阳小军")
    url = reverse("intake:consultation_list")
    for typed, found in [("欧", True), ("胡", False)]:
        html = as_alice.get(url, {"q": typed}).content.decode()
        assert (f'href="{reverse("intake:consultation_detail", args=[taken.pk])}"' in html) is found, typed
    Consultation.objects.update(person_name="")
    importlib.import_module("intake.migrations.0017_consultation_person_name").fill_person_names(apps, None)
    assert dict(Consultation.objects.values_list("pk", "person_name")) == {taken.pk: "欧阳小军", linked.pk: "王小明"}


def test_a_common_surname_walks_the_cases_in_order(cases, as_alice, monkeypatch):
    """A one-character name that many people share is checked case by case in the list's order (the
    path PostgreSQL takes when the character is in COMMON_MATCHES names or more), with a smaller cap."""
    from cases.selectors import search as case_search

    monkeypatch.setattr(case_search, "_common_character", lambda text: True)
    response = as_alice.get(reverse("cases:case_list"), {"q": "胡"})
    html = response.content.decode()
    assert cases[0].number in html and cases[1].number not in html and cases[2].number not in html
    assert response.context["page"].paginator.cap == OneCharacterPaginator.cap
    assert as_alice.get(reverse("cases:case_list"), {"q": "军"}).context["page"].paginator.count == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the grams index exists on PostgreSQL only")
def test_a_character_is_common_from_the_threshold_on(cases, monkeypatch):
    from cases.selectors import search as case_search

    monkeypatch.setattr(case_search, "COMMON_MATCHES", 2)
    monkeypatch.setattr(case_search, "_common_characters", set())  # nothing remembered from other tests
    assert case_search._common_character("小")  # 胡小军, 王小明
    assert not case_search._common_character("胡")
    # Common stays common (aided persons are never deleted): remembered, not read again; a rare one is read.
    with CaptureQueriesContext(connection) as queries:
        assert case_search._common_character("小")
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        assert not case_search._common_character("胡")
    assert len(queries) == 1


@pytest.mark.parametrize(
    ("typed", "looked_for"), [("小军", "小军"), ("5512347", "5512347"), ("１３９５５１", "139551")]
)
def test_a_fragment_is_looked_up_once_for_the_page_and_its_count(cases, as_alice, typed, looked_for, monkeypatch):
    """The matches of a fragment are read once, and the page and its count both use them; a fragment that
    matches more cases than are read at once stays a subquery of both, and finds the same."""
    from django.test.utils import CaptureQueriesContext

    from cases.selectors import search as case_search

    def search_page():
        with CaptureQueriesContext(connection) as queries:
            response = as_alice.get(reverse("cases:case_list"), {"q": typed})
        html = response.content.decode()
        found = [case.number in html for case in cases]
        lookups = sum(looked_for in query["sql"] for query in queries.captured_queries)
        return found, response.context["page"].paginator.count, lookups

    assert search_page() == ([True, False, False], 1, 1)
    monkeypatch.setattr(case_search, "MATCHES_READ_ONCE", 0)
    assert search_page() == ([True, False, False], 1, 3)  # read, found too many; then the count and the page


def test_a_names_matches_are_read_from_the_users_own_cases_only(cases, network, alice, charlie):
    """A given name's matches anywhere grow with every centre's cases (a pair of characters is in one name in
    a few thousand); the page and its count are given only those in the user's scope, so their id list
    stays the size of the centre's own matches. Each centre still finds its own case by the name."""
    from cases.selectors import cases_for_user
    from cases.selectors import search as case_search

    other = case_services.case_open_from_application(
        granted_application(
            network, applicant=Person.objects.create(name="赵小军", sex="M"), centre=network.other_centre
        ),
        actor=charlie,
    )
    for user, own in ((alice, cases[0]), (charlie, other)):
        matched = case_search._text_filter("小军", cases_for_user(user))
        assert matched == Q(pk__in=[own.pk]), user.username
        found = case_search.case_search(user, case_search.CaseQuery(text="小军"))
        assert list(found) == [own], user.username


def test_an_application_is_found_by_part_of_its_number_and_only_by_its_own_centre(cases, as_alice, as_charlie):
    """The number (digits) and the applicant (name, ID number, phone) are looked up each on its own and the
    keys united: a fragment that is both a number's and a phone's finds both."""
    numbers = [case.application.number for case in cases]
    url = reverse("intake:application_list")
    html = as_alice.get(url, {"q": numbers[1][-8:]}).content.decode()
    assert numbers[1] in html and numbers[0] not in html
    hu_application = cases[0].application
    hu_application.number = f"2026{PHONE[-7:]}000"  # a number that shares digits with 胡小军's phone
    hu_application.save(update_fields=["number"])
    wang = cases[1].application
    wang.number = f"20260101{PHONE[-6:]}"
    wang.save(update_fields=["number"])
    html = as_alice.get(url, {"q": PHONE[-6:]}).content.decode()
    assert hu_application.number in html and wang.number in html and numbers[2] not in html
    for typed in ("胡", "小军", PHONE[-6:], numbers[2][-8:]):
        response = as_charlie.get(url, {"q": typed})
        assert response.status_code == 200
        assert numbers[2] not in response.content.decode() and hu_application.number not in response.content.decode()
