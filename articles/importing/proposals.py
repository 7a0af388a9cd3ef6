"""
What importing a document would do, for an editor to review before anything
is saved: the article it becomes, its event, the people and organisations
it names, and why it is refused or what should be checked.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.documents import (
    Document,
    DocumentError,
    checksum,
    decode,
    identity,
    parse_document,
)
from articles.importing.catalogue import Catalogue, PersonFound
from articles.models import Article, Event, Organization


class Outcome:
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


OUTCOME_LABELS = {
    Outcome.NEW: gettext_lazy("imported"),
    Outcome.UPDATE: gettext_lazy("updated"),
    Outcome.UNCHANGED: gettext_lazy("unchanged"),
    Outcome.REFUSED: gettext_lazy("refused"),
}


@dataclass
class EventProposal:
    """The event a document reports, as the editor will confirm it."""

    name: str
    start: datetime.date
    end: datetime.date
    kind: str
    city: str
    existing: Event | None = None


@dataclass
class Proposal:
    """One document's import, before the editor confirms it."""

    name: str
    outcome: str
    text: str = ""
    source_url: str = ""
    document: Document | None = None
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    existing: Article | None = None
    identity: str = ""
    title: str | None = None
    published_at: datetime.datetime | None = None
    language: str = "en"
    event: EventProposal | None = None
    people: list[PersonFound] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)

    @property
    def missing(self):
        """What an article needs that neither the document nor the editor gave."""
        return [
            what
            for what, value in (
                (_("a title"), self.title),
                (_("a publication date"), self.published_at),
            )
            if not value
        ]

    @property
    def refusals(self):
        """
        Why the document cannot be imported as it stands. A title is what no
        article can go without; a date can wait for the editor, with a warning.
        """
        if self.outcome == Outcome.UNCHANGED:
            return []
        refusals = list(self.reasons)
        if self.document is not None and not self.title and not refusals:
            refusals.append(
                _("Not found: %(missing)s. Give them to import the document.")
                % {"missing": _(" and ").join(self.missing)}
            )
        return refusals

    @property
    def status(self):
        """``outcome``, or refused while there is a reason to refuse."""
        return Outcome.REFUSED if self.refusals else self.outcome

    @property
    def refused(self):
        return self.status == Outcome.REFUSED

    @property
    def status_label(self):
        return str(OUTCOME_LABELS[self.status])

    @property
    def correctable(self):
        """Refused only for what an editor can supply: a title or a date."""
        return self.document is not None and not self.reasons

    @property
    def all_warnings(self):
        """The document's problems, and a missing date once a title is there."""
        if self.title and not self.published_at and self.outcome != Outcome.UNCHANGED:
            return [
                *self.warnings,
                _("No publication date was found: give one before publishing."),
            ]
        return self.warnings


def propose(
    data: bytes, *, name: str, source_url: str = "", catalogue: Catalogue
) -> Proposal:
    """The proposal for a file's bytes: never raises, a refusal says why."""
    try:
        text = decode(data, name=name)
    except DocumentError as error:
        return Proposal(name, Outcome.NEW, reasons=[error.message])
    return propose_text(
        text, name=name, source_url=source_url, catalogue=catalogue, raw=data
    )


def propose_text(
    text: str,
    *,
    name: str,
    source_url: str = "",
    catalogue: Catalogue,
    raw: bytes | None = None,
) -> Proposal:
    """The proposal for a document's text (``raw``: the file's bytes, if known)."""
    proposal = Proposal(name, Outcome.NEW, text=text, source_url=source_url)
    try:
        document = parse_document(text, name=name, source_url=source_url)
    except DocumentError as error:
        proposal.reasons.append(error.message)
        return proposal
    proposal.document = document
    proposal.identity = identity(text)
    proposal.title = document.title
    proposal.published_at = document.published_at
    proposal.language = document.language
    proposal.warnings = list(document.problems)

    identities = {
        proposal.identity,
        checksum(raw if raw is not None else text.encode()),
    }
    same = Q(source_checksum__in=identities)
    if source_url:
        same |= Q(source_url=source_url)
    existing = Article.objects.filter(same).order_by("pk").first()
    if existing is not None:
        proposal.existing = existing
        if existing.source_checksum in identities:
            proposal.outcome = Outcome.UNCHANGED
            return proposal
        if existing.status != Article.Status.DRAFT:
            return _refuse(
                proposal,
                _(
                    "“%(title)s”, from the same address, is no longer a draft: "
                    "change it in the editor rather than by importing."
                )
                % {"title": existing},
            )
        proposal.outcome = Outcome.UPDATE

    if document.notice:
        return _refuse(
            proposal,
            _("%(reason)s. A notice or a letter to clients is not news.")
            % {"reason": document.notice},
        )
    proposal.people = catalogue.people_in(document)
    proposal.organizations = catalogue.organizations_in(document)
    if document.event and document.title:
        found = document.event
        proposal.event = EventProposal(
            name=document.title,
            start=found.dates.start,
            end=found.dates.end,
            kind=found.kind,
            city=found.city or "",
            existing=_existing_event(found.dates.start, proposal.people),
        )
    elif proposal.people:
        proposal.warnings.append(
            _("No event date was found, so the people named are not linked.")
        )
    return proposal


def _refuse(proposal, reason):
    proposal.reasons.append(reason)
    return proposal


def _existing_event(start, people):
    """An event on ``start`` that a person the document names took part in."""
    known = [found.person for found in people if found.known]
    if not known:
        return None
    return (
        Event.objects.filter(start_date=start, participations__person__in=known)
        .order_by("pk")
        .first()
    )
