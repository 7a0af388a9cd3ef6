"""
The admin's "Import press releases": upload, review, confirm.

An upload (files, or a .zip of them) is read and shown document by document:
what each would become, what was found in it and what to check. Nothing is
saved until the editor confirms; corrections made on the review page (a
title, a date, an event's dates, which new names are people) are applied
then, each document in its own transaction.

The review page carries each document's text back signed, so what is saved
is exactly what was reviewed, and no upload waits on the server meanwhile.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from articles.importing import (
    Catalogue,
    NotConfirmable,
    Outcome,
    entries,
    propose,
    save_proposal,
)
from articles.importing.proposals import EventProposal, Proposal, propose_text
from articles.models import Event

# A review page holds each document's fields; past this many, the command
# (``manage.py import_documents``) is the tool for the job.
MAX_REVIEWED = 50
SIGNING_SALT = "articles.import-review"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """
    Several files in one field. An empty file is let through: the review
    says what is wrong with each file, next to its name.
    """

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        super().__init__(allow_empty_file=True, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class UploadForm(forms.Form):
    """Press releases to review before they become draft articles."""

    files = MultipleFileField(
        label=_("Press releases"),
        help_text=_(
            "Text or HTML files as saved from CQC's sites, English or Chinese, "
            "or a .zip of them. Nothing is saved before you have reviewed them."
        ),
    )


class ReviewForm(forms.Form):
    """One document on the review page: what the editor confirms or corrects."""

    payload = forms.CharField(widget=forms.HiddenInput)
    include = forms.BooleanField(label=_("Import this document"), required=False)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    published = forms.DateField(
        label=_("Publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    source_url = forms.URLField(label=_("Source address"), required=False)
    event_start = forms.DateField(
        label=_("Event starts"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    event_end = forms.DateField(
        label=_("Event ends"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    event_city = forms.CharField(label=_("Event city"), max_length=100, required=False)
    event_kind = forms.ChoiceField(label=_("Event kind"), choices=Event.Kind.choices)
    new_people = forms.MultipleChoiceField(
        label=_("New people to add"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Names the site does not know yet: tick the ones that are people."),
    )

    def __init__(self, *args, proposal=None, catalogue=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal or self._proposal_from_payload(catalogue)
        with translation.override(self.proposal.language):
            # The names and roles are the document's, in its language.
            comma = pgettext("between a person's name and their role", ", ")
        self.fields["new_people"].choices = [
            (found.name, comma.join(filter(None, (found.name, found.role))))
            for found in self.proposal.people
            if not found.known
        ]

    @classmethod
    def for_proposal(cls, proposal, *, prefix):
        event = proposal.event
        payload = signing.dumps(
            {"name": proposal.name, "text": proposal.text},
            salt=SIGNING_SALT,
            compress=True,
        )
        return cls(
            prefix=prefix,
            proposal=proposal,
            initial={
                "payload": payload,
                "include": proposal.status in (Outcome.NEW, Outcome.UPDATE),
                "title": proposal.title or "",
                "published": proposal.published_at.date()
                if proposal.published_at
                else None,
                "source_url": proposal.source_url,
                "event_start": event.start if event else None,
                "event_end": event.end if event else None,
                "event_city": event.city if event else "",
                "event_kind": event.kind if event else Event.Kind.OTHER,
            },
        )

    def _proposal_from_payload(self, catalogue):
        """The proposal of the signed document this bound form carries."""
        raw = self.data.get(self.add_prefix("payload"), "")
        try:
            carried = signing.loads(raw, salt=SIGNING_SALT)
        except signing.BadSignature:
            raise PermissionDenied(gettext("The review page was altered.")) from None
        self.carried = carried
        source_url = self.data.get(self.add_prefix("source_url"), "")
        return propose_text(
            carried["text"],
            name=carried["name"],
            source_url=source_url if _valid_url(source_url) else "",
            catalogue=catalogue,
        )

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("include"):
            return cleaned_data
        proposal = self.apply(cleaned_data)
        if proposal.reasons:
            raise ValidationError(proposal.reasons)
        if not proposal.title:
            self.add_error(
                "title", gettext("A title is needed to import the document.")
            )
        start, end = cleaned_data.get("event_start"), cleaned_data.get("event_end")
        if start and end and end < start:
            self.add_error(
                "event_end", gettext("The event cannot end before it starts.")
            )
        if end and not start:
            self.add_error("event_start", gettext("Give the day the event starts."))
        return cleaned_data

    def apply(self, cleaned_data):
        """The proposal with the editor's corrections."""
        proposal = self.proposal
        proposal.title = cleaned_data.get("title") or None
        published = cleaned_data.get("published")
        if published is None:
            proposal.published_at = None
        elif proposal.published_at is None or proposal.published_at.date() != published:
            proposal.published_at = datetime.datetime.combine(
                published, datetime.time()
            )
        start = cleaned_data.get("event_start")
        if start is None:
            proposal.event = None
        elif proposal.title:
            event = proposal.event
            end = cleaned_data.get("event_end") or start
            if event is None or (event.start, event.end) != (start, end):
                event = EventProposal(proposal.title, start, end, "", "", None)
            event.name = proposal.title
            event.kind = cleaned_data.get("event_kind") or Event.Kind.OTHER
            event.city = cleaned_data.get("event_city", "")
            proposal.event = event
        return proposal

    @property
    def chosen_people(self):
        names = set(self.cleaned_data.get("new_people") or [])
        return [
            found
            for found in self.proposal.people
            if not found.known and found.name in names
        ]


