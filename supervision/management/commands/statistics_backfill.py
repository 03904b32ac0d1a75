"""Go-live back-fill of the monthly statistics reports (thin: the work is `statistics.filing`)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from legalaid.models import Organisation
from supervision.statistics import filing, periods


class Command(BaseCommand):
    help = (
        "File every closed month's statistics report from --from to last month, for every filing "
        "organisation (or one organisation's tree). Idempotent: a filed month is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="since", required=True, help="first month to file, YYYY-MM")
        parser.add_argument("--organisation", type=int, help="only this organisation and the units under it (id)")

    def handle(self, *args, since, organisation, **options):
        first = periods.parse_month(since)
        if first is None:
            raise CommandError("--from must be a month written YYYY-MM, e.g. 2025-01")
        root = None
        if organisation is not None:
            root = Organisation.objects.filter(pk=organisation).first()
            if root is None:
                raise CommandError(f"no organisation with id {organisation}")
        with translation.override("zh-hans"):
            result = filing.file_closed_months(timezone.localdate(), since=first, root=root)
        self.stdout.write(
            "months {months}: reports created {created}, computed {generated}, already filed {skipped}".format(**result)
        )
