"""
``manage.py import_documents PATH...``: press releases (text or saved web
pages, one by one, in folders or in .zip archives) become draft articles for
editors to review, translate and publish.

``--dry-run`` shows what each document would become and saves nothing. A
plain run saves the drafts, each in its own transaction, then prints a
summary and writes a report for the editors: what was imported, updated,
left unchanged or refused, and why, with the names nobody has entered yet.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.importing import (
    Catalogue,
    NotConfirmable,
    Outcome,
    Proposal,
    entries,
    folder_entries,
    propose,
    save_proposal,
)
from articles.importing.report import report_markdown, summary_rows

PROGRESS_WIDTH = 30
REPORTS_DIR = Path("import-reports")


class Command(BaseCommand):
    help = (
        "Import press releases (text or HTML files, folders of them, or .zip "
        "archives) as draft articles. A document imported before is recognised "
        "and left as it is; a changed one from the same address updates its draft."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what each document would become, and save nothing.",
        )
        parser.add_argument(
            "--source-url",
            default="",
            metavar="URL",
            help="The address one file was published at (one file only).",
        )
        parser.add_argument(
            "--report",
            type=Path,
            metavar="FILE",
            help="Where to write the report (default: import-report-<time>.md here).",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Show the progress bar even when the output is not a terminal.",
        )

    def handle(self, *args, paths, dry_run, source_url, report, progress, **options):
        files = [file for path in paths for file in folder_entries(path)]
        missing = [str(file) for file in files if not file.exists()]
        if missing:
            raise CommandError(
                _("No such file: %(names)s.") % {"names": ", ".join(missing)}
            )
        if source_url and len(files) != 1:
            raise CommandError(_("--source-url gives the address of one file only."))
        catalogue = Catalogue()
        show_progress = progress or sys.stderr.isatty()
        results = []
        for number, file in enumerate(files, start=1):
            if show_progress:
                self._progress(number, len(files), file.name)
            for entry in entries(str(file), file.read_bytes()):
                results.append(
                    self._import(entry, source_url, catalogue, dry_run=dry_run)
                )
        if show_progress:
            self.stderr.write("")
        if dry_run:
            self._table(results)
        else:
            for proposal, article in results:
                self._line(proposal, article)
        self._summary(results, dry_run=dry_run)
        if not dry_run:
            path = Path(
                report
                or REPORTS_DIR / f"import-{timezone.localtime():%Y%m%d-%H%M%S-%f}.md"
            )
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(report_markdown(results), encoding="utf-8")
            self.stdout.write(_("Report written to %(path)s.") % {"path": path})
        refused = [proposal for proposal, _article in results if proposal.refused]
        if refused and not dry_run:
            raise CommandError(
                _("%(refused)d of %(total)d documents were refused: %(names)s.")
                % {
                    "refused": len(refused),
                    "total": len(results),
                    "names": ", ".join(proposal.name for proposal in refused),
                }
            )

    def _import(self, entry, source_url, catalogue, *, dry_run):
        """(proposal, the article it made or matched, or None) for one document."""
        if entry.error:
            return Proposal(entry.name, Outcome.NEW, reasons=[entry.error]), None
        proposal = propose(
            entry.data, name=entry.name, source_url=source_url, catalogue=catalogue
        )
        if dry_run or proposal.status not in (Outcome.NEW, Outcome.UPDATE):
            return proposal, proposal.existing
        try:
            return proposal, save_proposal(proposal)
        except NotConfirmable as error:
            proposal.reasons.append(str(error))
            return proposal, None

    def _line(self, proposal, article):
        """One document's line: what became of it."""
        values = {"name": proposal.name}
        if article is not None:
            values.update(
                title=article.title_en or article.title_zh_hans, slug=article.slug
            )
        if proposal.status == Outcome.REFUSED:
            self.stderr.write(
                self.style.ERROR(f"{proposal.name}: {' '.join(proposal.refusals)}")
            )
        elif proposal.status == Outcome.UNCHANGED:
            self.stdout.write(
                self.style.NOTICE(
                    _(
                        "%(name)s was imported before as “%(title)s” (%(slug)s): "
                        "nothing changed."
                    )
                    % values
                )
            )
        else:
            message = (
                _("%(name)s imported as the draft “%(title)s” (%(slug)s).")
                if proposal.status == Outcome.NEW
                else _("%(name)s updated the draft “%(title)s” (%(slug)s).")
            )
            self.stdout.write(self.style.SUCCESS(message % values))
            for warning in proposal.all_warnings:
                self.stdout.write(self.style.WARNING(f"  {warning}"))

    def _progress(self, number, total, name):
        done = PROGRESS_WIDTH * number // total
        bar = "#" * done + "." * (PROGRESS_WIDTH - done)
        self.stderr.write(f"\r[{bar}] {number}/{total} {name[:40]:<40}", ending="")
        self.stderr.flush()

    def _table(self, results):
        header = [
            _("File"),
            _("Outcome"),
            _("Title"),
            _("Published"),
            _("Event"),
            _("People"),
        ]
        rows = []
        for proposal, _article in results:
            event = proposal.event
            rows.append(
                [
                    proposal.name,
                    proposal.status_label,
                    proposal.title or "—",
                    proposal.published_at.date().isoformat()
                    if proposal.published_at
                    else "—",
                    f"{event.start}–{event.end}" if event else "—",  # noqa: RUF001
                    ", ".join(
                        f"{found.name} {'✓' if found.known else '?'}"
                        for found in proposal.people
                    )
                    or "—",
                ]
            )
        self.stdout.write(_format_table(header, rows))
        for proposal, _article in results:
            for reason in proposal.refusals:
                self.stdout.write(self.style.ERROR(f"{proposal.name}: {reason}"))
            for warning in proposal.all_warnings:
                self.stdout.write(self.style.WARNING(f"{proposal.name}: {warning}"))

    def _summary(self, results, *, dry_run):
        self.stdout.write("")
        self.stdout.write(
            _format_table(
                [_("Would be") if dry_run else _("Outcome"), _("Documents")],
                summary_rows(results),
            )
        )


def _format_table(header, rows):
    """Rows as a plain-text table with aligned columns."""
    widths = [
        max(len(str(row[column])) for row in [header, *rows])
        for column in range(len(header))
    ]
    lines = [
        "  ".join(
            str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
        )
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)
