"""Descriptions as a reader sees them: each with the footnotes that explain it."""

from dataclasses import dataclass, field

from .models import MeasureSection


@dataclass
class Description:
    section: MeasureSection
    footnotes: list = field(default_factory=list)


def with_footnotes(sections):
    """`sections` (in source order) without their footnotes, each footnote under
    the description it explains: the last one before it that carries its marker,
    else the last one in the same section of the source, else the last one."""
    descriptions = []
    for section in sections:
        if section.kind != MeasureSection.Kind.FOOTNOTE:
            descriptions.append(Description(section))
            continue
        owner = _owner(descriptions, section)
        if owner is None:  # a footnote with nothing above it stands alone
            descriptions.append(Description(section))
        else:
            owner.footnotes.append(section)
    return descriptions


def _owner(descriptions, footnote):
    number = footnote.footnote_number
    earlier = [d for d in descriptions if d.section.source_id == footnote.source_id]
    for test in (
        lambda d: number and d.section.footnote_marker.strip("[]") == number,
        lambda d: d.section.section == footnote.section,
        lambda d: True,
    ):
        matching = [d for d in earlier if test(d)]
        if matching:
            return matching[-1]
    return None
