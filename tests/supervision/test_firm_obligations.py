"""A firm manager's own annual obligation (issue 15): their firm's lawyers only, the centre's figures."""

import pytest
import time_machine

from cases.models import Assignment, Case
from legalaid.models import Organisation
from legalaid.roles import Role
from legalaid.vocabulary import HandlerType
from tests.factories import OrganisationFactory, make_handler, make_member

URL = "/supervision/statistics/obligations/mine/"


@pytest.fixture
def frozen_march():
    with time_machine.travel("2026-03-10 10:00 +08:00", tick=False) as traveller:
        yield traveller


@pytest.fixture
def firms(frozen_march, network):
    """Two lawyers of the test firm (one with two cases this year) and one lawyer of another firm."""
    director = make_member(network.centre, Role.CENTRE_DIRECTOR, username="director_f")
    other_firm = OrganisationFactory(name="安徽楚都律师事务所", kind=Organisation.Kind.LAW_FIRM, parent=network.centre)
    busy = make_handler(network.law_firm, HandlerType.PRACTISING_LAWYER)
    idle = make_handler(network.law_firm, HandlerType.LEGAL_SERVICE_WORKER)
    stranger = make_handler(other_firm, HandlerType.PRACTISING_LAWYER)
    for index in range(2):
        case = Case.objects.create(
            number=f"F{index}",
            number_year=2026,
            sequence=index + 1,
            centre=network.centre,
            received_by=network.centre,
            case_type="civil",
            accepted_by=director,
            handler=busy,
            handler_organisation=network.law_firm,
            assigned_at="2026-02-01T10:00+08:00",
        )
        Assignment.objects.create(
            case=case,
            handler=busy,
            handler_organisation=network.law_firm,
            handler_type="practising_lawyer",
            assigned_by=director,
            assigned_at="2026-02-01T10:00+08:00",
        )
    return {
        "director": director,
        "other_firm": other_firm,
        "busy": busy,
        "idle": idle,
        "stranger": stranger,
        "manager": make_member(network.law_firm, Role.PROVIDER_MANAGER, username="firm_manager"),
        "other_manager": make_member(other_firm, Role.PROVIDER_MANAGER, username="other_firm_manager"),
    }


def _names(page) -> set[str]:
    return {row["handler"].user.get_full_name() for row in page.context["handlers"]}


@pytest.mark.django_db
def test_the_manager_sees_their_lawyers_with_the_centres_figures(firms, network, client):
    client.force_login(firms["manager"])
    page = client.get(URL)
    assert page.status_code == 200
    assert _names(page) == {firms["busy"].get_full_name(), firms["idle"].get_full_name()}
    mine = {row["handler"].user.get_full_name(): row for row in page.context["handlers"]}

    # The centre's obligations report, for the same lawyers: the same minimum, progress, count and status.
    client.force_login(firms["director"])
    report = client.get(f"/supervision/statistics/report/obligations/?organisation={network.centre.pk}&year=2026")
    centre = {row["cells"][0]: row for row in report.context["rows"] if not row["heading"]}
    for name, row in mine.items():
        cells = centre[name]["cells"]
        assert [cells[3], cells[4], cells[5]] == [str(row["minimum"]), str(row["expected"]), str(row["done"])]
        assert centre[name]["status"] == row["status"]
    assert mine[firms["busy"].get_full_name()]["done"] == 2
    assert mine[firms["idle"].get_full_name()]["status"] == "behind"


@pytest.mark.django_db
def test_another_firms_manager_sees_only_their_own_firm(firms, client):
    client.force_login(firms["other_manager"])
    page = client.get(URL)
    assert page.status_code == 200
    assert _names(page) == {firms["stranger"].get_full_name()}
    assert "安徽寿州律师事务所" not in page.content.decode()
    # The centre's own report stays closed to a firm: no organisation of theirs to choose.
    assert client.get("/supervision/statistics/report/obligations/").status_code == 404


@pytest.mark.django_db
def test_outsider_and_lower_roles(firms, network, client):
    # A centre director may read obligations but manages no firm: nothing here for them (the report is theirs).
    client.force_login(firms["director"])
    assert client.get(URL).status_code == 404
    # A lawyer of the firm is below its manager.
    client.force_login(firms["busy"])
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


@pytest.mark.django_db
def test_the_menu_leads_the_manager_there(firms, client):
    client.force_login(firms["manager"])
    assert URL in client.get("/").content.decode()
    client.force_login(firms["busy"])
    assert URL not in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_firms_target_is_on_its_obligations_page_and_the_centres_targets_page_is_closed(firms, network, client):
    from supervision.models.statistics import AnnualTarget

    AnnualTarget.objects.create(
        organisation=network.law_firm, year=2026, cases=40, other_matters=5, set_by=firms["director"]
    )
    targets = "/supervision/statistics/targets/"
    client.force_login(firms["manager"])
    # The targets page is the centre's planning page among its statistics, closed to a firm: 403.
    assert client.get(targets).status_code == 403
    page = client.get(URL)
    rows = page.context["targets"]
    assert [(row["organisation"].id, row["target"].cases, row["cases_done"]) for row in rows] == [
        (network.law_firm.pk, 40, 2)  # the firm's two cases this year, as the centre's targets page counts them
    ]
    assert 'data-testid="provider-target"' in page.content.decode()
    # Nor does any page of theirs lead there (the statistics tabs of the one report page they may open).
    assert targets not in client.get("/supervision/statistics/report/obligations/").content.decode()
    client.force_login(firms["other_manager"])
    assert client.get(URL).context["targets"] == []
    client.force_login(firms["director"])
    assert client.get(targets).status_code == 200
