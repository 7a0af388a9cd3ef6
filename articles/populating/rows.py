"""
Plain rows written in bulk: how ``populate`` stores 100,000 articles in
seconds rather than minutes.

No model instance is built and nothing is saved one row at a time, so no
signal is sent: whoever calls ``insert_rows`` keeps the search index and the
page cache up to date itself.
"""

from functools import cache, partial

from django.core.management.color import no_style
from django.db import connections, models, router
from django.db.models import Max

#: Fields whose values both database drivers take as Python holds them
#: (text, numbers, keys): passing these through their field one by one would
#: cost more than writing the rows. Dates and times still go through theirs.
AS_THEY_ARE = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def insert_rows(model, rows):
    """
    Insert ``rows`` (dicts of field attribute name to value, all with the
    same keys) into ``model``'s table, other columns taking their field's
    default; returns the new primary keys, which are given explicitly so
    none is read back. Plain rows, not model instances: building 100,000
    instances, and modeltranslation's work on each, costs more than the
    database does. PostgreSQL takes them with one COPY (its driver runs an
    ``executemany`` as one statement a row), other databases with one
    ``executemany``.
    """
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    fields = [
        field for field in model._meta.local_concrete_fields if not field.primary_key
    ]
    given = [field for field in fields if field.attname in rows[0]]
    others = [field for field in fields if field.attname not in rows[0]]
    defaults = [
        field.get_db_prep_save(field.get_default(), connection) for field in others
    ]
    # Each distinct value is prepared once: all the rows of a batch share
    # their creation time, for one.
    prepare = [
        (field.attname, None)
        if isinstance(field, AS_THEY_ARE)
        else (
            field.attname,
            cache(partial(field.get_db_prep_save, connection=connection)),
        )
        for field in given
    ]
    first = (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    ids = range(first, first + len(rows))
    values = [
        [
            pk,
            *(
                row[name] if to_db is None else to_db(row[name])
                for name, to_db in prepare
            ),
            *defaults,
        ]
        for pk, row in zip(ids, rows, strict=True)
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(field.column)
        for field in [model._meta.pk, *given, *others]
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with (
                connection.wrap_database_errors,
                cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for row in values:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * (len(fields) + 1))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values
            )
        # PostgreSQL's sequences do not see explicit keys: move them on.
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)
    return list(ids)
