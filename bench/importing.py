"""
``make bench-import``: 1,000 press releases imported into a throw-away
database, timed from the outside as an editor would wait for it.

The documents are the real pages of tests/data/press_releases/, each copy
made distinct by a closing line of its own, so that none is recognised as
imported before.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "tests" / "data" / "press_releases").glob("*.txt"))
COUNT = int(os.environ.get("BENCH_DOCUMENTS", "1000"))


def main():
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        environment = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        }

        def manage(*arguments):
            return subprocess.run(
                [sys.executable, "manage.py", *arguments],
                cwd=ROOT,
                env=environment,
                capture_output=True,
                text=True,
            )

        manage("migrate", "--noinput")
        manage("load_initial_content")
        documents = folder / "documents"
        documents.mkdir()
        for number in range(COUNT):
            page = PAGES[number % len(PAGES)]
            text = page.read_text(encoding="utf-8")
            (documents / f"{number:04d}_{page.name}").write_text(
                f"{text}\nCopy {number}.\n", encoding="utf-8"
            )
        started = time.perf_counter()
        result = manage(
            "import_documents", str(documents), "--report", str(folder / "r.md")
        )
        seconds = time.perf_counter() - started
        summary = result.stdout[result.stdout.rfind("Outcome") :].strip()
        print(summary)
        print(f"{COUNT} documents in {seconds:.1f} s ({COUNT / seconds:.0f} a second).")


if __name__ == "__main__":
    main()
