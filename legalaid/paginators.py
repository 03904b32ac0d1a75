"""The paginators of the list pages: an empty list reads nothing, and a list that may run to a million rows
is counted up to a cap."""

from collections.abc import Callable

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from legalaid import search


class ListPaginator(Paginator):
    """Django's paginator, but the page of an empty list is an empty list.

    Django slices the queryset even when the count is 0, and the empty slice is compiled (every column of
    every `select_related` model) before the compiler finds it empty: 1–2 ms of Python on a page whose
    whole SQL is 2 ms, on the lists most centres' pages show empty most days (spot checks, enforcement…)."""

    def _get_page(self, object_list, number, paginator):
        return super()._get_page([] if self.count == 0 else object_list, number, paginator)


class CountedRows:
    """Rows a paginator pages through without counting them: their number is known already (a queue's tab
    count, read with its other counts in one statement), and a page is read by its bounds, `read(start,
    stop)` (a statement kept per key, legalaid.compiled.CompiledPerKey)."""

    def __init__(self, count: int, read: Callable[[int, int], list]):
        self._count = count
        self._read = read

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, bounds: slice) -> list:
        return self._read(bounds.start or 0, bounds.stop)


class CappedPaginator(ListPaginator):
    """Counts at most `cap` + 1 rows (unordered), so a page over a million rows never counts them all.

    Templates say "more than `cap`" when `capped` is true (the page count is then a lower bound)."""

    cap = 1000

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap


class OneCharacterPaginator(CappedPaginator):
    """A list searched by one character of a name: its count walks the list as far as this cap ("more
    than 100, narrow the search"), so its cost depends on how common the character is, not on how many
    records the centre keeps."""

    cap = 100


class OneCharacterInOrderPaginator(OneCharacterPaginator):
    """The same cap, counted in the list's own order: where a match is tested through a join (the ledger's
    registered persons), an unordered count let PostgreSQL merge-join all of a centre's consultations with
    their persons (135–158 ms at 100,000 cases) instead of walking them by time as the page does (38–94)."""

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.cap + 1].count()


def paginator_for_search(
    text: str,
    default: type[ListPaginator] = ListPaginator,
    one_character: type[OneCharacterPaginator] = OneCharacterPaginator,
) -> type[ListPaginator]:
    """The paginator of a list searched by `text`: `one_character`, capped at OneCharacterPaginator.cap, for
    one character."""
    return one_character if search.one_character(text) else default
