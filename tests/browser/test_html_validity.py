"""
The Nu HTML Checker (npm ``vnu-jar``) over the HTML of every public page type
in both languages, and over the site's stylesheet: no error, no warning.

The pages are rendered by Django's test client as a reader's browser gets
them; the checker runs once, in one JVM, over all of them.
"""

import json
import shutil
import subprocess

import pytest

from tests.browser.conftest import LANGUAGES, ROOT, node_module, reader_paths

STYLESHEET = ROOT / "static" / "css" / "site.css"


@pytest.fixture
def java():
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "The Nu HTML Checker needs Java 11 or newer on PATH.", pytrace=False
        )
    return java


def test_every_page_type_is_valid_html_in_both_languages(
    client, reader_site, java, tmp_path
):
    pages = tmp_path / "pages"
    pages.mkdir()
    checked = {}
    for language in LANGUAGES:
        for page_type, path in reader_paths(language).items():
            response = client.get(path)
            assert response.status_code == (404 if page_type == "not-found" else 200)
            assert response["Content-Type"] == "text/html; charset=utf-8"
            document = pages / f"{language}-{page_type}.html"
            document.write_bytes(response.content)
            checked[document.as_uri()] = f"{path} ({page_type})"

    result = subprocess.run(
        [
            java,
            "-jar",
            str(node_module("vnu-jar/build/dist/vnu.jar")),
            "--format",
            "json",
            "--stdout",
            "--also-check-css",
            *(str(document) for document in sorted(pages.iterdir())),
            str(STYLESHEET),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    messages = json.loads(result.stdout)["messages"]
    findings = [
        f"{checked.get(m.get('url'), m.get('url'))}:{m.get('lastLine', '?')}: "
        f"{m['type']}{'/' + m['subType'] if 'subType' in m else ''}: {m['message']}"
        f"  [{m.get('extract', '').strip()}]"
        for m in messages
    ]
    assert len(checked) == 2 * len(reader_paths("en"))
    assert findings == [], "\n".join(findings)
