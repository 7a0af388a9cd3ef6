"""
The site's first content, built from the source documents and curated TOML.

``build_fixture`` is pure: it takes the documents' bytes and the parsed TOML
(see ``fixtures/curated/README.md``) and returns the objects in Django's
serialisation format, with explicit primary keys in file order, so the same
input always gives the same file and ``loaddata`` can load it. The English
body of an article is its document's paragraphs, word for word; everything
the document does not say comes from the curated files, checked as it is read
so that a wrong slug or a missing paragraph fails the build with the file at
fault, instead of reaching readers.
"""

import datetime
import enum
import json
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from modeltranslation.translator import translator

from articles.documents import checksum, paragraphs_html, read_document
from articles.models import (
    Article,
    Event,
    Organization,
    OrganizationAlias,
    Page,
    Participation,
    Person,
    PersonAlias,
    TranslationStatus,
)

FIXTURES_DIR = settings.BASE_DIR / "fixtures"
DOCUMENTS_DIR = FIXTURES_DIR / "documents"
CURATED_DIR = FIXTURES_DIR / "curated"
INITIAL_CONTENT = FIXTURES_DIR / "initial_content.json"
ORGANIZATIONS, PEOPLE, PAGES = "organizations.toml", "people.toml", "pages.toml"
ARTICLES = "articles/"

# Article columns the builder writes, never the curated files.
ARTICLE_COMPUTED = frozenset(
    {
        "body_en",
        "body_zh_hans",
        "source_checksum",
        "created_at",
        "updated_at",
        "created_by",
    }
)


class FixtureError(Exception):
    """Curated data that cannot be built, with the file it is in."""

    def __init__(self, file, message):
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message


def build_fixture(
    documents: Mapping[str, bytes], curated: Mapping[str, dict]
) -> list[dict]:
    """
    The serialised objects for ``documents`` (file name → bytes) and
    ``curated`` (path under ``fixtures/curated/`` → parsed TOML).
    """
    return _Builder(documents, curated).build()


