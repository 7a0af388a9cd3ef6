"""
``manage.py build_fixtures`` (``make fixtures``): rebuild
``fixtures/initial_content.json`` from ``fixtures/documents/`` and
``fixtures/curated/``. With ``--check``, only tell whether the committed file
is what the sources give.
"""

import difflib
import tomllib

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.documents import DocumentError
from articles.fixture_builder import (
    CURATED_DIR,
    DOCUMENTS_DIR,
    INITIAL_CONTENT,
    FixtureError,
    build_fixture,
    dumps,
)

# Enough of a difference to see what changed without flooding the terminal.
DIFF_LINES = 40


class Command(BaseCommand):
    help = (
        "Build fixtures/initial_content.json from the source documents and the "
        "curated TOML files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail if the committed file differs from a new build.",
        )

    def handle(self, *args, check, **options):
        documents = {
            path.name: path.read_bytes() for path in sorted(DOCUMENTS_DIR.glob("*.txt"))
        }
        curated = {}
        for path in sorted(CURATED_DIR.rglob("*.toml")):
            name = path.relative_to(CURATED_DIR).as_posix()
            try:
                curated[name] = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
                raise CommandError(f"{path}: {error}") from None
        try:
            text = dumps(build_fixture(documents, curated))
        except FixtureError as error:
            raise CommandError(f"{CURATED_DIR}/{error}") from None
        except DocumentError as error:
            raise CommandError(f"{DOCUMENTS_DIR}/{error}") from None

        if not check:
            INITIAL_CONTENT.write_text(text, encoding="utf-8")
            self.stdout.write(
                self.style.SUCCESS(_("Wrote %(path)s.") % {"path": INITIAL_CONTENT})
            )
            return
        committed = (
            INITIAL_CONTENT.read_text(encoding="utf-8")
            if INITIAL_CONTENT.exists()
            else ""
        )
        if committed != text:
            diff = difflib.unified_diff(
                committed.splitlines(),
                text.splitlines(),
                "committed",
                "built",
                lineterm="",
            )
            self.stderr.write("\n".join(list(diff)[:DIFF_LINES]))
            raise CommandError(
                _("%(path)s is out of date: run “make fixtures” and commit the result.")
                % {"path": INITIAL_CONTENT}
            )
        self.stdout.write(
            self.style.SUCCESS(_("%(path)s is up to date.") % {"path": INITIAL_CONTENT})
        )
