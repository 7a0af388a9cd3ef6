"""
axe-core over every public page type in both languages: WCAG 2.2 AA, and no
console error or Content-Security-Policy violation on the way.
"""

import pytest

from tests.browser.conftest import HTML_LANG, LANGUAGES, describe, reader_paths, run_axe


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_passes_axe_wcag_22_aa(
    live_server, reader_site, page, language
):
    violations = {}
    paths = reader_paths(language)
    for page_type, path in paths.items():
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == HTML_LANG[language]
        found = run_axe(page)
        if found:
            violations[f"{page_type} {path}"] = found
    assert not violations, describe(violations)


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_log_no_errors_and_violate_no_security_policy(
    live_server, reader_site, page, page_problems, language
):
    missing = None
    for page_type, path in reader_paths(language).items():
        response = page.goto(live_server.url + path)
        if page_type == "not-found":
            missing = response.url
            assert response.status == 404
        else:
            assert response.status == 200, (page_type, path)
    # Chromium reports the 404 page's own status as an error: that one is meant.
    expected = f"console error on {missing}: Failed to load resource: the server "
    problems = [
        problem for problem in page_problems if not problem.startswith(expected)
    ]
    assert problems == [], "\n".join(problems)
