"""Full-text search over statements.

The query language: words and "phrases" that must all match, `-word` to
exclude, `or` between two words for either. A word matches its inflected forms
(Norwegian Snowball stemming), both spellings the sources use
(sykmeldt/sykemeldt), its synonyms (NALS ↔ NAV Arbeidslivssenter), and, when
typed without æ, ø, å, the word written with them (sykefravaersoppfolging →
sykefraværsoppfølging). A trailing or leading `*` asks for the word anywhere
inside another, compounds too (`fravær*` → sykefraværet).

PostgreSQL matches against the stored, indexed `search_vector` column
(migration 0006), ranks with it, and asks `ts_headline` only for the rows shown.
SQLite matches substrings of a folded copy of the text, computed per row.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQueryField, SearchVectorField
from django.db import connection
from django.db.models import BooleanField, Expression, F, FloatField, Func, Q, TextField
from django.db.models.expressions import Col, RawSQL
from django.db.models.lookups import Contains
from django.utils.html import escape
from django.utils.safestring import mark_safe

CONFIG = "norwegian"
# Stems the sources spell both ways (sykmeldt/sykemeldt, sykmelder/sykemelder …):
# (the form both are folded into, the other). Migration 0006 folds the same.
SPELLING_VARIANTS = [("sykmeld", "sykemeld")]
# How a word is typed without Norwegian letters. Migration 0006 folds the same.
LETTERS = [("æ", "ae"), ("ø", "o"), ("å", "aa")]
NORWEGIAN_LETTERS = re.compile("[æøå]", re.IGNORECASE)
# Names that mean the same: the measures' short and full names (a test checks
# every short name in the register is here) and the forms the sources write.
SYNONYMS = [
    (
        "NALS",
        "NAV Arbeidslivssenter",
        "NAV Arbeidslivssentrene",
        "Arbeidslivssenter",
        "Arbeidslivssentrene",
        "Arbeidslivssentre",
    ),
    ("IA-FoU", "IA FoU", "IA-FoU programmet", "IA FoU-programmet", "FoU-programmet"),
    ("HelseIArbeid", "Helse i arbeid"),
    (
        "SKIL",
        "SKIL - Kurs i sykmeldingsarbeid for fastleger",
        "Kurs i sykmeldingsarbeid for fastleger",
    ),
    ("Ekspertbistand", "Tilskudd til ekspertbistand"),
    ("Kompetansetiltak for sykmeldte", "Forsøk med utvidet bruk av kompetansetiltak for sykmeldte"),
]
START, STOP = "\x02", "\x03"  # sentinels: never in user text, escaped before display
# A lexeme in a tsquery's text form, quotes doubled inside: 'it''s'.
LEXEME_SQL = "'(?:[^']|'')*'".replace("'", "''")


def _key(text):
    return " ".join(text.lower().split())


SYNONYM_GROUPS = {_key(name): group for group in SYNONYMS for name in group}
LONGEST_SYNONYM = max(len(name.split()) for group in SYNONYMS for name in group)


@dataclass(frozen=True)
class Term:
    text: str
    star: bool = False  # the user asked for substrings: `fravær*`

    @property
    def typed_without_norwegian_letters(self):
        return not NORWEGIAN_LETTERS.search(self.text)


@dataclass
class ParsedQuery:
    # Every clause must match; a clause matches when one of its terms does.
    clauses: list[list[Term]] = field(default_factory=list)
    excluded: list[list[Term]] = field(default_factory=list)

    @property
    def terms(self):
        return [term for clause in self.clauses for term in clause]

    def __bool__(self):
        return bool(self.clauses or self.excluded)


TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


def parse(q):
    """Split a query into clauses of alternatives (or, synonyms) and exclusions."""
    tokens = []  # (text, excluded, phrase, star) and "or"
    for minus, phrase, word in TOKEN.findall(q):
        if phrase.strip():
            tokens.append((phrase.strip(), bool(minus), True, False))
        elif word.lower() == "or":
            tokens.append("or")
        elif word:
            excluded = word.startswith("-") and len(word) > 1
            text = word.replace('"', "").strip("-")
            star = text.startswith("*") or text.endswith("*")
            text = text.strip("*").strip("-")
            if text:
                tokens.append((text, excluded, False, star))
    parsed = ParsedQuery()
    join_next = False
    i = 0
    while i < len(tokens):
        if tokens[i] == "or":
            join_next = bool(parsed.clauses)
            i += 1
            continue
        text, excluded, phrase, star = tokens[i]
        length = 1 if phrase or star else _synonym_run(tokens, i)
        if length > 1:
            text = " ".join(token[0] for token in tokens[i : i + length])
        term = Term(text, star)
        alternatives = [term] if star else _with_synonyms(term)
        if excluded:
            parsed.excluded.append(alternatives)
        elif join_next:
            parsed.clauses[-1].extend(alternatives)
        else:
            parsed.clauses.append(alternatives)
        join_next = False
        i += length
    return parsed


def _synonym_run(tokens, start):
    """How many plain words from `start` on spell a synonym («NAV Arbeidslivssenter»)."""
    for length in range(LONGEST_SYNONYM, 1, -1):
        run = tokens[start : start + length]
        plain = all(t != "or" and not t[1] and not t[2] and not t[3] for t in run)
        if len(run) == length and plain and _key(" ".join(t[0] for t in run)) in SYNONYM_GROUPS:
            return length
    return 1


def _with_synonyms(term):
    group = SYNONYM_GROUPS.get(_key(term.text), ())
    return [term] + [Term(name) for name in group if _key(name) != _key(term.text)]


def fold_spelling(text):
    """Lower case, one spelling of each variant. Equal to SQL findings_spelling()."""
    text = text.lower()
    for canonical, other in SPELLING_VARIANTS:
        text = text.replace(other, canonical)
    return text


def fold_letters(text):
    """fold_spelling, then æ, ø, å as typed without them. Equal to SQL findings_folded()."""
    text = fold_spelling(text)
    for letter, ascii_form in LETTERS:
        text = text.replace(letter, ascii_form)
    return text


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


def apply(queryset, q):
    """Statements matching `q`, annotated with `rank` (and, on PostgreSQL, the
    `headline`, which the database computes only for the rows fetched)."""
    parsed = parse(q)
    if not parsed:
        return queryset
    if connection.vendor == "postgresql":
        return _ranked(queryset.filter(_postgres_condition(parsed)), parsed)
    return queryset.filter(_folded_condition(parsed))


def matching(queryset, q):
    """Only the statements matching `q`: no rank, no headline (for counting)."""
    parsed = parse(q)
    if not parsed:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.filter(_postgres_condition(parsed))
    return queryset.filter(_folded_condition(parsed))


# PostgreSQL ---------------------------------------------------------------

_VECTOR_COLUMN = SearchVectorField()
_VECTOR_COLUMN.set_attributes_from_name("search_vector")


class StoredVector(Expression):
    """The generated `search_vector` column of the statement table (migration
    0006), which the model does not declare."""

    output_field = SearchVectorField()

    def resolve_expression(self, query=None, *args, **kwargs):
        return Col(query.get_initial_alias(), _VECTOR_COLUMN)


class Matches(Func):
    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _tsquery(term, weights=""):
    """One word or phrase as a tsquery; with `weights`, matching only the parts
    of the vector with those weights (A text, B headings, C text without æøå)."""
    sql = f"phraseto_tsquery('{CONFIG}'::regconfig, %s)"
    if weights:
        sql = f"regexp_replace(({sql})::text, '{LEXEME_SQL}', '\\&:{weights}', 'g')::tsquery"
    return sql, [fold_spelling(term.text)]


def _any_of(clause, weighted):
    parts, params = [], []
    for term in clause:
        branches = ["A", "C"] if term.typed_without_norwegian_letters else ["A"]
        for weights in branches if weighted else [""]:
            sql, p = _tsquery(term, weights)
            parts.append(sql)
            params += p
    return "(" + " || ".join(parts) + ")", params


def _tsquery_of(clauses, excluded=(), weighted=True):
    parts, params = [], []
    for clause in clauses:
        sql, p = _any_of(clause, weighted)
        parts.append(sql)
        params += p
    for clause in excluded:
        sql, p = _any_of(clause, weighted)
        parts.append(f"!!{sql}")
        params += p
    return RawSQL(" && ".join(parts), params, output_field=SearchQueryField())


def _substring(clause):
    """The clause's words anywhere in the text, inside compounds too."""
    condition = Q()
    for term in clause:
        if term.typed_without_norwegian_letters:
            condition |= Contains(FoldedText(F("text")), fold_letters(term.text))
        else:
            # Found in the folded text (the trigram index) and with its letters.
            condition |= Contains(FoldedText(F("text")), fold_letters(term.text)) & Contains(
                SpellingText(F("text")), fold_spelling(term.text)
            )
    return condition


