"""The new roles' places in the test network: a justice bureau above the city centre, a liaison point."""

from legalaid.models import Organisation, User
from legalaid.roles import Role
from tests.factories import OrganisationFactory, make_member


def add_bureau(network, username: str = "bureau") -> User:
    """A justice bureau over the whole test network, and its reviewer of objections (LAL 49)."""
    office = OrganisationFactory(name="淮南市司法局", kind=Organisation.Kind.JUSTICE_BUREAU, division_code="340400")
    network.city.parent = office
    network.city.save()
    # Every organisation below moved: the fixtures' objects re-read their materialised paths.
    for organisation in vars(network).values():
        organisation.refresh_from_db()
    return make_member(office, Role.JUSTICE_BUREAU, username=username, last_name="吴", first_name="振华")
