"""The events: all of them, one of them, and one as a calendar file."""

from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import DetailView, ListView

from articles import calendar, seo
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

    def linked(self):
        """
        The event with what its page shows besides it and its news (its
        sessions, organisers and participants), kept until one of them
        changes: its structured data needs them too, so they are kept as
        data, and their part of the page as HTML besides.
        """
        pk = self.object.pk
        return remember(
            f"event-linked:{pk}",
            lambda: Event.objects.for_detail().with_links().get(pk=pk),
            tagged=[own_page(Event, pk), people_of_event(pk)],
        )

    def get_context_data(self, **kwargs):
        event = self.linked()

        def links():
            # Asked again, so that the part collects the tags of what it shows.
            event = self.linked()
            return {
                "organisers": event.organisers.all(),
                "sub_events": event.sub_events.all(),
                "participant_groups": group_by(
                    event.participations.all(), lambda part: part.organization
                ),
            }

        return super().get_context_data(
            links=self.kept_part("articles/includes/event_links.html", links),
            sharing={"title": event.name, "description": event.summary},
            structured_data=seo.event(event, absolute=self.request.build_absolute_uri),
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
