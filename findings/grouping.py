"""Groups a measure's statements for its page: who said what."""

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


def group_statements(statements):
    groups = StatementGroups()
    for statement in statements:
        _group_for(statement, groups).append(statement)
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
