"""How long login records are kept, as the privacy statement (/personvern/) says.

Records are removed when someone logs in, so nothing needs a scheduled job:
successful logins that django-axes logs are kept LOGIN_LOG_RETENTION_DAYS, and
expired sessions go at once. django-axes removes failed attempts itself once
the lockout period has passed, at the next login or logout.
"""

from datetime import timedelta

from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone


def remove_old_login_records(**kwargs):
    now = timezone.now()
    cutoff = now - timedelta(days=settings.LOGIN_LOG_RETENTION_DAYS)
    AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()
    Session.objects.filter(expire_date__lt=now).delete()
