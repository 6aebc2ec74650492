"""Full-text search over statements.

PostgreSQL: the `norwegian` Snowball config with websearch syntax ("phrases",
-exclude, or), ranked, with a GIN index on the same expression. Two gaps of
stemming are closed by hand: spelling variants the sources use side by side
(sykmeldt/sykemeldt) are OR-ed together, and each word also matches inside
compounds (fravær → sykefraværet) through a trigram-indexed substring match.

SQLite: the same query language over a case-folded copy of the text, since
SQLite's own LIKE folds ASCII only.
"""

import re
import shlex
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, Q, TextField
from django.utils.html import escape
from django.utils.safestring import mark_safe

CONFIG = "norwegian"
# Stems the sources spell both ways (sykmeldt/sykemeldt, sykmelder/sykemelder …).
SPELLING_VARIANTS = [("sykmeld", "sykemeld")]
START, STOP = "\x02", "\x03"  # sentinels: never in user text, escaped before display


@dataclass
class ParsedQuery:
    terms: list[str] = field(default_factory=list)  # words and phrases that must match
    excluded: list[str] = field(default_factory=list)


def parse(q):
    """Split a websearch-style query into required and excluded words/phrases."""
    parsed = ParsedQuery()
    try:
        tokens = shlex.split(q)
    except ValueError:  # an unbalanced quote: treat quotes as ordinary characters
        tokens = q.replace('"', " ").split()
    for token in tokens:
        if token.lower() == "or":
            continue
        if token.startswith("-") and len(token) > 1:
            parsed.excluded.append(token[1:])
        elif token.strip("-"):
            parsed.terms.append(token.strip("-"))
    return parsed


def variants(text):
    """The text (a word or a whole query) and its other spellings, lower-cased."""
    forms = {text.lower()}
    for a, b in SPELLING_VARIANTS:
        for form in list(forms):
            if a in form:
                forms.add(form.replace(a, b))
            if b in form:
                forms.add(form.replace(b, a))
    return sorted(forms)


def search_vector():
    # Must match the expression of the GIN index in migration 0004.
    return SearchVector("text", config=CONFIG)


def apply(queryset, q):
    """Statements matching `q`, annotated with `rank` where the database ranks."""
    parsed = parse(q)
    if not parsed.terms and not parsed.excluded:
        return queryset
    if connection.vendor == "postgresql":
        return _postgres(queryset, q, parsed)
    return _folded(queryset, parsed)


def _postgres(queryset, q, parsed):
    query = SearchQuery(q, config=CONFIG, search_type="websearch")
    for alternative in set(variants(q)) - {q.lower()}:
        query |= SearchQuery(alternative, config=CONFIG, search_type="websearch")
    substring = Q()
    for term in parsed.terms:
        substring &= _any_of(term, lambda form: Q(text__icontains=form))
    matches = Q(search=query) | substring if parsed.terms else Q(search=query)
    queryset = queryset.annotate(search=search_vector()).filter(matches)
    for term in parsed.excluded:
        queryset = queryset.exclude(_any_of(term, lambda form: Q(text__icontains=form)))
    return queryset.annotate(
        rank=SearchRank(search_vector(), query),
        headline=SearchHeadline(
            "text", query, config=CONFIG, start_sel=START, stop_sel=STOP, highlight_all=True
        ),
    )


def _any_of(term, make_q):
    condition = Q()
    for form in variants(term):
        condition |= make_q(form)
    return condition


class CaseFold(Func):
    """SQLite only: the Python casefold registered on each connection (apps.py)."""

    function = "ia_casefold"
    output_field = TextField()


def _folded(queryset, parsed):
    queryset = queryset.annotate(folded=CaseFold(F("text")))
    for term in parsed.terms:
        queryset = queryset.filter(_any_of(term, lambda form: Q(folded__contains=form.casefold())))
    for term in parsed.excluded:
        queryset = queryset.exclude(_any_of(term, lambda form: Q(folded__contains=form.casefold())))
    return queryset


def highlight(statement, q):
    """The statement's text, HTML-escaped, with the matches wrapped in <mark>."""
    text = getattr(statement, "headline", None) or statement.text
    if START not in text:
        text = _mark_words(text, [form for term in parse(q).terms for form in variants(term)])
    html = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)


def _mark_words(text, words):
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return text
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    return pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text)
