"""
``manage.py backup`` (``make backup``): write a timestamped copy of the
database under ``backups/`` (SQLite's online backup, or ``pg_dump``).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cqcnews.backup import BACKUP_DIR, BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to a timestamped file under backups/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=BACKUP_DIR,
            help="Directory for the backup file (default: backups/).",
        )
        parser.add_argument(
            "--database", default="default", help="Database alias to back up."
        )

    def handle(self, *args, output_dir, database, **options):
        try:
            path = backup(output_dir, using=database)
        except BackupError as error:
            raise CommandError(error) from error
        self.stdout.write(self.style.SUCCESS(_("Backed up to %s") % path))
