"""Deployment checks (`manage.py check --deploy`) for what the public pages promise."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PLACEHOLDER_CONTACT = "ia-portalen@example.org"


@register(Tags.security, deploy=True)
def contact_address_is_set(app_configs, **kwargs):
    """The footer, the privacy statement and the accessibility statement give
    PORTAL_CONTACT_EMAIL as the way to reach the owner: a placeholder there
    leaves visitors with nobody to write to."""
    if settings.PORTAL_CONTACT_EMAIL.endswith("@example.org"):
        return [
            Warning(
                "PORTAL_CONTACT_EMAIL er ikke satt, så sidene viser eksempeladressen "
                f"{PLACEHOLDER_CONTACT} som kontaktadresse.",
                hint="Sett PORTAL_CONTACT_EMAIL til sekretariatets e-postadresse.",
                id="ia_portal.W001",
            )
        ]
    return []
