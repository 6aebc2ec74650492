from .agreement import AgreementPeriod, Goal, Indicator
from .budget import BudgetLine
from .measures import Measure, MeasureSection, Responsibility
from .notes import FollowUpNote
from .organisations import Organisation
from .sources import SourceDocument

__all__ = [
    "AgreementPeriod",
    "BudgetLine",
    "FollowUpNote",
    "Goal",
    "Indicator",
    "Measure",
    "MeasureSection",
    "Organisation",
    "Responsibility",
    "SourceDocument",
]
