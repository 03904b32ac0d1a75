"""Reads that every signed-in request runs, compiled to SQL by the ORM once per process and database.

Built and compiled by the ORM on each request, a read by one key costs more Python than the database
spends on it: measured at 100,000 cases, the session's row 0.40 ms against 0.07 ms to run, the user's
0.39 against 0.09, the profile's and the permissions' about 0.6 and 0.8 (issue 14). Here the ORM
compiles the queryset once with a stand-in value for its key, which each run replaces; a record is
built from its row as the ORM builds it (the columns' converters, then each model's columns in order),
and that layout is checked once, when the statement is compiled.
"""

from collections.abc import Callable, Hashable
from functools import lru_cache

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, prefetch_related_objects

# A user id no account has: the reads by a user's id are compiled with it.
USER_STAND_IN = -7_390_218
# Where a compiled statement's parameters take the key of each run.
_KEY = object()


class CompiledRead:
    """The rows of `build(key)`, a queryset whose parameters are its key and constants, compiled once per alias.

    Each parameter equal to the stand-in takes the key of a run; any other is a constant of the statement
    (the kinds of organisation a scope reads, say), the same on every run.
    `related` names the one `select_related` relation whose record comes with each row (or None).
    """

    def __init__(self, build: Callable[[object], QuerySet], stand_in: object, related: str | None = None):
        self._build = build
        self._stand_in = stand_in
        self._related = related
        self._compiled: dict[str, dict] = {}

    def _compile(self, alias: str) -> dict:
        queryset = self._build(self._stand_in).using(alias)
        compiler = queryset.query.get_compiler(alias)
        sql, params = compiler.as_sql()
        if self._stand_in not in params:
            raise ImproperlyConfigured(f"A compiled read takes its key as a parameter: {sql}")
        layout = []
        columns = [column for column, _sql, _alias in compiler.select]
        if queryset._iterable_class is ModelIterable:  # records, not values: each model's columns, in order
            models = [queryset.model]
            if self._related:
                models.append(queryset.model._meta.get_field(self._related).related_model)
            layout = [(model, [field.attname for field in model._meta.concrete_fields]) for model in models]
            expected = [name for _model, names in layout for name in names]
            if [getattr(column.target, "attname", None) for column in columns] != expected:
                raise ImproperlyConfigured(f"Unexpected columns of a compiled read: {sql}")
        return {
            "sql": sql,
            "params": [_KEY if param == self._stand_in else param for param in params],
            "compiler": compiler,
            "converters": compiler.get_converters(columns) if columns else {},
            "layout": layout,
        }

    def rows(self, alias: str, key) -> list[tuple]:
        """The statement's rows for this key, converted as the ORM would."""
        compiled = self._compiled.get(alias) or self._compiled.setdefault(alias, self._compile(alias))
        with connections[alias].cursor() as cursor:
            cursor.execute(compiled["sql"], [key if param is _KEY else param for param in compiled["params"]])
            rows = cursor.fetchall()
        if rows and compiled["converters"]:
            rows = [tuple(row) for row in compiled["compiler"].apply_converters(rows, compiled["converters"])]
        return rows

    def records(self, alias: str, key) -> list[Model]:
        """The statement's records for this key, each with its related record cached on it."""
        compiled = self._compiled.get(alias) or self._compiled.setdefault(alias, self._compile(alias))
        records = []
        for row in self.rows(alias, key):
            built = []
            start = 0
            for model, names in compiled["layout"]:
                built.append(model.from_db(alias, names, row[start : start + len(names)]))
                start += len(names)
            if self._related:
                built[0]._meta.get_field(self._related).set_cached_value(built[0], built[1])
            records.append(built[0])
        return records


# Every CompiledPerKey of the process, so that tests can forget what each kept (`forget_all`).
_PER_KEY: list["CompiledPerKey"] = []


def forget_all() -> None:
    """Drop every statement kept per key (between tests: a key is made of ids a test reuses)."""
    for compiled in _PER_KEY:
        compiled.forget()


