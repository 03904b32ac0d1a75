"""Cross-region cooperation requests and duty-lawyer help records."""

from datetime import date

import pytest

from cases import selectors, services
from cases.models import CooperationRequest, DutyHelp
from legalaid.errors import DomainError
from legalaid.models import Organisation
from legalaid.roles import Role
from tests.factories import OrganisationFactory, make_member

pytestmark = pytest.mark.django_db


def test_outgoing_request_linked_to_a_case_and_answered(labour_case, network, alice, charlie):
    request = services.cooperation_request_create(
        actor=alice,
        centre=network.centre,
        direction="outgoing",
        counterpart=network.other_centre,
        kind="hardship_proof",
        request="请协助核实受援人户籍地经济困难情况",
        person_name="张建国",
        due_date=date(2026, 3, 20),
        case=labour_case,
    )
    assert request.counterpart_name == "凤台县法律援助中心"
    assert labour_case.events.filter(kind="cooperation").count() == 1
    with pytest.raises(DomainError, match="管辖范围"):
        services.cooperation_answer(request, actor=charlie, status="answered", answer="已核实")
    # The other centre is on this system: it answers on the row it received, and the answer comes back.
    services.cooperation_answer(request.forwarded, actor=charlie, status="answered", answer="已出具证明")
    request.refresh_from_db()
    assert request.status == CooperationRequest.Status.ANSWERED
    with pytest.raises(DomainError, match="不能重复办理"):
        services.cooperation_answer(request, actor=alice, status="declined", answer="x")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"due_date": date(2026, 3, 9)}, "due_date"),
        ({"counterpart_name": ""}, "counterpart_name"),
        ({"request": " "}, "request"),
        ({"kind": "x"}, "kind"),
    ],
)
def test_bad_requests_say_why(frozen_now, network, alice, overrides, field):
    fields = {
        "centre": network.centre,
        "direction": "incoming",
        "counterpart_name": "河南省固始县法律援助中心",
        "kind": "investigation",
        "request": "协助调查取证",
        "due_date": date(2026, 3, 20),
    }
    fields.update(overrides)
    with pytest.raises(DomainError) as caught:
        services.cooperation_request_create(actor=alice, **fields)
    assert caught.value.field == field


def test_counterpart_must_be_another_centre(frozen_now, network, alice):
    with pytest.raises(DomainError, match="本中心"):
        services.cooperation_request_create(
            actor=alice,
            centre=network.centre,
            direction="outgoing",
            counterpart=network.centre,
            kind="other",
            request="x",
            due_date=date(2026, 3, 20),
        )


@pytest.fixture
def court_station(network):
    return OrganisationFactory(
        name="驻寿县人民法院法律援助工作站", kind=Organisation.Kind.COURT_WORKSTATION, parent=network.centre
    )


def test_duty_help_recorded_by_the_court_station_clerk(frozen_now, network, roster, court_station, bob):
    clerk = make_member(court_station, Role.WORKSTATION_CLERK)
    help_record = services.duty_help_record(
        actor=clerk,
        workstation=court_station,
        lawyer=roster.senior_lawyer,
        person_name="王某",
        helped_on=date(2026, 3, 10),
        help_kinds=["consultation", "plea_presence"],
        notes="为犯罪嫌疑人提供法律咨询，认罪认罚具结书签署时在场。",
        charge="危险驾驶罪",
    )
    assert help_record.centre == network.centre
    assert help_record.help_kind_labels() == ["法律咨询", "认罪认罚具结书签署在场"]
    assert list(selectors.duty_helps_for_user(clerk)) == [help_record]
    assert selectors.duty_helps_for_user(bob).count() == 0
    with pytest.raises(DomainError, match="您不能为该工作站登记"):
        services.duty_help_record(
            actor=bob,
            workstation=court_station,
            lawyer=roster.senior_lawyer,
            person_name="王某",
            helped_on=date(2026, 3, 10),
            help_kinds=["consultation"],
            notes="x",
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"lawyer": "service_worker"}, "lawyer"),
        ({"helped_on": date(2026, 3, 11)}, "helped_on"),
        ({"help_kinds": []}, "help_kinds"),
        ({"person_id_number": "123"}, "person_id_number"),
        ({"workstation": "township"}, "workstation"),
    ],
)
def test_bad_duty_help_says_why(frozen_now, network, roster, court_station, alice, overrides, field):
    fields = {
        "workstation": court_station,
        "lawyer": roster.senior_lawyer,
        "person_name": "王某",
        "helped_on": date(2026, 3, 10),
        "help_kinds": ["consultation"],
        "notes": "咨询",
    }
    fields.update(overrides)
    if fields["lawyer"] == "service_worker":
        fields["lawyer"] = roster.service_worker
    if fields["workstation"] == "township":
        fields["workstation"] = network.workstation
    with pytest.raises(DomainError) as caught:
        services.duty_help_record(actor=alice, **fields)
    assert caught.value.field == field
    assert not DutyHelp.objects.exists()


def test_the_duty_help_form_offers_the_lawyer_the_rota_puts_on_duty_today(frozen_now, network, roster, court_station):
    """The clerk of a court station records help: the form starts with today's duty lawyer from the rota."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from legalaid.models import DutyShift

    clerk = make_member(court_station, Role.WORKSTATION_CLERK)
    client = Client()
    client.force_login(clerk)
    form = client.get(reverse("cases:duty_create")).context["form"]
    assert form["lawyer"].initial is None  # nobody on the rota today

    DutyShift.objects.create(
        station=court_station,
        day=timezone.localdate(),
        period=DutyShift.Period.MORNING,
        lawyer=roster.senior_lawyer,
        created_by=clerk,
    )
    form = client.get(reverse("cases:duty_create")).context["form"]
    assert form["lawyer"].initial == roster.senior_lawyer
    assert form["workstation"].initial == court_station
