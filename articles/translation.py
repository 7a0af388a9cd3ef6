"""The fields django-modeltranslation translates: display text, never slugs or dates."""

from modeltranslation.translator import TranslationOptions, register

from articles.models import (
    Article,
    Correction,
    Event,
    Organization,
    Page,
    Participation,
    Person,
)


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("name", "honorific")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("name", "city", "venue", "summary")


@register(Participation)
class ParticipationTranslation(TranslationOptions):
    fields = ("role",)


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "standfirst", "body", "cover_alt")


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "body")


@register(Correction)
class CorrectionTranslation(TranslationOptions):
    fields = ("note",)