def dumps(objects: list[dict]) -> str:
    """The fixture file's text: stable key order, Chinese kept readable."""
    return json.dumps(objects, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class _Builder:
    def __init__(self, documents, curated):
        self.documents = documents
        self.curated = curated
        self.objects = []
        self.pks = {}  # model → {slug or natural key: pk}

    def build(self):
        for file in (ORGANIZATIONS, PEOPLE, PAGES):
            if file not in self.curated:
                raise FixtureError(file, _("the file is missing."))
        article_files = sorted(
            name for name in self.curated if name.startswith(ARTICLES)
        )
        for item, where in self._items(ORGANIZATIONS, "organization"):
            self._organization(item, where)
        for item, where in self._items(PEOPLE, "person"):
            self._person(item, where)
        for file in article_files:
            for item, where in self._items(file, "event", nested=True):
                self._event(item, where)
        used_documents = {}
        for file in article_files:
            self._article(self.curated[file], file, used_documents)
        for item, where in self._items(PAGES, "page"):
            self._add(Page, item, where)
        return self.objects

    # One method per kind of curated object.

    def _organization(self, item, where):
        item = dict(item)
        aliases = _strings(item.pop("aliases", []), where, "aliases")
        if "parent" in item:
            item["parent"] = self._parent(Organization, item.pop("parent"), where)
        self._require(item, where, "slug", "name_en")
        self._add(Organization, item, where)
        self._aliases(OrganizationAlias, "organization", aliases, item["slug"], where)

    def _person(self, item, where):
        item = dict(item)
        aliases = _strings(item.pop("aliases", []), where, "aliases")
        self._require(item, where, "slug", "name_en")
        self._add(Person, item, where)
        self._aliases(PersonAlias, "person", aliases, item["slug"], where)

    def _event(self, item, where):
        item = dict(item)
        participations = item.pop("participation", [])
        self._require(item, where, "slug", "kind", "start_date", "name_en")
        if "parent" in item:
            item["parent"] = self._parent(Event, item.pop("parent"), where)
        item["organisers"] = self._pks(
            Organization, item.pop("organisers", []), where, "organisers"
        )
        start, end = item["start_date"], item.get("end_date")
        dates = isinstance(start, datetime.date) and isinstance(end, datetime.date)
        if dates and end < start:
            raise FixtureError(where, _("end_date is before start_date."))
        self._add(Event, item, where)
        people = set()
        for order, participation in enumerate(participations):
            there = _("%(where)s, participation %(number)d") % {
                "where": where,
                "number": order + 1,
            }
            participation = {"order": order, **participation}
            self._require(participation, there, "person")
            person = self._pk(Person, participation["person"], there, "person")
            if person in people:
                raise FixtureError(
                    there,
                    _("“%(person)s” already takes part in this event.")
                    % {"person": participation["person"]},
                )
            people.add(person)
            participation["event"] = self.pks[Event][item["slug"]]
            participation["person"] = person
            if "organization" in participation:
                participation["organization"] = self._pk(
                    Organization, participation["organization"], there, "organization"
                )
            self._add(Participation, participation, there)

    def _article(self, item, file, used_documents):
        item = {key: value for key, value in item.items() if key != "event"}
        if written := ARTICLE_COMPUTED & set(item):
            raise FixtureError(
                file,
                _("“%(key)s” is built, not curated.") % {"key": sorted(written)[0]},
            )
        self._require(item, file, "document", "slug", "published_at")
        name = item.pop("document")
        if name not in self.documents:
            raise FixtureError(
                file, _("there is no document “%(name)s”.") % {"name": name}
            )
        if name in used_documents:
            raise FixtureError(
                file,
                _("document “%(name)s” is already the source of %(other)s.")
                % {"name": name, "other": used_documents[name]},
            )
        used_documents[name] = file
        data = self.documents[name]
        document = read_document(data, name=name)
        item.setdefault("title_en", document.title)
        if not item["title_en"]:
            raise FixtureError(
                file,
                _("document “%(name)s” has no title: give title_en.") % {"name": name},
            )
        item["body_en"] = paragraphs_html(document.paragraphs)
        if "paragraphs_zh_hans" in item:
            chinese = _strings(
                item.pop("paragraphs_zh_hans"), file, "paragraphs_zh_hans"
            )
            if len(chinese) != len(document.paragraphs):
                raise FixtureError(
                    file,
                    _(
                        "paragraphs_zh_hans has %(chinese)d paragraphs, but document "
                        "“%(name)s” has %(english)d."
                    )
                    % {
                        "chinese": len(chinese),
                        "name": name,
                        "english": len(document.paragraphs),
                    },
                )
            item["body_zh_hans"] = paragraphs_html(chinese)
        item["source_checksum"] = checksum(data)
        published_at = item["published_at"]
        if (
            not isinstance(published_at, datetime.datetime)
            or published_at.tzinfo is None
        ):
            raise FixtureError(
                file, _("published_at needs a date, a time and a UTC offset.")
            )
        item["created_at"] = item["updated_at"] = published_at
        item["events"] = self._pks(Event, item.pop("events", []), file, "events")
        item["organizations"] = self._pks(
            Organization, item.pop("organizations", []), file, "organizations"
        )
        self._add(Article, item, file)

    # Shared steps.

    def _items(self, file, key, *, nested=False):
        """Each ``[[key]]`` table of ``file``, with where it is for messages."""
        items = self.curated[file].get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise FixtureError(
                file, _("“%(key)s” must be an array of tables.") % {"key": key}
            )
        for number, item in enumerate(items, start=1):
            label = item.get("slug") or number
            yield item, f"{file}: [[{key}]] {label}" if nested else f"{file}: {label}"

    def _require(self, item, where, *keys):
        for key in keys:
            if item.get(key) in (None, "", []):
                raise FixtureError(where, _("“%(key)s” is required.") % {"key": key})

    def _aliases(self, model, owner, aliases, slug, where):
        """``model`` rows naming the ``owner`` just added, one per alias."""
        owner_pk = self.pks[model._meta.get_field(owner).related_model][slug]
        for alias in aliases:
            self._add(model, {"name": alias, owner: owner_pk}, where)

    def _pk(self, model, slug, where, key):
        """The pk of the ``model`` object with ``slug``, written earlier."""
        if not isinstance(slug, str) or slug not in self.pks.get(model, {}):
            raise FixtureError(
                where,
                _("%(key)s: there is no %(kind)s “%(slug)s”.")
                % {"key": key, "kind": model._meta.verbose_name, "slug": slug},
            )
        return self.pks[model][slug]

    def _parent(self, model, slug, where):
        try:
            return self._pk(model, slug, where, "parent")
        except FixtureError as error:
            raise FixtureError(
                where,
                _("%(message)s A parent must come before what is part of it.")
                % {"message": error.message},
            ) from None

    def _pks(self, model, slugs, where, key):
        return [
            self._pk(model, slug, where, key) for slug in _strings(slugs, where, key)
        ]

    def _add(self, model, item, where):
        """Check ``item`` against ``model`` and append it with the next pk."""
        fields = _fields(model, item, where)
        key = item.get("slug") or item.get("name") or len(self.pks.get(model, {}))
        known = self.pks.setdefault(model, {})
        if key in known:
            raise FixtureError(
                where,
                _("%(kind)s “%(key)s” is defined twice.")
                % {"kind": model._meta.verbose_name, "key": key},
            )
        known[key] = len(known) + 1
        self.objects.append(
            {"model": model._meta.label_lower, "pk": known[key], "fields": fields}
        )


def _fields(model, item, where):
    """
    ``item`` checked against ``model``'s columns and cleaned as the admin would.

    Written out are what ``item`` gives, every translated column (``title_en``,
    ``title_zh_hans``…) and the translation statuses; other columns keep their
    defaults, so a column added to a model later leaves the fixture as it is.
    The columns modeltranslation fills by itself (``title`` beside
    ``title_en``) are never written.
    """
    translations = (
        translator.get_options_for_model(model).all_fields
        if model in translator.get_registered_models()
        else {}
    )
    originals = set(translations)
    written = set(item) | {
        field.name for fields in translations.values() for field in fields
    }
    columns = {
        field.name: field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in originals
    }
    written |= {name for name in columns if name.startswith("translation_status_")}
    relations = {field.name for field in model._meta.many_to_many}
    if unknown := set(item) - set(columns) - relations:
        raise FixtureError(
            where, _("unknown field “%(key)s”.") % {"key": sorted(unknown)[0]}
        )
    fields = {name: item.get(name, []) for name in relations}
    for name, field in columns.items():
        value = item.get(name, field.get_default())
        if not field.is_relation and not (value is None and field.null):
            try:
                value = field.clean(value, None)
            except ValidationError as error:
                raise FixtureError(
                    where, f"{name}: {' '.join(error.messages)}"
                ) from None
        if name in written:
            fields[name] = _plain(value)
    if (
        "translation_status_zh_hans" in columns
        and "translation_status_zh_hans" not in item
    ):
        has_chinese = any(fields[f"{name}_zh_hans"] for name in originals)
        fields["translation_status_zh_hans"] = (
            TranslationStatus.REVIEWED if has_chinese else TranslationStatus.MISSING
        ).value
    return fields


def _plain(value):
    """A value as JSON holds it (dates as ISO 8601, as Django's serialiser writes)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def _strings(value, where, key):
    if not isinstance(value, list) or not all(
        isinstance(item, str) and item.strip() for item in value
    ):
        raise FixtureError(
            where, _("“%(key)s” must be a list of texts.") % {"key": key}
        )
    return value
