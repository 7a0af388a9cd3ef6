"""
Deployment settings, response headers and the protection of editors' accounts.

Settings that depend on the environment (DJANGO_PRODUCTION, DJANGO_HTTPS) are
read once at start-up, so those tests run ``manage.py`` in a subprocess with
the environment a deployment would have.
"""

import base64
import hashlib
import os
import re
import secrets
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone
from django.utils.csp import CSP

from cqcnews.security import client_ip
from tests.commands import manage
from tests.factories import ArticleFactory

BASE_DIR = Path(settings.BASE_DIR)
PASSWORD = "correct horse battery staple"
PUBLIC_POLICY = (
    "default-src 'self'; script-src 'self'{nonce}; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'; form-action 'self'"
)


def production_environment(**overrides):
    """This environment with only the production's DJANGO_* variables set."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_PRODUCTION": "1",
        "DJANGO_HTTPS": "1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "news.example.org",
        **overrides,
    }


# Deployment


def test_deploy_check_passes_in_production_behind_tls():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_environment()
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_without_https_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_environment(DJANGO_HTTPS="0"),
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS
    assert "security.W008" in result.stderr  # no redirect to HTTPS


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env=production_environment(DJANGO_SECRET_KEY=""))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_PRODUCTION=1" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", env=production_environment(DJANGO_ALLOWED_HOSTS=""))
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set when DJANGO_PRODUCTION=1" in result.stderr


def test_https_mode_redirects_plain_http_and_sends_hsts():
    script = """
from django.conf import settings
from django.test import Client
client = Client()
plain = client.get("/en/")
print(plain.status_code, plain["Location"])
proxied = client.get("/healthz", headers={"x-forwarded-proto": "https"})
print(proxied["Strict-Transport-Security"])
print(settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE)
print(client.get("/healthz").status_code)
"""
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        script,
        env=production_environment(DJANGO_ALLOWED_HOSTS="testserver"),
    )
    assert result.returncode == 0, result.stderr
    redirect, hsts, secure_cookie, health = result.stdout.strip().splitlines()
    assert redirect == "301 https://testserver/en/"
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert secure_cookie == "True"
    # The load balancer's plain-HTTP probe is not redirected.
    assert health in {"200", "503"}


def test_no_secret_is_committed():
    tracked = subprocess.run(
        ["git", "ls-files", "-z"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    suspicious = re.compile(
        r"-----BEGIN [A-Z ]*PRIVATE KEY-----"
        r"|SECRET_KEY\s*=\s*['\"]"
        r"|postgres(ql)?://[^:/@\s]+:[^@\s]+@"
        r"|redis://:[^@\s]+@"
    )
    offenders = [
        name
        for name in tracked
        if name and (BASE_DIR / name).is_file() and name != "tests/test_security.py"
        if suspicious.search((BASE_DIR / name).read_text(errors="ignore"))
    ]
    assert offenders == []


# Response headers


@pytest.mark.django_db
def test_public_page_carries_the_security_headers(client):
    article = ArticleFactory()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    # No nonce: a public page has no inline script, so it stays cacheable.
    assert response["Content-Security-Policy"] == PUBLIC_POLICY.format(nonce="")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    for feature in (
        "camera=()",
        "microphone=()",
        "geolocation=()",
        "interest-cohort=()",
    ):
        assert feature in response["Permissions-Policy"]


@pytest.mark.django_db
def test_public_pages_allow_no_inline_script_or_style(client):
    article = ArticleFactory()
    html = client.get(article.get_absolute_url()).content.decode()
    assert CSP.UNSAFE_INLINE not in str(settings.SECURE_CSP)
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/ld+json"' in tag, tag
    assert not re.search(r"\sstyle=\"|<style\b|\son[a-z]+=\"", html)


ADMIN_PAGES = [
    "/admin/",
    "/admin/articles/article/",
    "/admin/articles/article/add/",
    "/admin/articles/article/{article}/change/",
    "/admin/articles/article/{article}/delete/",
    "/admin/auth/user/add/",
    "/admin/password_change/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_run_no_script_the_policy_blocks(admin_client, path):
    """
    Every admin script is a file from our own origin or carries the nonce
    (django-prose-editor's import map is inline but nonced), and no markup
    relies on inline styles or event handlers.
    """
    article = ArticleFactory()
    response = admin_client.get(path.format(article=article.pk))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)[1]
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert f'nonce="{nonce}"' in tag, tag
        source = re.search(r'src="([^"]+)"', tag)
        assert source is None or source[1].startswith("/"), tag
    assert not re.search(r"\sstyle=\"|\son[a-z]+=\"", html)
    assert policy == PUBLIC_POLICY.format(nonce=f" 'nonce-{nonce}'").replace(
        "style-src 'self'",
        f"style-src 'self' 'nonce-{nonce}' {settings.ADMIN_CSP['style-src'][2]}",
    )


@pytest.mark.django_db
def test_admin_translation_tabs_load_jquery_ui_from_our_own_static_files(admin_client):
    article = ArticleFactory()
    html = admin_client.get(f"/admin/articles/article/{article.pk}/change/").content
    assert b"vendor/jquery-ui/jquery-ui.min.js" in html
    assert b"tabbed_translation_fields.js" in html


def test_admin_style_hash_is_the_installed_editors_stylesheet():
    """
    The rich-text editor injects its base stylesheet as a <style> element;
    ADMIN_CSP admits it by hash. An upgrade that changes the stylesheet fails
    here instead of silently breaking the editor's layout in the admin.
    """
    import django_prose_editor

    bundle = (
        Path(django_prose_editor.__file__).parent
        / "static/django_prose_editor/editor.js"
    )
    source = bundle.read_text()
    start = source.index(".ProseMirror {\n  position: relative;")
    stylesheet = source[start : source.index("`", start)]
    digest = base64.b64encode(hashlib.sha256(stylesheet.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in settings.ADMIN_CSP["style-src"]


# Editors' accounts


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "editor", "editor@example.org", PASSWORD, is_staff=True
    )


def log_in(client, password, address="203.0.113.5"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": password},
        REMOTE_ADDR=address,
    )


def test_correct_login_before_the_limit_works(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "wrong password").status_code == 200
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_login_is_locked_after_five_failures_even_with_the_right_password(
    client, editor
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong password")
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # back to the login page


def test_lockout_is_per_username_and_address(client, editor):
    """An attacker elsewhere cannot lock an editor out of their own desk."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong password", address="198.51.100.7")
    assert log_in(client, PASSWORD, address="203.0.113.5").status_code == 302


def test_client_address_behind_the_proxy_is_the_one_the_proxy_saw(settings):
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7", REMOTE_ADDR="10.0.0.2"
    )
    assert client_ip(request) == "10.0.0.2"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The first entry is whatever the client claimed; the last is the proxy's.
    assert client_ip(request) == "198.51.100.7"


@pytest.mark.parametrize(
    "password",
    ["Short1!", "password1234", "314159265358979", "editor@example.org"],
    ids=["too-short", "common", "numeric", "like-the-email"],
)
def test_weak_passwords_are_refused(password):
    user = get_user_model()(username="editor", email="editor@example.org")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_passphrase_is_accepted():
    validate_password(PASSWORD, get_user_model()(username="editor"))


def test_editor_session_cookie_is_short_lived_and_hidden_from_scripts(client, editor):
    response = log_in(client, PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["expires"]  # ends when the browser closes
    expires_in = client.session.get_expiry_date() - timezone.now()
    assert 7.9 * 3600 < expires_in.total_seconds() <= 8 * 3600
