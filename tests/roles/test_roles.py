"""The justice bureau, firm managers and liaison staff: each scoped, each tested with three personas."""

import pytest
from django.urls import reverse

from eligibility.models import Objection
from intake.models import Application
from legalaid.roles import Role, roles_below
from tests.conftest import login
from tests.intake.factories import file_application


@pytest.fixture
def objection(network, alice):
    """A pending objection to a termination decided by the test centre."""
    from eligibility import services

    return services.objection_file(
        actor=alice,
        kind=Objection.Kind.TERMINATION,
        centre=network.centre,
        subject_reference="（2026）皖0422援字第1号",
        grounds="不服终止",
        objector_name="李小明",
    )


def test_the_bureau_decides_an_objection_the_director_may_not(bureau, objection, other_bureau, network):
    from tests.factories import make_member

    director = make_member(network.centre, Role.CENTRE_DIRECTOR, username="director_r")
    url = reverse("eligibility:objection_decide", args=[objection.pk])
    assert login(other_bureau).get(url).status_code == 404
    assert login(director).get(url).status_code == 403
    assert login(bureau).get(url).status_code == 200
    data = {"result": "upheld", "decided_on": objection.filed_on.isoformat(), "opinion": "终止决定正确，予以维持。"}
    assert login(bureau).post(url, data).status_code == 302
    objection.refresh_from_db()
    assert objection.status == Objection.Status.UPHELD


def test_the_bureau_reads_its_centres_statistics(bureau, network, other_bureau, liaison):
    from supervision.statistics.selectors import reporting_organisations

    url = reverse("supervision:statistics_index")
    assert login(liaison).get(url).status_code == 403
    assert login(bureau).get(url).status_code == 200
    assert login(bureau).get(reverse("supervision:statistics_dashboard")).status_code == 200
    assert network.centre in reporting_organisations(bureau)
    assert network.centre not in reporting_organisations(other_bureau)


def test_the_firm_manager_reads_the_firms_cases(labour_case, firm_manager, other_firm_manager, liaison):
    url = reverse("cases:case_detail", args=[labour_case.pk])
    assert login(other_firm_manager).get(url).status_code == 404
    assert login(liaison).get(url).status_code == 403
    assert login(firm_manager).get(url).status_code == 200
    listing = login(firm_manager).get(reverse("cases:case_list"))
    assert listing.status_code == 200 and labour_case.number in listing.content.decode()


def test_the_firm_manager_reads_its_lawyers_subsidies_only(labour_case, firm_manager, other_firm_manager):
    from cases.models import Subsidy
    from cases.selectors import subsidies_for_user

    assert set(subsidies_for_user(firm_manager)) == set(Subsidy.objects.filter(handler=labour_case.handler))
    assert not subsidies_for_user(other_firm_manager).exists()


def test_liaison_staff_file_an_application_and_see_only_theirs(liaison, other_liaison, firm_manager, liaison_point):
    application = file_application(liaison, liaison_point)
    assert application.centre.name == "寿县法律援助中心"
    url = reverse("intake:application_detail", args=[application.pk])
    assert login(other_liaison).get(url).status_code == 404
    assert login(firm_manager).get(url).status_code == 403
    assert login(liaison).get(url).status_code == 200
    assert list(Application.objects.filter(receiving_organisation=liaison_point)) == [application]


def test_a_role_grants_only_roles_below_it():
    assert Role.CENTRE_DIRECTOR not in roles_below(Role.CENTRE_DIRECTOR)
    assert Role.ADMINISTRATOR not in roles_below(Role.CENTRE_DIRECTOR)
    assert Role.JUSTICE_BUREAU not in roles_below(Role.CENTRE_DIRECTOR)
    assert set(roles_below(Role.CENTRE_DIRECTOR)) >= {Role.CENTRE_STAFF, Role.HANDLER, Role.LIAISON_STAFF}
    assert roles_below(Role.HANDLER) == [Role.LIAISON_STAFF]
