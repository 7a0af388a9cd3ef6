"""
``manage.py import_documents PATH...``: press-release text files become draft
articles for editors to review, translate and publish.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.documents import DocumentError
from articles.importing import import_document


class Command(BaseCommand):
    help = (
        "Import press-release text files (or every .txt file in a folder) as "
        "draft articles. A file already imported is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read and check the files and report, but save nothing.",
        )

    def handle(self, *args, paths, dry_run, **options):
        failed = []
        files = [file for path in paths for file in _text_files(path)]
        for path in files:
            try:
                result = import_document(
                    path.read_bytes(), name=str(path), dry_run=dry_run
                )
            except OSError as error:
                failed.append(path)
                self.stderr.write(self.style.ERROR(f"{path}: {error.strerror}."))
            except DocumentError as error:
                failed.append(path)
                self.stderr.write(self.style.ERROR(str(error)))
            else:
                self._report(result, dry_run=dry_run)
        if failed:
            raise CommandError(
                _("%(failed)d of %(total)d files could not be imported: %(names)s.")
                % {
                    "failed": len(failed),
                    "total": len(files),
                    "names": ", ".join(map(str, failed)),
                }
            )

    def _report(self, result, *, dry_run):
        article = result.article
        values = {"name": result.name, "title": article.title_en, "slug": article.slug}
        if result.already_imported:
            self.stdout.write(
                self.style.NOTICE(
                    _(
                        "%(name)s was imported before as “%(title)s” (%(slug)s): "
                        "nothing changed."
                    )
                    % values
                )
            )
            return
        if dry_run:
            message = _(
                "%(name)s would be imported as the draft “%(title)s” (%(slug)s)."
            )
        else:
            message = _("%(name)s imported as the draft “%(title)s” (%(slug)s).")
        self.stdout.write(self.style.SUCCESS(message % values))
        document = result.document
        if document.title is None:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "  The document has no title: "
                        "give the article one before it is published."
                    )
                )
            )
        details = [
            (
                _("Organisations"),
                [str(organization) for organization in result.organizations],
            ),
            (_("People"), [str(person) for person in result.people]),
            (_("Events"), [str(event) for event in result.events]),
            (_("Dates"), [_span(span) for span in document.dates]),
            (
                _("Publication time"),
                [str(article.published_at)] if article.published_at else [],
            ),
        ]
        for label, values in details:
            self.stdout.write(f"  {label}: {', '.join(values) or _('none found')}")


def _text_files(path):
    """The file itself, or a folder's .txt files in name order."""
    if path.is_dir():
        return sorted(path.glob("*.txt"))
    return [path]


def _span(span):
    if span.start == span.end:
        return span.start.isoformat()
    return f"{span.start.isoformat()}\N{EN DASH}{span.end.isoformat()}"
