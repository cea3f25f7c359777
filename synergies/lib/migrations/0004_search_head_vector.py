from django.db import migrations

# PostgreSQL ranks by the title and summary part of each document's vector: a few hundred bytes kept in the row,
# where the whole vector lives out of line and would be read back for every matching document. The backend writes
# it with the row; the documents already indexed take it from their vector. (A plain column, not a generated one:
# copies of the table made with INSERT … SELECT *, such as the test suite's demo snapshot, must stay possible.)
POSTGRESQL_CREATE = [
    "ALTER TABLE lib_searchdocument ADD COLUMN head tsvector",
    "ALTER TABLE lib_searchdocument ALTER COLUMN head SET STORAGE MAIN",
    "UPDATE lib_searchdocument SET head = ts_filter(tsv, '{a,b}')",
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
