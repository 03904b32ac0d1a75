"""Finding people by a fragment of a name, an ID number or a phone: one helper for every search box.

A Chinese name is two to four characters, so the fragments people type ("小军", "胡") are one or two
characters long. PostgreSQL's pg_trgm cannot serve them: a LIKE '%小军%' pattern yields no complete
trigram, so its GIN index is scanned whole. Names are therefore indexed by their characters and
character pairs (`legalaid_grams(name)`, a GIN index over a text array): a fragment of one character
is found through that character, a longer one through all its pairs, and the LIKE that follows only
rechecks the few rows the index returned. ID numbers and phones are digits, where pairs, and even
pg_trgm's trigrams, are far too common to narrow anything: with ten digits there are a thousand
trigrams, so each is in one ID number in seventy, and at a million cases the trigram index read some
twenty thousand entries a trigram for an eight-digit fragment (7 ms, and growing with the table). They
are indexed by their runs of MIN_DIGITS digits instead (`legalaid_digit_grams`, a GIN index over a text
array): the shortest fragment searched is one such run, and each run is in one number in a million or
so, whatever the size of the table. On SQLite (development, tests) the same filters are plain
icontains/contains.

The indexes are made by each app's migrations (`fragment_indexes_sql`, PostgreSQL only); the functions
below are created (or replaced, identically) by every such migration.
"""

import re
import unicodedata

from django.contrib.postgres.lookups import DataContains
from django.db import connection
from django.db.models import Expression, F, Func, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL

from legalaid.validators import normalise_id_number

GRAMS_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION legalaid_grams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT gram), '{}')
    FROM (
        SELECT substr(lower(value), i, 1) AS gram FROM generate_series(1, length(value)) AS i
        UNION ALL
        SELECT substr(lower(value), i, 2) FROM generate_series(1, length(value) - 1) AS i
    ) AS grams
$$
"""

# Digits shorter than this match too many ID numbers and phones to be worth a fragment search (at a
# million cases five digits matched thousands of ID numbers; shorter digits are a case's running number).
# It is also the length of the runs of digits the digit columns are indexed by.
MIN_DIGITS = 6

DIGIT_GRAMS_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION legalaid_digit_grams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(value, i, {MIN_DIGITS})), '{{}}')
    FROM generate_series(1, length(value) - {MIN_DIGITS - 1}) AS i
$$
"""
_DIGITS = re.compile(r"^[0-9]+[xX]?$")


