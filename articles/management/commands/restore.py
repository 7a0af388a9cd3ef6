"""
``manage.py restore FILE`` (``make restore FILE=…``): load a backup made by
``manage.py backup`` into the configured database, which must be empty unless
``--force`` is given.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from cqcnews.backup import BackupError, is_empty, restore


class Command(BaseCommand):
    help = (
        "Restore a backup file into the configured database; refuses a database "
        "that is not empty unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A backup file made by manage.py backup.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite a database that already has content.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only tell whether the restore would go ahead.",
        )
        parser.add_argument(
            "--database", default="default", help="Database alias to restore into."
        )

    def handle(self, *args, file, force, dry_run, database, **options):
        name = connections[database].settings_dict["NAME"]
        if dry_run:
            state = _("empty") if is_empty(database) else _("not empty")
            self.stdout.write(
                _("Would restore %(file)s into %(name)s (%(state)s).")
                % {"file": file, "name": name, "state": state}
            )
            return
        try:
            restore(file, force=force, using=database)
        except BackupError as error:
            raise CommandError(error) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored %(file)s into %(name)s.") % {"file": file, "name": name}
            )
        )
