"""
``manage.py populate --articles 100000 --seed 7``: fill an empty database
with synthetic bilingual news (``articles.populating``).

Rows are written in bulk inside one transaction, with no signal sent: the
command therefore rebuilds the search index itself (``rebuild_search_index``)
and starts a new content version so that no cached page survives.

Safety: it refuses a database that already holds any content (the real news,
or an earlier run) unless ``--force`` is given; then it adds to it, with
slugs carrying the seed, so another seed never collides. The new news is
linked with what is there (articles tell of its events and organisations,
its people take part in new events), so its pages grow with the site; an
organisation or footer page whose name is taken is not made again.
"""

import time

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Event, Organization, Page, Person
from articles.populating import plan, populate
from cqcnews.tags import forget_everything


class Command(BaseCommand):
    help = (
        "Fill an empty database with synthetic bilingual news (articles, events, "
        "people, organisations) for load tests. Refuses a database that holds "
        "content unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, required=True, help="How many articles to make."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Same seed, same content (default 1)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add to a database that already holds content, linking the new "
            "news with its events, people and organisations.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be made, and change nothing.",
        )

    def handle(self, *args, articles, seed, force, dry_run, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        counts = plan(articles)
        if dry_run:
            made = ", ".join(f"{n} {name}" for name, n in counts.items())
            self.stdout.write(f"Would make {made} (seed {seed}).")
            return
        existing = {
            model._meta.verbose_name_plural: model.objects.count()
            for model in (Article, Event, Person, Organization, Page)
        }
        if any(existing.values()) and not force:
            held = ", ".join(f"{n} {name}" for name, n in existing.items() if n)
            raise CommandError(
                f"The database already holds content ({held}). populate fills an "
                "empty database; use --force to add synthetic news to this one."
            )
        started = time.monotonic()
        try:
            with transaction.atomic():
                made = populate(seed, counts, today=timezone.localdate())
        except IntegrityError as error:
            raise CommandError(
                f"Nothing was written: {error}. With --force, give a seed not "
                "used on this database yet."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Made {made['articles']} articles, {made['events']} events, "
                f"{made['people']} people and {made['organisations']} "
                f"organisations in {time.monotonic() - started:.1f} s."
            )
        )
        # Rows written in bulk send no signals: refresh the search index and
        # start a new content version, so no cached page shows the old site.
        if "rebuild_search_index" in get_commands():
            started = time.monotonic()
            call_command("rebuild_search_index", stdout=self.stdout)
            self.stdout.write(
                f"Search index rebuilt in {time.monotonic() - started:.1f} s."
            )
        forget_everything()
