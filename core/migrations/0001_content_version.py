"""The content version counter (core.content_version): a plain single-row table, not a
model, so flush, dumpdata/loaddata and restore never set it back."""

import uuid

from django.db import migrations

TABLE = "core_content_version"


def first_row(apps, schema_editor):
    schema_editor.execute(
        f"INSERT INTO {TABLE} (id, counter, epoch) VALUES (1, 0, %s)", [uuid.uuid4().hex]
    )


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.RunSQL(
            f"CREATE TABLE {TABLE} ("
            "id integer NOT NULL PRIMARY KEY CHECK (id = 1), "
            "counter bigint NOT NULL, "
            "epoch varchar(32) NOT NULL)",
            reverse_sql=f"DROP TABLE {TABLE}",
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]