def _postgres_condition(parsed):
    whole = [c for c in parsed.clauses if not any(t.star for t in c)]
    starred = [c for c in parsed.clauses if any(t.star for t in c)]
    excluded = [c for c in parsed.excluded if not any(t.star for t in c)]
    condition = Q()
    if whole or excluded:
        condition &= Q(Matches(StoredVector(), _tsquery_of(whole, excluded)))
    for clause in starred:
        condition &= Q(Matches(StoredVector(), _tsquery_of([clause]))) | _substring(clause)
    for clause in parsed.excluded:
        if any(t.star for t in clause):
            condition &= ~_substring(clause)
    return condition


def _ranked(queryset, parsed):
    if not parsed.clauses:
        return queryset
    rank_query = _tsquery_of(parsed.clauses, weighted=False)
    return queryset.annotate(
        rank=Func(StoredVector(), rank_query, function="ts_rank", output_field=FloatField()),
        headline=SearchHeadline(
            "text",
            _headline_query(parsed),
            config=CONFIG,
            start_sel=START,
            stop_sel=STOP,
            highlight_all=True,
        ),
    )


def _headline_query(parsed):
    """Every word as written in the text: the original has both spellings."""
    forms = [Term(form) for term in parsed.terms for form in variants(term.text)]
    return _tsquery_of([forms], weighted=False)


