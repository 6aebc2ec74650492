"""An evaluation's state «levert» is stored as "delivered" and its date as
`delivered_on`: "published" is kept for the draft rule alone (issue 12)."""

from django.db import migrations, models


def _set_status(apps, old, new):
    for name in ("Evaluation", "HistoricalEvaluation"):
        apps.get_model("findings", name).objects.filter(status=old).update(status=new)


def to_delivered(apps, schema_editor):
    _set_status(apps, "published", "delivered")


def to_published(apps, schema_editor):
    _set_status(apps, "delivered", "published")


STATUS_CHOICES = [("planned", "Planlagt"), ("ongoing", "Pågår"), ("delivered", "Levert")]


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0004_historical_model_names_in_norwegian"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="evaluation", name="evaluation_published_has_precision"
        ),
        migrations.RenameField("evaluation", "published", "delivered_on"),
        migrations.RenameField("evaluation", "published_precision", "delivered_on_precision"),
        migrations.RenameField("historicalevaluation", "published", "delivered_on"),
        migrations.RenameField(
            "historicalevaluation", "published_precision", "delivered_on_precision"
        ),
        migrations.AlterField(
            model_name="evaluation",
            name="status",
            field=models.CharField(
                choices=STATUS_CHOICES,
                help_text="Slik kilden oppgir det på sitt tidspunkt.",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="historicalevaluation",
            name="status",
            field=models.CharField(
                choices=STATUS_CHOICES,
                help_text="Slik kilden oppgir det på sitt tidspunkt.",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(to_delivered, to_published, elidable=False),
        migrations.AlterModelOptions(
            name="evaluation",
            options={
                "ordering": ["due", "delivered_on", "title"],
                "verbose_name": "evaluering",
                "verbose_name_plural": "evalueringer",
            },
        ),
        migrations.AddConstraint(
            model_name="evaluation",
            constraint=models.CheckConstraint(
                condition=models.Q(delivered_on__isnull=True, delivered_on_precision="")
                | models.Q(
                    ("delivered_on__isnull", False),
                    models.Q(("delivered_on_precision", ""), _negated=True),
                ),
                name="evaluation_delivered_on_has_precision",
            ),
        ),
    ]
