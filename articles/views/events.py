"""The events: all of them, one of them, and one as a calendar file."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView

from articles import calendar, languages, seo
from articles.invalidation import (
    EVENTS,
    TODAY,
    news_of_event,
    own_page,
    people_of_event,
)
from articles.models import Event
from articles.views.base import PaginatedMixin, RelatedNewsMixin, group_by
from cqcnews.page_cache import remember
from cqcnews.tags import collecting, tag


class EventListView(PaginatedMixin, ListView):
    """Every event, latest first; sessions within an event are listed on its page."""

    queryset = Event.objects.public().main()
    template_name = "articles/event_list.html"
    context_object_name = "events"
    items_template = "articles/includes/event_items.html"
    paginate_by = 20

    def list_tags(self):
        return [EVENTS, TODAY]

    def items_context(self, items):
        return {**super().items_context(items), "today": timezone.localdate()}


class EventDetailView(RelatedNewsMixin, ListView):
    """
    An event: its sessions, organisers and participants by organisation, and
    its news, ``paginate_by`` at a time.
    """

    model = Event
    template_name = "articles/event_detail.html"

    def get_object_queryset(self):
        return Event.objects.for_detail()

    def list_tags(self):
        return [news_of_event(self.object.pk)]

    @cached_property
    def _linked(self):
        with collecting() as shown:
            event = Event.objects.for_detail().with_links().get(pk=self.object.pk)
        return event, shown

    def linked(self):
        """
        The event with its sessions, organisers and participants, read once
        for the parts of the page that show them (and only when one is not
        kept), each of which is given the tags of all it read.
        """
        event, shown = self._linked
        tag(*shown)
        return event

    def linked_tags(self):
        """
        What forgets what ``linked`` reads: the event's own page (a session
        added, an organiser changed) and its people (one added), which the
        records read cannot tag before they exist.
        """
        pk = self.object.pk
        return [own_page(Event, pk), people_of_event(pk)]

    def links(self):
        """What the page shows besides the event and its news, kept rendered."""

        def read():
            event = self.linked()
            return {
                "organisers": event.organisers.all(),
                "sub_events": event.sub_events.all(),
                "participant_groups": group_by(
                    event.participations.all(), lambda part: part.organization
                ),
            }

        return self.kept_part(
            "articles/includes/event_links.html", read, tagged=self.linked_tags()
        )

    def structured_data(self):
        """
        The event's JSON-LD data, kept in the reader's language and for the
        address the page was asked at, until the event or its people change:
        it names the organisers and tells whether anyone took part remotely,
        which the event alone does not.
        """
        absolute = self.request.build_absolute_uri
        return remember(
            f"event-data:{self.object.pk}:{languages.current()}:{absolute('/')}",
            lambda: seo.event(self.linked(), absolute=absolute),
            tagged=self.linked_tags(),
        )

    def get_context_data(self, **kwargs):
        event = self.object
        return super().get_context_data(
            links=self.links(),
            sharing={"title": event.name, "description": event.summary},
            structured_data=self.structured_data(),
            **kwargs,
        )


class EventCalendarView(DetailView):
    """An event as an iCalendar file the reader adds to their own calendar."""

    model = Event

    def render_to_response(self, context):
        event = self.object
        place = ", ".join(part for part in (event.venue, event.city) if part)
        body = calendar.event_calendar(
            uid=f"event-{event.slug}@{self.request.get_host()}",
            stamp=timezone.now(),
            summary=event.name,
            start=event.start_date,
            end=event.last_date,
            location=place,
            description=event.summary,
            url=self.request.build_absolute_uri(event.get_absolute_url()),
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
        return response
