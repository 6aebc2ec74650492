"""Keys («nøkkel») made from a row's own text, for the admin's add forms.

A key is part of addresses and fixtures, so it is plain ASCII: the Norwegian
letters are spelt out as Norwegians do in addresses (æ → ae, ø → o, å → aa),
then the text is slugified and cut at a word boundary. A number is added when
the key is taken.
"""

import re

from django.utils.text import slugify

NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "Æ": "ae", "Ø": "o", "Å": "aa"})
# Long enough to tell rows apart, short enough for an address; the field holds 120.
KEY_LENGTH = 60
# The fields a key is made from, in order of preference.
KEY_SOURCES = ("short_name", "name", "title", "heading", "label", "text", "quote")


def norwegian_slug(text, length=KEY_LENGTH):
    """«Sykefraværsoppfølging på arbeidsplassen» → «sykefravaersoppfolging-paa-arbeidsplassen»."""
    slug = slugify((text or "").translate(NORWEGIAN_LETTERS))
    if len(slug) <= length:
        return slug
    cut = slug[: length + 1]
    return cut[: cut.rfind("-")] if "-" in cut else slug[:length]


def unique_key(model, text):
    """A key from `text` no row of `model` has or had; «» when the text gives none."""
    base = norwegian_slug(text)
    if not base:
        return ""
    taken = set(model._default_manager.filter(key__startswith=base).values_list("key", flat=True))
    history = getattr(model, "history", None)
    if history is not None:
        # A deleted row's key stays taken, so restoring it from «Historikk» works.
        taken |= set(history.filter(key__startswith=base).values_list("key", flat=True))
    if base not in taken:
        return base
    numbered = re.compile(rf"^{re.escape(base)}-(\d+)$")
    highest = max((int(m.group(1)) for key in taken if (m := numbered.match(key))), default=1)
    return f"{base}-{highest + 1}"


def key_source(form_fields):
    """The first field of `form_fields` a key can be made from, or None."""
    return next((name for name in KEY_SOURCES if name in form_fields), None)
