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


def _insert_statement(model: type[Model], connection) -> tuple[str, list]:
    key = ("insert", model, connection.alias)
    statement = _statements.get(key)
    if statement is None:
        meta, ops = model._meta, connection.ops
        pk = meta.pk
        fields = [f for f in meta.concrete_fields if f is not pk]
        columns = ", ".join(ops.quote_name(f.column) for f in fields)
        values = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {ops.quote_name(meta.db_table)} ({columns}) VALUES ({values})"
        if connection.features.can_return_columns_from_insert:
            sql += " " + ops.return_insert_columns([pk])[0]
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
    """INSERT several new rows that do not depend on one another, and set their primary keys.

    On PostgreSQL they go in one statement — one round trip to the server instead of one per
    row — as data-modifying common table expressions (all run, against the same snapshot;
    foreign keys are checked at commit). SQLite runs in the process: there each row is its own
    statement, which costs nothing more.
    """
    objs = list(objs)
    connection = connections[DEFAULT_DB_ALIAS]
    if (
        len(objs) < 2
        or connection.vendor != "postgresql"
        or any(_has_receivers(type(o)) or o.pk is not None for o in objs)
    ):
        return [insert(obj) for obj in objs]
    parts, params = [], []
    for i, obj in enumerate(objs):
        obj._prepare_related_fields_for_save(operation_name="save")
        sql, fields = _insert_statement(type(obj), connection)
        parts.append(f"w{i} AS ({sql})")
        params.extend(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields)
    pk_columns = ", ".join(
        f"(SELECT {connection.ops.quote_name(o._meta.pk.column)} FROM w{i})"
        for i, o in enumerate(objs)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(parts)} SELECT {pk_columns}", params)
        keys = cursor.fetchone()
    for obj, pk in zip(objs, keys, strict=True):
        obj.pk = obj._meta.pk.to_python(pk)
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


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
    return [
        f
        for f in fields
        if getattr(f, "auto_now", False)
        # A dict or list may have been changed in place: always written.
        or isinstance(value := getattr(obj, f.attname), dict | list)
        or value != saved.get(f.attname, missing)
    ]


def _update_statement(model: type[Model], fields: list, connection) -> str:
    key = ("update", model, connection.alias, tuple(f.attname for f in fields))
    sql = _statements.get(key)
    if sql is None:
        meta, ops = model._meta, connection.ops
        assignments = ", ".join(f"{ops.quote_name(f.column)} = %s" for f in fields)
        sql = _statements[key] = (
            f"UPDATE {ops.quote_name(meta.db_table)} SET {assignments} "
            f"WHERE {ops.quote_name(meta.pk.column)} = %s"
        )
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
