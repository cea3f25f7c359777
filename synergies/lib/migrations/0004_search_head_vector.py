from django.db import migrations

# PostgreSQL ranks by the title and summary part of each document's vector: a few hundred bytes kept in the row,
# where the whole vector lives out of line and would be read back for every matching document. Generated from
# `tsv`, it needs no code on writing and fills itself for the documents already indexed.
POSTGRESQL_CREATE = [
    "ALTER TABLE lib_searchdocument ADD COLUMN head tsvector GENERATED ALWAYS AS (ts_filter(tsv, '{a,b}')) STORED",
    "ALTER TABLE lib_searchdocument ALTER COLUMN head SET STORAGE MAIN",
]
POSTGRESQL_DROP = ["ALTER TABLE lib_searchdocument DROP COLUMN IF EXISTS head"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("lib", "0003_search")]

    operations = [migrations.RunPython(_run(POSTGRESQL_CREATE), _run(POSTGRESQL_DROP), elidable=False)]