# Both databases -----------------------------------------------------------


class FoldedText(Func):
    """The text as fold_letters() writes it."""

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="findings_folded", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="ia_search_folded", **extra)


class SpellingText(Func):
    """The text as fold_spelling() writes it."""

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="findings_spelling", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="ia_search_spelling", **extra)


def _folded_condition(parsed):
    """SQLite: every clause as a substring of the folded text."""
    condition = Q()
    for clause in parsed.clauses:
        condition &= _substring(clause)
    for clause in parsed.excluded:
        condition &= ~_substring(clause)
    return condition


# Display ------------------------------------------------------------------


def highlight(statement, q):
    """The statement's text, HTML-escaped, with the matches wrapped in <mark>."""
    text = getattr(statement, "headline", None) or statement.text
    if START not in text:
        text = _mark_words(text, [term.text for term in parse(q).terms])
    html = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)


def _mark_words(text, words):
    forms = {form for word in words for form in variants(word) if form}
    if not forms:
        return text
    patterns = [_letter_pattern(form) for form in sorted(forms, key=len, reverse=True)]
    pattern = re.compile("|".join(patterns), re.IGNORECASE)
    return pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text)


def _letter_pattern(word):
    """A regex for `word` that, where typed without æøå, finds them too."""
    if NORWEGIAN_LETTERS.search(word):
        return re.escape(word)
    pattern = re.escape(word)
    for letter, ascii_form in LETTERS:
        pattern = pattern.replace(re.escape(ascii_form), f"(?:{ascii_form}|{letter})")
    return pattern
