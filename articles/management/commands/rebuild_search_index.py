"""Rebuild the full-text search index of articles from scratch."""

from django.core.management.base import BaseCommand

from articles.models import Article
from articles.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Empty the search index and index every article again. Run it after "
        "changes that bypass the model's signals (bulk_create, update(), raw SQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database",
            default="default",
            help="The database to rebuild (default: default).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report how many articles would be indexed, and change nothing.",
        )

    def handle(self, *args, database, dry_run, **options):
        articles = Article.objects.using(database)
        if dry_run:
            self.stdout.write(f"Would index {articles.count()} articles.")
            return
        count = rebuild_index(articles.all(), using=database)
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} articles."))
