"""
The news domain: organisations, people, events, who took part in what, and the
articles that report on it, one module per domain. Every model is importable
from ``articles.models``, where Django looks for them.
"""

from articles.models.articles import Article, ArticleQuerySet
from articles.models.base import (
    RICH_TEXT_EXTENSIONS,
    Alias,
    Authored,
    Language,
    ListQuerySet,
    Translated,
    TranslationStatus,
    rich_text_field,
)
from articles.models.events import Event, EventQuerySet
from articles.models.history import Correction
from articles.models.organizations import (
    Organization,
    OrganizationAlias,
    OrganizationQuerySet,
)
from articles.models.pages import Page
from articles.models.participations import Participation, ParticipationQuerySet
from articles.models.people import Person, PersonAlias

__all__ = [
    "RICH_TEXT_EXTENSIONS",
    "Alias",
    "Article",
    "ArticleQuerySet",
    "Authored",
    "Correction",
    "Event",
    "EventQuerySet",
    "Language",
    "ListQuerySet",
    "Organization",
    "OrganizationAlias",
    "OrganizationQuerySet",
    "Page",
    "Participation",
    "ParticipationQuerySet",
    "Person",
    "PersonAlias",
    "Translated",
    "TranslationStatus",
    "rich_text_field",
]
