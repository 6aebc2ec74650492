"""What an evaluation can tell about its measures: effect, results and
experiences, or other knowledge; the measures' evidence status is derived from
it (findings/evidence.py). Rows that exist get a first reading from their kind
(a status or annual report, survey, baseline, review or report is «annet
kunnskapsgrunnlag», any other kind «resultater og erfaringer»); the reading of
the sources, effect included, comes with `manage.py sync_content --apply`."""

from django.db import migrations, models

NOT_EVALUATIONS = ["status", "baseline", "review", "survey", "report"]

FIELD = models.CharField(
    choices=[
        ("effect", "Effekt"),
        ("results", "Resultater og erfaringer"),
        ("other", "Annet kunnskapsgrunnlag"),
    ],
    default="other",
    help_text="Effekt: kilden sier at rapporten undersøker om virkemiddelet virker "
    "(f.eks. «effekt», «påvirker», «bidrar til å redusere»). Resultater og erfaringer: "
    "en evaluering av virkemiddelet der kilden ikke nevner effekt. Annet "
    "kunnskapsgrunnlag: status- og årsrapporter, kartlegginger, nullpunktsanalyser, "
    "kunnskapsoppsummeringer og forskning som ikke evaluerer virkemiddelet selv.",
    max_length=10,
    verbose_name="kunnskap om",
)


def read_from_kind(apps, schema_editor):
    for name in ("Evaluation", "HistoricalEvaluation"):
        model = apps.get_model("findings", name)
        model.objects.exclude(kind__in=NOT_EVALUATIONS).update(evidence="results")


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0005_evaluation_delivered"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluation", name="evidence", field=FIELD, preserve_default=False
        ),
        migrations.AddField(
            model_name="historicalevaluation",
            name="evidence",
            field=FIELD,
            preserve_default=False,
        ),
        migrations.RunPython(read_from_kind, migrations.RunPython.noop, elidable=False),
    ]
