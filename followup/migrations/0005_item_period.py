"""Follow-up items belong to an agreement period: every existing one (and its
history) goes in the IA agreement 2019–2022, as in measures 0006."""

from django.db import migrations

from measures.migrations._periods import operations


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0004_digest_subscription"),
        ("measures", "0006_agreement_periods"),
    ]

    operations = operations(
        "followupitem", "Avtalen anbefalingen gjelder.", "followup_items", "followup"
    )
