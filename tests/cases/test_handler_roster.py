"""The handler filter of the case search, board and subsidy list: the options it lists (a compiled read of the
roster's columns) are the handlers it accepts (the roster's records), under the user's centre only."""

import re

from django.urls import reverse

from cases.selectors import handler_roster_for_user
from legalaid.models import HandlerProfile, User
from legalaid.roles import Role
from tests.conftest import login
from tests.factories import make_handler, make_member


def _listed(page: str) -> list[tuple[str, str]]:
    """The (value, label) of each option of the page's handler select."""
    select = re.search(r'<select[^>]*name="handler".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_the_options_are_the_handlers_the_filter_accepts(network, alice):
    near = make_handler(network.centre)
    renamed = make_handler(network.workstation)
    User.objects.filter(pk=renamed.pk).update(last_name="龑", first_name="㛃喆")
    unnamed = make_handler(network.centre)
    User.objects.filter(pk=unnamed.pk).update(last_name="", first_name="")
    make_handler(network.other_centre)  # another county's

    roster = handler_roster_for_user(alice)

    records = [(handler.pk, str(handler)) for handler in roster.records]
    assert roster.options() == records
    assert {pk for pk, _label in records} == {near.pk, renamed.pk, unnamed.pk}
    assert (renamed.pk, "龑㛃喆") in records
    assert (unnamed.pk, unnamed.username) in records  # no name: the account's login name


def test_each_filter_page_lists_the_roster_and_filters_by_it(network, alice):
    handler = make_handler(network.centre)
    User.objects.filter(pk=handler.pk).update(last_name="堃", first_name="喆")
    outsider = make_handler(network.other_centre)
    client = login(alice)

    for name in ("cases:case_list", "cases:deadline_board", "cases:subsidy_list"):
        listed = _listed(client.get(reverse(name)).content.decode())
        assert listed == [("", "全部"), (str(handler.pk), "堃喆")], name

        chosen = client.get(reverse(name), {"handler": handler.pk}).content.decode()
        assert ("selected" in chosen) and f'value="{handler.pk}" selected' in chosen, name

        refused = client.get(reverse(name), {"handler": outsider.pk})
        assert refused.status_code == 200, name
        assert "选择一个有效的选项" in refused.content.decode(), name


def test_an_administrator_is_offered_every_handler(network):
    admin = make_member(network.city, Role.ADMINISTRATOR)
    make_handler(network.centre)
    make_handler(network.other_centre)

    roster = handler_roster_for_user(admin)

    assert [pk for pk, _label in roster.options()] == [handler.pk for handler in roster.records]
    assert len(roster.options()) == HandlerProfile.objects.count() == 2


def test_a_role_outside_the_centres_is_offered_no_handler(network, bob):
    make_handler(network.centre)

    roster = handler_roster_for_user(bob)

    assert roster.options() == [] and not roster.records.exists()
