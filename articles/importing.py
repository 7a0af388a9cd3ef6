"""
A source document saved as a draft article, linked to what the site knows.

Shared by ``manage.py import_documents`` and anything else that takes a file
from an editor: whoever calls it, a file is imported once (by its SHA-256), as
a draft nobody reads until an editor has reviewed it, and either completely or
not at all.
"""

from dataclasses import dataclass, field
from itertools import chain
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from articles.documents import (
    Document,
    DocumentError,
    checksum,
    paragraphs_html,
    read_document,
)
from articles.models import (
    Article,
    Event,
    Organization,
    OrganizationAlias,
    Person,
    PersonAlias,
    TranslationStatus,
)


@dataclass
class ImportResult:
    """What importing one file did, or (``dry_run``) would do."""

    name: str
    article: Article
    created: bool
    document: Document | None = None
    organizations: list[Organization] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def already_imported(self):
        return not self.created


def import_document(data, *, name, created_by=None, dry_run=False):
    """
    Save the document in ``data`` (a file's bytes) as a draft article.

    Organisations it mentions by name, short name or alias are linked to the
    article. People mentioned by name or alias are returned (an article has
    no people of its own: they belong to events), and the existing events
    they took part in on a date the document gives are linked; no event is
    ever created here. A file imported before is left as it is.

    Raises ``DocumentError`` naming the file when it cannot be imported.
    """
    source_checksum = checksum(data)
    existing = Article.objects.filter(source_checksum=source_checksum).first()
    if existing is not None:
        return ImportResult(name=name, article=existing, created=False)

    document = read_document(data, name=name)
    organizations = _mentioned(document, _organization_names())
    people = _mentioned(document, _person_names())
    events = _events_of(people, document)
    title = document.title or PurePath(name).stem
    article = Article(
        title_en=title,
        slug=_unique_slug(_slug(title) or _slug(PurePath(name).stem)),
        body_en=paragraphs_html(document.paragraphs),
        status=Article.Status.DRAFT,
        published_at=(
            timezone.make_aware(document.published_at)
            if document.published_at
            else None
        ),
        translation_status_en=TranslationStatus.DRAFT,
        translation_status_zh_hans=TranslationStatus.MISSING,
        source_checksum=source_checksum,
        created_by=created_by,
    )
    try:
        article.full_clean()
    except ValidationError as error:
        raise DocumentError(name, " ".join(error.messages)) from None
    if not dry_run:
        with transaction.atomic():
            article.save()
            article.organizations.set(organizations)
            article.events.set(events)
    return ImportResult(
        name=name,
        article=article,
        created=True,
        document=document,
        organizations=organizations,
        people=people,
        events=events,
    )


def _organization_names():
    organizations = Organization.objects.all()
    aliases = OrganizationAlias.objects.select_related("organization")
    return _by_name(
        [(organization.name_en, organization) for organization in organizations],
        [(organization.short_name, organization) for organization in organizations],
        [(alias.name, alias.organization) for alias in aliases],
    )


def _person_names():
    aliases = PersonAlias.objects.select_related("person")
    return _by_name(
        [(person.name_en, person) for person in Person.objects.all()],
        [(alias.name, alias.person) for alias in aliases],
    )


def _by_name(*pairs):
    """Objects by each name they go by; where two share one, the first keeps it."""
    names = {}
    for name, obj in chain.from_iterable(pairs):
        if name and name.strip():
            names.setdefault(name.strip(), obj)
    return names


def _mentioned(document, names):
    """The objects behind the ``names`` the document mentions, each once, in order."""
    found = []
    for name in document.mentions(names):
        if names[name] not in found:
            found.append(names[name])
    return found


def _events_of(people, document):
    """Existing events these people took part in on a date the document gives."""
    if not people or not document.dates:
        return []
    on_those_dates = Q()
    for span in document.dates:
        on_those_dates |= Q(start_date__range=(span.start, span.end))
    return list(
        Event.objects.filter(on_those_dates, participations__person__in=people)
        .distinct()
        .order_by("start_date", "pk")
    )


def _slug(text):
    """Lower-case ASCII words joined by hyphens, as the site's slugs are written."""
    return slugify(text.replace("_", " "))


def _unique_slug(base):
    """``base``, or ``base-2``, ``base-3``… whichever no article has yet."""
    max_length = Article._meta.get_field("slug").max_length
    base = (base or "article")[:max_length].strip("-")
    slug, number = base, 1
    while Article.objects.filter(slug=slug).exists():
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].strip("-") + suffix
    return slug
