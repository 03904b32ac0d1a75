"""The list pages' paginators: an empty list costs its count alone; a full one pages as Django's does."""

import pytest
from django.db.models.sql.compiler import SQLCompiler
from django.urls import reverse

from legalaid.models import Organisation
from legalaid.paginators import CappedPaginator, ListPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The SQL of every statement compiled while the test runs (empty slices too, which run nothing)."""
    statements = []
    as_sql = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        statements.append(type(self).__name__)
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    return statements


@pytest.mark.parametrize("paginator", [ListPaginator, CappedPaginator])
def test_an_empty_list_s_page_compiles_nothing_but_its_count(paginator, compiled):
    rows = Organisation.objects.filter(name="没有这个机构").select_related("parent")
    page = paginator(rows, 50).get_page("1")
    assert list(page) == [] and page.paginator.num_pages == 1 and not page.has_next()
    assert len(compiled) == 1  # the count; Django's own paginator compiles the empty slice as well


def test_a_list_with_rows_pages_as_django_s(network, compiled):
    rows = Organisation.objects.order_by("pk")
    page = ListPaginator(rows, 2).get_page("2")
    assert [o.pk for o in page] == list(rows.values_list("pk", flat=True)[2:4])
    assert page.has_previous() and page.paginator.count == rows.count()


def test_an_empty_list_page_says_so(network, as_alice):
    page = as_alice.get(reverse("eligibility:spot_check_list")).content.decode()
    assert "暂无抽查记录。每月1日自动抽取上月案件。" in page
