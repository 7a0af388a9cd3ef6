"""The standing pages linked from the footer."""

from django.views.generic import DetailView

from articles.models import Page
from articles.views.base import display_text


class PageDetailView(DetailView):
    """A footer page ("Introduction of Website", "Exception Clause")."""

    model = Page
    context_object_name = "page"

    def get_context_data(self, **kwargs):
        text = display_text(self.object, ["title", "body"])
        return super().get_context_data(
            text=text,
            sharing={"title": text["title"], "language": text["language"]},
            **kwargs,
        )
