"""Password rules (AUTH_PASSWORD_VALIDATORS) with Norwegian messages."""

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, in Norwegian: Django 6.1 changed this message, and its Norwegian
    translation has only the old one, so the English text would show."""

    def get_error_message(self):
        return f"Passordet er for kort. Det må bestå av minst {self.min_length} tegn."