def normalise(text: str) -> str:
    """What was typed, as stored: full-width digits and letters to ASCII (NFKC), no spaces."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def one_character(text: str) -> bool:
    """One character of a name, a surname mostly: in one name in sixty, so at a million cases tens of
    thousands of people of every centre. A list searched by it is walked in its own order (a page stops
    early) and counted only up to a cap (legalaid.paginators.OneCharacterPaginator)."""
    text = normalise(text)
    return len(text) == 1 and not is_digits(text)


def is_digits(text: str) -> bool:
    """Digits (an ID number may end in X): a fragment of an ID number or a phone, not of a name."""
    return bool(_DIGITS.match(text))


class Grams(Func):
    function = "legalaid_grams"
    output_field = TextField()


class DigitGrams(Func):
    function = "legalaid_digit_grams"
    output_field = TextField()


def _grams(text: str) -> list[str]:
    text = text.lower()
    if len(text) == 1:
        return [text]
    return sorted({text[i : i + 2] for i in range(len(text) - 1)})


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def name_contains(field: str, text: str) -> Q:
    """Rows whose `field` (a name column, indexed by `legalaid_grams`) contains `text`, case-insensitively."""
    text = normalise(text)
    if not text:
        return Q()
    contains = Q(**{f"{field}__icontains": text})
    if not _postgresql():
        return contains
    wanted: Expression = RawSQL("%s::text[]", (_grams(text),))
    return Q(DataContains(Grams(F(field)), wanted)) & contains


def text_contains(field: str, text: str) -> Q:
    """Rows whose `field` contains `text` as typed when it has no letters of two cases (a Chinese name),
    case-insensitively otherwise: UPPER() on every row of a walk took half of its time."""
    return Q(**{f"{field}__contains" if text.upper() == text.lower() else f"{field}__icontains": text})


def digits_contain(field: str, text: str) -> Q | None:
    """Rows whose `field` (an ID number or phone column, trigram-indexed) contains the digits typed;
    None when `text` is not digits or too short to narrow anything."""
    text = normalise_id_number(normalise(text)).replace("-", "")
    if not is_digits(text) or len(text) < MIN_DIGITS:
        return None
    contains = Q(**{f"{field}__contains": text})
    if not _postgresql():
        return contains
    runs = sorted({text[i : i + MIN_DIGITS] for i in range(len(text) - MIN_DIGITS + 1)})
    return Q(DataContains(DigitGrams(F(field)), RawSQL("%s::text[]", (runs,)))) & contains


def person_filter(text: str, *, name: str, id_number: str = "", phone: str = "") -> Q | None:
    """A person-like row matching what was typed: its name for words, its ID number or phone for digits.

    None when nothing can match (too few digits)."""
    text = normalise(text)
    if not text:
        return None
    if not is_digits(text.replace("-", "")):
        return name_contains(name, text)
    text = text.replace("-", "")
    found = [q for field in (id_number, phone) if field and (q := digits_contain(field, text)) is not None]
    if not found:
        return None
    combined = found[0]
    for q in found[1:]:
        combined |= q
    return combined


def rows_matching_any(rows: QuerySet, ways: list[Q]) -> QuerySet:
    """The `rows` matching any of `ways` (conditions on different columns, each served by its own index).

    As one OR, PostgreSQL tests every row of the list against all of them (a consultation ledger walked
    whole by date: 2.2 s for a two-character name at a million cases); looked up apart, each way reads its
    own index and the keys are united. A single way stays a plain condition, so that the planner may walk
    the list in its order and stop after a page."""
    if not ways:
        return rows.none()
    if len(ways) == 1:
        return rows.filter(ways[0])
    first, *others = [rows.filter(way).order_by().values("pk") for way in ways]
    return rows.filter(pk__in=first.union(*others))


def fragment_indexes_sql(table: str, *, names=(), digits=()) -> list[str]:
    """CREATE INDEX statements for a table's name columns (grams) and digit columns (runs of digits)."""
    statements = [GRAMS_FUNCTION_SQL, DIGIT_GRAMS_FUNCTION_SQL]
    for column in names:
        statements.append(
            f'CREATE INDEX IF NOT EXISTS "{table}_{column}_grams" ON "{table}" USING gin (legalaid_grams("{column}"))'
        )
    for column in digits:
        statements.append(
            f'CREATE INDEX IF NOT EXISTS "{table}_{column}_digits" ON "{table}" '
            f'USING gin (legalaid_digit_grams("{column}"))'
        )
    return statements


def fragment_indexes_drop_sql(table: str, *, names=(), digits=()) -> list[str]:
    return [f'DROP INDEX IF EXISTS "{table}_{column}_grams"' for column in names] + [
        f'DROP INDEX IF EXISTS "{table}_{column}_digits"' for column in digits
    ]


def trigram_indexes_sql(table: str, digits=()) -> list[str]:
    """The digit columns' former trigram indexes (made before the runs of digits replaced them)."""
    return [
        f'CREATE INDEX IF NOT EXISTS "{table}_{column}_trgm" ON "{table}" USING gin ("{column}" gin_trgm_ops)'
        for column in digits
    ]


def trigram_indexes_drop_sql(table: str, digits=()) -> list[str]:
    return [f'DROP INDEX IF EXISTS "{table}_{column}_trgm"' for column in digits]
