"""
Driving the admin in Chromium as an editor does: logging in through its own
form, its English / 中文 tabs and rich-text editor, and a watch on everything
an editor should never meet.
"""

from urllib.parse import urlsplit

from django.urls import reverse
from playwright.sync_api import expect

PASSWORD = "correct horse battery staple"


class PageWatch:
    """
    What a page does that an editor should never meet: console errors and
    uncaught exceptions (``errors``), Content-Security-Policy violations
    (``violations``, from the document's own ``securitypolicyviolation``
    event, listened to by an init script, which runs over the DevTools
    protocol and so is not itself subject to the policy), dialogs
    (``dialogs``: an ``alert`` means a pasted script ran) and every address
    requested (``requested``), to find any that left the live server.
    """

    def __init__(self, page, live_server):
        self.host = urlsplit(live_server.url).netloc
        self.errors = []
        self.violations = []
        self.dialogs = []
        self.requested = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        page.on("request", lambda request: self.requested.append(request.url))
        page.on("dialog", self._on_dialog)
        page.expose_function(
            "reportSecurityPolicyViolation",
            lambda violation: self.violations.append(violation),
        )
        page.add_init_script(
            """
            document.addEventListener("securitypolicyviolation", (event) => {
              window.reportSecurityPolicyViolation({
                page: event.documentURI,
                directive: event.effectiveDirective,
                blocked: event.blockedURI || "inline",
                source: `${event.sourceFile || ""}:${event.lineNumber}`,
              });
            });
            """
        )

    def _on_console(self, message):
        # Chromium also logs each policy violation as a console error: those
        # are in ``violations``, with the directive that refused them.
        if message.type == "error" and "Content Security Policy" not in message.text:
            self.errors.append(f"{message.text} at {message.location['url']}")

    def _on_dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def problems(self):
        """Everything that went wrong, one line each; empty when all is well."""
        return [
            *self.errors,
            *(
                f"{v['directive']} blocked {v['blocked']} on {v['page']} "
                f"({v['source']})"
                for v in self.violations
            ),
            *(f"dialog {dialog}" for dialog in self.dialogs),
        ]

    def off_site(self):
        """The requested addresses that left the live server (data: URLs stay)."""
        return [
            url
            for url in self.requested
            if urlsplit(url).scheme not in ("data", "blob")
            and urlsplit(url).netloc != self.host
        ]


def log_in(page, live_server, username):
    """
    Through the admin's own login form, as a person would: django-axes
    checks every login against the request that carries it.
    """
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + reverse("admin:index"))


def language_tabs(page, field):
    """The English / 中文 tab group that holds the field with id ``field``."""
    return page.locator(".ui-tabs").filter(has=page.locator(f"#{field}")).last


def body_editor(page, language="en"):
    """The rich-text editor of the body in ``language``, and its toolbar."""
    field = page.locator(f".field-body_{language}")
    return field.locator("[contenteditable='true']"), field.locator(".prose-menubar")
