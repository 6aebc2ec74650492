"""Shared by the migrations that put content in an agreement period
(measures 0006, findings 0006, followup 0004). The loader skips this module:
its name starts with an underscore."""

import django.db.models.deletion
from django.db import models

import measures.models.agreement

PERIOD_KEY = "ia-avtalen-2019-2022"
PERIOD = {"name": "IA-avtalen 2019–2022", "start_year": 2019, "end_year": 2022}


def assign_period(app_label, model_names):
    """A RunPython step that puts every row of the models (their history
    included) in the 2019–2022 period, making the period if it is missing."""

    def forwards(apps, schema_editor):
        rows = [apps.get_model(app_label, name).objects for name in model_names]
        if not any(manager.exists() for manager in rows):
            return
        AgreementPeriod = apps.get_model("measures", "AgreementPeriod")
        period, _ = AgreementPeriod.objects.get_or_create(key=PERIOD_KEY, defaults=PERIOD)
        for manager in rows:
            manager.update(period=period)
        if schema_editor.connection.vendor == "postgresql":
            # Check the new references now: PostgreSQL refuses to alter a table
            # with deferred checks pending, and the column becomes NOT NULL next.
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    return forwards


def period(help_text, related_name, final):
    """The period column: nullable until the rows have one, then required."""
    return models.ForeignKey(
        null=not final,
        default=measures.models.agreement.current_period if final else None,
        help_text=help_text,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to="measures.agreementperiod",
        verbose_name="avtaleperiode",
    )


def historical_period(help_text, final):
    return models.ForeignKey(
        blank=True,
        db_constraint=False,
        default=measures.models.agreement.current_period if final else None,
        help_text=help_text,
        null=True,
        on_delete=django.db.models.deletion.DO_NOTHING,
        related_name="+",
        to="measures.agreementperiod",
        verbose_name="avtaleperiode",
    )


def operations(model_name, help_text, related_name, app_label):
    """Add the column, fill it, make it required; the same for the history."""
    from django.db import migrations

    historical = f"historical{model_name}"
    return [
        migrations.AddField(model_name, "period", period(help_text, related_name, final=False)),
        migrations.AddField(historical, "period", historical_period(help_text, final=False)),
        migrations.RunPython(
            assign_period(app_label, [model_name, historical]), migrations.RunPython.noop
        ),
        migrations.AlterField(model_name, "period", period(help_text, related_name, final=True)),
        migrations.AlterField(historical, "period", historical_period(help_text, final=True)),
    ]
