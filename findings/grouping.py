"""Groups statements for a page: who said what, and each bullet with its lead-in."""

from dataclasses import dataclass, field

from .models import Statement

Voice = Statement.Voice
Kind = Statement.Kind


@dataclass
class StatementGroups:
    agencies: list = field(default_factory=list)
    social_partners: list = field(default_factory=list)
    other_experiences: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    external: list = field(default_factory=list)
    recommendations: list = field(default_factory=list)


@dataclass
class Unit:
    """What a reader sees as one piece: a statement alone, or a lead-in with the
    run of its bullets that follow each other (same kind and side)."""

    lead_in: object
    statements: list

    @property
    def first(self):
        return self.statements[0]

    @property
    def anchor(self):
        """The id of its place in a document's text: the lead-in's, else the statement's."""
        return f"innledning-{self.lead_in.key}" if self.lead_in else f"utsagn-{self.first.key}"

    @property
    def bullets(self):
        """(statement, own addressee): in a list of several, a bullet addressed to
        another than the first bullet names its addressee."""
        several = len(self.statements) > 1
        first = self.first.addressee
        return [(s, several and s.addressee != first) for s in self.statements]

    @property
    def measures(self):
        """The measures of all the unit's statements, once each, in page order."""
        seen = {}
        for statement in self.statements:
            for measure in statement.measures.all():
                seen.setdefault(measure.pk, measure)
        return list(seen.values())


def as_units(statements):
    """`statements` in their order, consecutive bullets of one lead-in joined.
    Needs `lead_in` selected (Statement.objects.for_listing())."""
    units = []
    for statement in statements:
        last = units[-1] if units else None
        if last and last.lead_in and _continues(last.first, statement):
            last.statements.append(statement)
        else:
            units.append(Unit(statement.lead_in if statement.lead_in_id else None, [statement]))
    return units


def _continues(first, statement):
    return (statement.lead_in_id, statement.kind, statement.voice) == (
        first.lead_in_id,
        first.kind,
        first.voice,
    )


def group_statements(statements):
    """A measure's statements by side and kind, each group as units."""
    groups = StatementGroups()
    for statement in statements:
        _group_for(statement, groups).append(statement)
    for name, members in vars(groups).items():
        setattr(groups, name, as_units(members))
    return groups


def _group_for(statement, groups):
    if statement.kind == Kind.RECOMMENDATION:
        return groups.recommendations
    if statement.voice == Voice.EVALUATOR:
        return groups.external
    if statement.kind == Kind.ASSESSMENT:
        return groups.assessments
    if statement.voice == Voice.AGENCIES:
        return groups.agencies
    if statement.voice == Voice.SOCIAL_PARTNERS:
        return groups.social_partners
    return groups.other_experiences