class CompiledPerKey:
    """The rows of `build(key)`, a queryset that is a pure function of a small hashable key (a scope and a
    day, say), compiled once per key and alias: the statement is the same for every request with that key,
    only the rows differ.

    For a read whose SQL costs the ORM more to build and compile than the database to run (the review
    queue's counts: 4.2 ms of Python against 0.9 ms of SQL at 1,000,000 cases; its page of three rows, 18 ms
    against 3, issue 14). `build` must read nothing but its key: no clock, no row of the database, no setting
    that changes while the process runs. The `maxsize` most recent keys are kept.

    A values() queryset is read with `dicts`; a queryset of records of one model (its annotations set on
    each, its relations prefetched, not joined) with `records`.
    """

    def __init__(self, build: Callable[[Hashable], QuerySet], maxsize: int = 256):
        self._build = build
        self._compiled = lru_cache(maxsize=maxsize)(self._compile)
        _PER_KEY.append(self)

    def _compile(self, alias: str, key: Hashable) -> dict | None:
        queryset = self._build(key).using(alias)
        query = queryset.query
        compiler = query.get_compiler(alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None  # the key matches nothing by construction (a scope of no centre): no statement
        columns = [column for column, _sql, _alias in compiler.select]
        compiled = {"sql": sql, "params": params, "compiler": compiler, "converters": compiler.get_converters(columns)}
        if queryset._iterable_class is ModelIterable:
            return compiled | _record_layout(queryset, compiler, sql)
        names = list(query.selected) if query.selected else [*query.values_select, *query.annotation_select]
        if len(names) != len(columns) or query.extra_select:
            raise ImproperlyConfigured(f"A compiled read per key selects values by name: {sql}")
        return compiled | {"names": names}

    def forget(self) -> None:
        """Drop every compiled statement (between tests: a key is made of ids a test reuses)."""
        self._compiled.cache_clear()

    def _rows(self, alias: str, compiled: dict) -> list:
        with connections[alias].cursor() as cursor:
            cursor.execute(compiled["sql"], compiled["params"])
            rows = cursor.fetchall()
        if rows and compiled["converters"]:
            rows = list(compiled["compiler"].apply_converters(rows, compiled["converters"]))
        return rows

    def dicts(self, alias: str, key: Hashable) -> list[dict]:
        """The statement's rows for this key, each a dict by name, converted as the ORM would."""
        compiled = self._compiled(alias, key)
        if compiled is None:
            return []
        names = compiled["names"]
        return [dict(zip(names, row, strict=True)) for row in self._rows(alias, compiled)]

    def records(self, alias: str, key: Hashable) -> list[Model]:
        """The statement's records for this key, built as the ORM builds them (its annotations set on each),
        with the queryset's prefetched relations."""
        compiled = self._compiled(alias, key)
        if compiled is None:
            return []
        model, names, (start, end) = compiled["model"], compiled["init"], compiled["span"]
        records = []
        for row in self._rows(alias, compiled):
            record = model.from_db(alias, names, row[start:end])
            for name, position in compiled["annotations"]:
                setattr(record, name, row[position])
            records.append(record)
        if records and compiled["prefetch"]:
            prefetch_related_objects(records, *compiled["prefetch"])
        return records


def _record_layout(queryset: QuerySet, compiler, sql: str) -> dict:
    """Where a records statement's row holds its model's columns and each annotation, as ModelIterable reads
    them; a joined relation (select_related) is refused, being built by populators of the ORM's own."""
    klass_info = compiler.klass_info
    if klass_info.get("related_klass_infos") or queryset._known_related_objects:
        raise ImproperlyConfigured(f"A compiled read per key prefetches its relations, it does not join them: {sql}")
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    return {
        "model": klass_info["model"],
        "init": [column.target.attname for column, _sql, _alias in compiler.select[start:end]],
        "span": (start, end),
        "annotations": list(compiler.annotation_col_map.items()),
        "prefetch": tuple(queryset._prefetch_related_lookups),
    }
