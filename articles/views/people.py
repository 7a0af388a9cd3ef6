"""People and organisations: who took part in what, and on whose behalf."""

from django.views.generic import ListView

from articles import seo
from articles.invalidation import (
    news_of_event,
    news_of_organization,
    parts_of_organization,
    parts_of_person,
)
from articles.models import Event, Organization, Person
from articles.views.base import RecordListMixin, RelatedNewsMixin
from cqcnews.tags import tag


class PersonDetailView(RecordListMixin, ListView):
    """
    A person and each part they took (a role belongs to the event, not the
    person), newest first, ``paginate_by`` at a time: years of events are
    too many for one page. Under each event, its ``news_per_event`` latest
    articles and, when there are more, a link to the event's page, which
    has them all.
    """

    model = Person
    template_name = "articles/person_detail.html"
    paginate_by = 10
    news_per_event = 5
    items_template = "articles/includes/person_timeline.html"

    def get_queryset(self):
        # One more article than is shown, to tell whether there are more.
        return self.object.participations.timeline(self.news_per_event + 1)

    def list_tags(self):
        return [parts_of_person(self.object.pk)]

    def items_context(self, parts):
        shown = self.news_per_event
        tag(*(news_of_event(part.event_id) for part in parts))
        return {
            "timeline": [
                (
                    participation,
                    participation.event.published_articles[:shown],
                    len(participation.event.published_articles) > shown,
                )
                for participation in parts
            ]
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        context.update(
            sharing={"title": person.display_name},
            structured_data=seo.person(
                person, absolute=self.request.build_absolute_uri
            ),
        )
        return context


class OrganizationDetailView(RelatedNewsMixin, ListView):
    """
    An organisation: its place in a hierarchy, the ``latest_count`` people
    who represented it and events it took part in most recently, each list
    with a link to all of them (``OrganizationPeopleView``,
    ``OrganizationEventsView``) when there are more, and its news, paged.
    """

    model = Organization
    template_name = "articles/organization_detail.html"
    latest_count = 10

    def get_object_queryset(self):
        return Organization.objects.for_detail()

    def list_tags(self):
        return [news_of_organization(self.object.pk)]

    def links(self):
        """What the page shows besides the organisation and its news, read together."""
        organization = self.object
        people, more_people = organization.participations.latest_per_person().head(
            self.latest_count
        )
        events, more_events = (
            Event.objects.public().involving(organization).head(self.latest_count)
        )
        return {
            "organization": organization,
            "branches": list(organization.branches.all()),
            "representatives": people,
            "more_representatives": more_people,
            "events": events,
            "more_events": more_events,
        }

    def get_context_data(self, **kwargs):
        organization = self.object
        return super().get_context_data(
            links=self.kept_part(
                "articles/includes/organization_links.html",
                self.links,
                tagged=[parts_of_organization(organization.pk)],
            ),
            sharing={
                "title": organization.name,
                "description": organization.description,
            },
            structured_data=seo.organization(
                organization, absolute=self.request.build_absolute_uri
            ),
            **kwargs,
        )


class OrganizationListMixin(RecordListMixin):
    """
    One of an organisation's lists in full, newest first, ``paginate_by`` at
    a time. The organisation's page shows the latest few and links here for
    the rest.
    """

    model = Organization
    paginate_by = 20

    def get_context_data(self, **kwargs):
        tag(parts_of_organization(self.object.pk))
        return super().get_context_data(**kwargs)


class OrganizationPeopleView(OrganizationListMixin, ListView):
    """Everyone who represented an organisation, with the part they took last."""

    template_name = "articles/organization_people.html"
    list_name = "representatives"

    def get_queryset(self):
        return self.object.participations.latest_per_person()


class OrganizationEventsView(OrganizationListMixin, ListView):
    """Every event an organisation organised or was represented at."""

    template_name = "articles/organization_events.html"
    list_name = "events"

    def get_queryset(self):
        return Event.objects.public().involving(self.object)
