"""Single-row INSERT and UPDATE for the hot write paths (dossier reception and transitions).

``Model.save()`` rebuilds its SQL from scratch on every call: for a dossier reception that writes
eight rows, building statements costs several times more than the database takes to run them
(docs/benchmarks.md). Here the statement of each model is built once per process and database,
and each call only adapts the values — with the ORM's own ``pre_save`` (``auto_now``…) and
``get_db_prep_save`` (time zones, decimals, JSON), exactly as ``save()`` would — and runs it.

What is skipped is what these models do not use: ``pre_save``/``post_save`` signals (when a
receiver is connected for the model, both functions fall back to ``save()``), multi-table
inheritance and deferred fields. Related objects must be saved first, as with ``save()``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.db.models.signals import post_save, pre_save

_statements: dict[tuple, object] = {}


def _has_receivers(model: type[Model]) -> bool:
    return pre_save.has_listeners(model) or post_save.has_listeners(model)


def _insert_sql(model: type[Model], ops, values: list[str], returning: bool) -> str:
    """``INSERT INTO table (every column but the key) VALUES (values) [RETURNING key]``."""
    meta = model._meta
    columns = ", ".join(ops.quote_name(f.column) for f in meta.concrete_fields if f is not meta.pk)
    sql = f"INSERT INTO {ops.quote_name(meta.db_table)} ({columns}) VALUES ({', '.join(values)})"
    return sql + (f" RETURNING {ops.quote_name(meta.pk.column)}" if returning else "")


def _update_sql(model: type[Model], ops, fields: list, values: list[str]) -> str:
    """``UPDATE table SET field = value, … WHERE key = %s``."""
    meta = model._meta
    assignments = ", ".join(
        f"{ops.quote_name(f.column)} = {v}" for f, v in zip(fields, values, strict=True)
    )
    return (
        f"UPDATE {ops.quote_name(meta.db_table)} SET {assignments} "
        f"WHERE {ops.quote_name(meta.pk.column)} = %s"
    )


def _insert_statement(model: type[Model], connection) -> tuple[str, list]:
    key = ("insert", model, connection.alias)
    statement = _statements.get(key)
    if statement is None:
        meta = model._meta
        fields = [f for f in meta.concrete_fields if f is not meta.pk]
        returning = connection.features.can_return_columns_from_insert
        sql = _insert_sql(model, connection.ops, ["%s"] * len(fields), returning)
        statement = _statements[key] = (sql, fields)
    return statement


def insert(obj: Model, *, track_changes: bool = False) -> Model:
    """INSERT ``obj`` (a new instance with an automatic primary key) and set its primary key.
    ``track_changes``: remember the values written, for an ``update()`` later (``track()``)."""
    model = type(obj)
    if _has_receivers(model) or obj.pk is not None:
        obj.save(force_insert=True)
        return obj
    obj._prepare_related_fields_for_save(operation_name="save")
    # The connection itself, not django.db.connection: that proxy costs a thread-local lookup
    # on every attribute the fields read while adapting their values.
    connection = connections[DEFAULT_DB_ALIAS]
    sql, fields = _insert_statement(model, connection)
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if connection.features.can_return_columns_from_insert:
            pk = cursor.fetchone()[0]
        else:  # SQLite before 3.35
            pk = connection.ops.last_insert_id(cursor, model._meta.db_table, model._meta.pk.column)
    obj.pk = model._meta.pk.to_python(pk)
    obj._state.adding = False
    obj._state.db = connection.alias
    if track_changes:
        track(obj)
    return obj


def insert_all(objs: Iterable[Model]) -> list[Model]:
    """INSERT several new rows; see ``write_all``."""
    objs = list(objs)
    write_all(objs)
    return objs


def write_all(inserts: Iterable[Model], updates: Iterable[Model] = ()) -> None:
    """INSERT ``inserts`` in order, then UPDATE ``updates`` (as ``update()``), setting the new
    primary keys. A foreign key may point to a row inserted earlier in the same call.

    On PostgreSQL everything goes in one statement — one round trip to the server instead of
    one per row — as data-modifying common table expressions; a key of a row of the batch is
    read from its expression's ``RETURNING``. All parts run against the same snapshot, so the
    rows must not depend on one another otherwise (foreign keys are checked at commit), and no
    row may be updated twice. SQLite runs in the process: there each row is its own
    statement, which costs nothing more.
    """
    inserts, updates = list(inserts), list(updates)
    connection = connections[DEFAULT_DB_ALIAS]
    if (
        len(inserts) + len(updates) < 2
        or connection.vendor != "postgresql"
        or any(_has_receivers(type(o)) or o.pk is not None for o in inserts)
        or any(_has_receivers(type(o)) or o.pk is None for o in updates)
    ):
        for obj in inserts:
            insert(obj)
        for obj in updates:
            update(obj)
        return
    ops = connection.ops
    position = {id(obj): i for i, obj in enumerate(inserts)}
    parts: list[str] = []
    params: list = []

    def value(obj: Model, field) -> str:
        """The placeholder of one column (its value added to ``params``), or the key of a row
        inserted earlier in the batch."""
        if field.many_to_one and field.is_cached(obj):
            related = field.get_cached_value(obj)
            if related is not None and related.pk is None:
                if id(related) not in position:
                    raise ValueError(
                        f"{type(obj).__name__}.{field.name} refers to an unsaved "
                        f"{type(related).__name__} that is not in the batch"
                    )
                j = position[id(related)]
                return f"(SELECT {ops.quote_name(related._meta.pk.column)} FROM w{j})"
            if related is not None and getattr(obj, field.attname) != related.pk:
                setattr(obj, field.attname, related.pk)
        params.append(field.get_db_prep_save(field.pre_save(obj, obj.pk is None), connection))
        return "%s"

    for i, obj in enumerate(inserts):
        meta = obj._meta
        values = [value(obj, f) for f in meta.concrete_fields if f is not meta.pk]
        parts.append(f"w{i} AS ({_insert_sql(type(obj), ops, values, returning=True)})")
    for k, obj in enumerate(updates, start=len(inserts)):
        meta = obj._meta
        fields = _changed(obj, [f for f in meta.concrete_fields if f is not meta.pk])
        sql = _update_sql(type(obj), ops, fields, [value(obj, f) for f in fields])
        params.append(meta.pk.get_db_prep_save(obj.pk, connection))
        parts.append(f"w{k} AS ({sql} RETURNING {ops.quote_name(meta.pk.column)})")
    keys = ", ".join(
        f"(SELECT {ops.quote_name(o._meta.pk.column)} FROM w{i})"
        for i, o in enumerate([*inserts, *updates])
    )
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(parts)} SELECT {keys}", params)
        returned = cursor.fetchone()
    for obj, pk in zip(inserts, returned, strict=False):
        obj.pk = obj._meta.pk.to_python(pk)
        obj._state.adding = False
        obj._state.db = connection.alias
    for obj, pk in zip(updates, returned[len(inserts) :], strict=True):
        if pk is None:
            raise type(obj).DoesNotExist(f"{obj._meta.label} {obj.pk} is not in the database")
        track(obj)
    # Keys of rows of the batch, now known, into the columns that referred to them.
    for obj in [*inserts, *updates]:
        for field in obj._meta.concrete_fields:
            if field.many_to_one and field.is_cached(obj):
                related = field.get_cached_value(obj)
                if related is not None and id(related) in position:
                    setattr(obj, field.attname, related.pk)


_SNAPSHOT = "_rows_written"


def track(obj: Model) -> None:
    """Remember ``obj``'s values as they are in the database (just loaded or written), so that
    ``update()`` writes only the columns changed since."""
    fields = [f for f in obj._meta.concrete_fields if f is not obj._meta.pk]
    obj.__dict__[_SNAPSHOT] = {f.attname: getattr(obj, f.attname) for f in fields}


def _changed(obj: Model, fields: list) -> list:
    saved = obj.__dict__.get(_SNAPSHOT)
    if saved is None:
        return fields
    missing = object()
    return [f for f in fields if _differs(obj, f, saved.get(f.attname, missing))]


def _differs(obj: Model, field, saved) -> bool:
    if getattr(field, "auto_now", False):
        return True
    value = getattr(obj, field.attname)
    if isinstance(value, dict | list):  # may have been changed in place: always written
        return True
    if field.many_to_one and field.is_cached(obj):
        related = field.get_cached_value(obj)
        if related is not None and (related.pk is None or related.pk != saved):
            return True  # another row, or one not written yet (``write_all``)
    return value != saved


def _update_statement(model: type[Model], fields: list, connection) -> str:
    key = ("update", model, connection.alias, tuple(f.attname for f in fields))
    sql = _statements.get(key)
    if sql is None:
        sql = _statements[key] = _update_sql(model, connection.ops, fields, ["%s"] * len(fields))
    return sql


def update(obj: Model) -> Model:
    """UPDATE ``obj``'s existing row from the instance, as ``save()`` does — only the columns
    changed since it was loaded or written when that is known (``track()``), else all."""
    model = type(obj)
    if _has_receivers(model):
        obj.save(force_update=True)
        track(obj)
        return obj
    obj._prepare_related_fields_for_save(operation_name="save")
    connection = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    fields = _changed(obj, [f for f in meta.concrete_fields if f is not meta.pk])
    if not fields:
        return obj
    sql = _update_statement(model, fields, connection)
    params = [f.get_db_prep_save(f.pre_save(obj, False), connection) for f in fields]
    params.append(meta.pk.get_db_prep_save(obj.pk, connection))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if cursor.rowcount != 1:
            raise model.DoesNotExist(f"{meta.label} {obj.pk} is not in the database")
    track(obj)
    return obj
