"""
A confirmed proposal saved: its draft article, its event and who took part,
in one transaction, so that nothing half-made is ever saved.
"""

from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles import revisions, workflow
from articles.documents import paragraphs_html
from articles.importing.catalogue import PersonFound
from articles.importing.proposals import Outcome, Proposal
from articles.languages import field_suffix
from articles.models import Article, Event, Participation, Person


class NotConfirmable(Exception):
    """
    A proposal that is refused, already imported, or that the database
    refuses: nothing was saved, and the message says why.
    """


def save_proposal(
    proposal: Proposal, *, user=None, new_people: list[PersonFound] = ()
) -> Article:
    """
    Save ``proposal`` as a draft article (or update the draft it updates),
    with its event and the participations of the people it names.
    ``new_people`` are the proposed names the editor confirmed as people to
    create; names nobody confirmed are not created.
    """
    if proposal.status not in (Outcome.NEW, Outcome.UPDATE):
        raise NotConfirmable(" ".join(proposal.refusals) or proposal.status)
    try:
        return _save(proposal, user, new_people)
    except ValidationError as error:
        raise NotConfirmable(" ".join(error.messages)) from None
    except IntegrityError:
        # Another editor's import of the same document won the race.
        raise NotConfirmable(
            _("The document was imported by someone else meanwhile.")
        ) from None


def _save(proposal, user, new_people):
    language = proposal.language
    suffix = field_suffix(language)
    document = proposal.document
    with transaction.atomic(), revisions.recording(user):
        if proposal.outcome == Outcome.UPDATE:
            article = Article.objects.select_for_update().get(pk=proposal.existing.pk)
        else:
            article = Article(
                slug=_unique_slug(Article, _slug_base(proposal)),
                status=Article.Status.DRAFT,
                source_language=language,
                created_by=user,
                **workflow.new_draft_statuses(language),
            )
        setattr(article, f"title_{suffix}", proposal.title)
        setattr(article, f"standfirst_{suffix}", document.subtitle or "")
        setattr(article, f"body_{suffix}", paragraphs_html(document.paragraphs))
        article.published_at = (
            timezone.make_aware(proposal.published_at)
            if proposal.published_at
            else None
        )
        article.source_url = proposal.source_url or article.source_url
        article.source_checksum = proposal.identity
        article.full_clean()
        article.save()
        article.organizations.add(*proposal.organizations)
        if proposal.event is not None:
            event = _event(proposal, language)
            article.events.add(event)
            people = [found for found in proposal.people if found.known]
            people += [_new_person(found, language) for found in new_people]
            _take_part(event, people, language)
    return article


def _event(proposal, language):
    wanted = proposal.event
    if wanted.existing is not None:
        return wanted.existing
    suffix = field_suffix(language)
    event = Event(
        slug=_unique_slug(Event, _slug_base(proposal)),
        kind=wanted.kind,
        start_date=wanted.start,
        end_date=wanted.end if wanted.end != wanted.start else None,
        status=Event.Status.DRAFT,
        source_language=language,
        **workflow.new_draft_statuses(language),
    )
    setattr(event, f"name_{suffix}", wanted.name)
    setattr(event, f"city_{suffix}", wanted.city)
    event.full_clean()
    event.save()
    return event


def _new_person(found, language):
    person = Person(
        slug=_unique_slug(Person, slugify(found.name) or "person"),
        source_language=language,
        **workflow.new_draft_statuses(language),
    )
    setattr(person, f"name_{field_suffix(language)}", found.name)
    person.save()
    return PersonFound(found.name, found.role, person)


def _take_part(event, people, language):
    suffix = field_suffix(language)
    taking_part = set(event.participations.values_list("person_id", flat=True))
    order = len(taking_part)
    for found in people:
        if found.person.pk in taking_part:
            continue
        taking_part.add(found.person.pk)
        participation = Participation(
            event=event,
            person=found.person,
            order=order,
            **workflow.new_draft_statuses(language),
        )
        setattr(participation, f"role_{suffix}", found.role[:300])
        participation.save()
        order += 1


def _slug_base(proposal):
    """The title's words, else the address's or the file's last part."""
    candidates = [
        proposal.title or "",
        PurePosixPath(proposal.source_url).stem if proposal.source_url else "",
        PurePosixPath(proposal.name).stem,
    ]
    for candidate in candidates:
        if slug := slugify(candidate.replace("_", " ")):
            return slug
    return "article"


def _unique_slug(model, base):
    """``base``, or ``base-2``, ``base-3``… whichever no ``model`` has yet."""
    max_length = model._meta.get_field("slug").max_length
    base = base[:max_length].strip("-")
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].strip("-") + suffix
    return slug
