"""
Who and what the site already knows, by every name the news gives them.

Built once for a batch of documents (a thousand documents do not ask the
database a thousand times for every alias), then asked of each document.
"""

from dataclasses import dataclass
from itertools import chain

from articles.documents import Document
from articles.documents.names import (
    NameIndex,
    candidate_people,
    name_variants,
)
from articles.models import Organization, OrganizationAlias, Person, PersonAlias


@dataclass(frozen=True)
class PersonFound:
    """A person a document names: ``person`` when known, else None for a new one."""

    name: str
    role: str
    person: Person | None = None

    @property
    def known(self):
        return self.person is not None


class Catalogue:
    """The site's people and organisations, by each spelling of their names."""

    def __init__(self):
        people = list(Person.objects.all())
        organizations = list(Organization.objects.all())
        self.people = _by_name(
            (
                (variant, person)
                for person in people
                for name in (person.name_en, person.name_zh_hans)
                if name
                for variant in name_variants(name)
            ),
            (
                (variant, alias.person)
                for alias in PersonAlias.objects.select_related("person")
                for variant in name_variants(alias.name)
            ),
        )
        self.organizations = _by_name(
            (
                (name, organization)
                for organization in organizations
                for name in (
                    organization.name_en,
                    organization.name_zh_hans,
                    organization.short_name,
                )
            ),
            (
                (alias.name, alias.organization)
                for alias in OrganizationAlias.objects.select_related("organization")
            ),
        )
        self._people_index = NameIndex(self.people)
        self._organizations_index = NameIndex(self.organizations)

    def people_in(self, document: Document) -> list[PersonFound]:
        """
        Everyone ``document`` names, each once, in order of first mention:
        known people with the role the text gives them, then the names that
        look like people nobody has entered, for the editor to confirm.
        """
        found, seen = [], set()
        for mention in self._people_index.find(document.text):
            person = self.people[mention.name]
            if person.pk not in seen:
                seen.add(person.pk)
                found.append(PersonFound(mention.name, mention.role, person))
        for candidate in candidate_people(document.text, self.people):
            found.append(PersonFound(candidate.name, candidate.role))
        return found

    def organizations_in(self, document: Document) -> list[Organization]:
        """The known organisations ``document`` names, each once, in order."""
        found = []
        for mention in self._organizations_index.find(document.text):
            organization = self.organizations[mention.name]
            if organization not in found:
                found.append(organization)
        return found


def _by_name(*pairs):
    """Objects by each name they go by; where two share one, the first keeps it."""
    names = {}
    for name, obj in chain.from_iterable(pairs):
        if name and name.strip():
            names.setdefault(" ".join(name.split()), obj)
    return names
