"""A paginator for lists that may run to a million rows."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows (unordered), so a page over a million rows never counts them all.

    Templates say "more than `cap`" when `capped` is true (the page count is then a lower bound)."""

    cap = 1000

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap
