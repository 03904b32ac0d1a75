"""Document numbers: 〔2026〕皖0422法援函字第3号, from a locked counter per organisation, year and word.

The region part is the one case numbers use (legalaid.place_names.default_region): province abbreviation and
the last four digits of the centre's division code. The counter row stays locked until the caller's
transaction commits, so concurrent issues queue and never repeat or skip a number.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from legalaid.models import DocumentCounter, Organisation

# One region rule for every printed number: a reviewer compares 皖0422 on a case and on its letters.
from legalaid.place_names import default_region

DOCUMENT_PATTERN = "〔{year}〕{region}法援{word}字第{seq}号"


def format_document_number(*, year: int, region: str, word: str, seq: int) -> str:
    return DOCUMENT_PATTERN.format(year=year, region=region, word=word, seq=seq)


def _counter(organisation: Organisation, year: int, series: str) -> DocumentCounter:
    counters = DocumentCounter.objects.select_for_update()
    try:
        return counters.get(organisation=organisation, year=year, series=series)
    except DocumentCounter.DoesNotExist:
        pass
    try:
        with transaction.atomic():  # the first issue of the year: a concurrent one may create it first
            DocumentCounter.objects.create(organisation=organisation, year=year, series=series)
    except IntegrityError:
        pass
    return counters.get(organisation=organisation, year=year, series=series)


def next_number(organisation: Organisation, kind_code: str, *, year: int | None = None) -> str:
    """The next number of the organisation's series for the kind's word (函、通、送…) and the year."""
    from .registry import kind

    word = kind(kind_code).number_word
    if not word:
        raise ValueError(f"document kind {kind_code!r} is not numbered")
    year = year or timezone.localdate().year
    with transaction.atomic():
        counter = _counter(organisation, year, word)
        counter.last += 1
        counter.save(update_fields=["last"])
    return format_document_number(
        year=year, region=default_region(organisation.division_code), word=word, seq=counter.last
    )
