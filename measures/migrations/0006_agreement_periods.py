"""Measures and budget lines belong to an agreement period, and a measure may
continue one from an earlier period. Every existing row (and its history) is
put in the IA agreement 2019–2022, the one the content describes."""

import django.db.models.deletion
from django.db import migrations, models

from ._periods import operations

CONTINUES_HELP = (
    "Samme virkemiddel i forrige avtaleperiode, når det er videreført. "
    "Siden viser da «Videreført fra» og «Videreført i» med lenker mellom versjonene."
)


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0005_measure_section_footnote_kind"),
    ]

    operations = [
        *operations("measure", "Avtalen virkemiddelet hører til.", "measures", "measures"),
        *operations("budgetline", "Avtalen beløpet hører til.", "budget_lines", "measures"),
        migrations.AddField(
            model_name="measure",
            name="continues",
            field=models.ForeignKey(
                blank=True,
                help_text=CONTINUES_HELP,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="continued_in",
                to="measures.measure",
                verbose_name="videreført fra",
            ),
        ),
        migrations.AddField(
            model_name="historicalmeasure",
            name="continues",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text=CONTINUES_HELP,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="measures.measure",
                verbose_name="videreført fra",
            ),
        ),
    ]