class ImportPressReleasesMixin:
    """The import pages of the article admin."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{name}_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request)
        upload = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and upload.is_valid():
            catalogue = Catalogue()
            proposals = [
                _proposal(entry, catalogue)
                for file in upload.cleaned_data["files"]
                for entry in entries(file.name, file.read())
            ]
            if len(proposals) > MAX_REVIEWED:
                upload.add_error(
                    "files",
                    gettext(
                        "These are %(count)d documents; a review page takes at most "
                        "%(limit)d. Import an archive this large with "
                        "“manage.py import_documents”."
                    )
                    % {"count": len(proposals), "limit": MAX_REVIEWED},
                )
            else:
                forms_ = [
                    ReviewForm.for_proposal(proposal, prefix=f"doc-{number}")
                    for number, proposal in enumerate(proposals)
                ]
                return self._review(request, forms_)
        return self._render(
            request,
            "admin/articles/article/import.html",
            None,
            gettext("Import press releases"),
            form=upload,
        )

    def _confirm(self, request):
        """Save the included documents, or show the review again with its errors."""
        try:
            count = min(int(request.POST.get("count", "0")), MAX_REVIEWED)
        except ValueError:
            count = 0
        catalogue = Catalogue()
        forms_ = [
            ReviewForm(request.POST, prefix=f"doc-{number}", catalogue=catalogue)
            for number in range(count)
        ]
        if not all(form.is_valid() for form in forms_):
            return self._review(request, forms_)
        saved = []
        for form in forms_:
            if not form.cleaned_data["include"]:
                continue
            proposal = form.proposal
            if proposal.status not in (Outcome.NEW, Outcome.UPDATE):
                continue
            try:
                article = save_proposal(
                    proposal, user=request.user, new_people=form.chosen_people
                )
            except NotConfirmable as error:
                self.message_user(request, f"{proposal.name}: {error}", messages.ERROR)
                continue
            if proposal.outcome == Outcome.NEW:
                self.log_addition(request, article, [{"added": {}}])
            else:
                self.log_change(request, article, gettext("Updated by an import."))
            saved.append((proposal, article))
        self.message_user(
            request,
            ngettext(
                "%(count)d draft article saved from the import.",
                "%(count)d draft articles saved from the import.",
                len(saved),
            )
            % {"count": len(saved)},
            messages.SUCCESS,
        )
        return self._render(
            request,
            "admin/articles/article/import_done.html",
            None,
            gettext("Import press releases"),
            saved=[
                {
                    "proposal": proposal,
                    "article": article,
                    "url": self._url("change", article.pk),
                }
                for proposal, article in saved
            ],
        )

    def _review(self, request, forms_):
        return self._render(
            request,
            "admin/articles/article/import_review.html",
            None,
            gettext("Review the press releases"),
            forms=forms_,
            count=len(forms_),
        )


def _proposal(entry, catalogue):
    if entry.error:
        return Proposal(entry.name, Outcome.NEW, reasons=[entry.error])
    return propose(entry.data, name=entry.name, catalogue=catalogue)


def _valid_url(value):
    try:
        forms.URLField().clean(value)
    except ValidationError:
        return False
    return True
