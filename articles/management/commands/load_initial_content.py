"""
``manage.py load_initial_content`` (``make run``): give a new site its first
articles, people and organisations from ``fixtures/initial_content.json``.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from articles.fixture_builder import INITIAL_CONTENT
from articles.models import (
    Article,
    Event,
    Organization,
    OrganizationAlias,
    Page,
    Participation,
    Person,
    PersonAlias,
)

# Everything the fixture holds: loading over any of it would overwrite rows
# that share a primary key, so one existing row is enough to stop.
CONTENT_MODELS = [
    Organization,
    OrganizationAlias,
    Person,
    PersonAlias,
    Event,
    Participation,
    Article,
    Page,
]


class Command(BaseCommand):
    help = (
        "Load the first articles, people and organisations into an empty site. "
        "A site that already has content is left as it is, so this is safe to "
        "run on every start."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            existing = [model for model in CONTENT_MODELS if model.objects.exists()]
            if existing:
                self.stdout.write(
                    _("The site already has content (%(kinds)s): nothing loaded.")
                    % {
                        "kinds": ", ".join(
                            dict.fromkeys(
                                str(model._meta.verbose_name_plural)
                                for model in existing
                            )
                        )
                    }
                )
                return
            call_command("loaddata", INITIAL_CONTENT, verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                _("Loaded the initial content: %(articles)d articles.")
                % {"articles": Article.objects.count()}
            )
        )
