"""
What the cluster tests drive: ``bin/cluster`` itself, an editor in the admin
(a browser's cookies and forms, through the front), and wrk.
"""

import http.cookiejar
import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLUSTER = ROOT / "bin" / "cluster"
MIXED_LUA = Path(__file__).with_name("mixed.lua")


def cluster(*arguments, env=None, timeout=600):
    """Run ``bin/cluster``; its standard output, or an error with its log."""
    result = subprocess.run(
        [str(CLUSTER), *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"bin/cluster {' '.join(arguments)} exited {result.returncode}:\n"
            f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
        )
    return result.stdout


def get(url, timeout=10, headers=None):
    """(status, headers, body) of a GET, whatever the status."""
    request = urllib.request.Request(
        url, headers={"Host": "localhost", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class FormParser(HTMLParser):
    """The fields of the form ``form_id`` (or the first), as a browser sends them."""

    def __init__(self, form_id=None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.done = False
        self.fields = []
        self.select = None
        self.textarea = None
        self.option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done:
            self.in_form = self.form_id is None or attrs.get("id") == self.form_id
            return
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.append(
                [
                    name,
                    attrs.get("value", "on" if kind in {"checkbox", "radio"} else ""),
                ]
            )
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
            self.fields.append(self.textarea)
        elif tag == "select" and name:
            self.select = {"name": name, "chosen": [], "first": None}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            self.option = value
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"].append(value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            # A browser drops the newline that follows <textarea>.
            if self.textarea[1].startswith("\n"):
                self.textarea[1] = self.textarea[1][1:]
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            for value in chosen:
                self.fields.append([self.select["name"], value])
            self.select = None
        elif tag == "form" and self.in_form:
            self.in_form = False
            self.done = True


def form_fields(html, form_id=None):
    parser = FormParser(form_id)
    parser.feed(html)
    return [(name, value) for name, value in parser.fields]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Editor:
    """An editor's browser: one session, cookies, CSRF tokens, no redirects followed."""

    def __init__(self, base_url, username, password):
        self.base = base_url.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )
        self.username, self.password = username, password

    def request(self, path, data=None, timeout=30):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def log_in(self):
        status, _, html = self.request("/admin/login/")
        assert status == 200, status
        fields = dict(form_fields(html, "login-form"))
        fields.update(username=self.username, password=self.password)
        status, _, _ = self.request("/admin/login/?next=/admin/", fields)
        assert status == 302, f"login answered {status}"

    def save_article(self, article_id, title):
        """
        Open the article's change form, change its English title and save:
        (status, body) of the save. 302 means saved.
        """
        path = f"/admin/articles/article/{article_id}/change/"
        status, _, html = self.request(path)
        if status != 200:
            return status, html
        fields = [
            (name, title if name == "title_en" else value)
            for name, value in form_fields(html, "article_form")
        ]
        fields.append(("_save", "Save"))
        status, _, body = self.request(path, fields)
        return status, body


def wrk(url, paths, seconds, connections=16, threads=2):
    """
    wrk through ``url`` over ``paths`` at random: its summary as a dict
    (requests, non_2xx, connect/read/write/timeout errors, seconds).
    """
    paths_file = (
        Path(os.environ.get("TMPDIR", "/tmp")) / f"cqcnews-wrk-{os.getpid()}.txt"
    )
    paths_file.write_text("\n".join(paths) + "\n")
    try:
        result = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(MIXED_LUA),
                url,
                "--",
                str(paths_file),
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        )
    finally:
        paths_file.unlink(missing_ok=True)
    match = re.search(r"^CLUSTER-RESULT (.*)$", result.stdout, re.MULTILINE)
    assert match, f"wrk printed no result:\n{result.stdout}\n{result.stderr}"
    return json.loads(match.group(1))


class Timeline:
    """Seconds since the start, for scheduling faults during a load."""

    def __init__(self):
        self.start = time.monotonic()

    def wait_until(self, second):
        time.sleep(max(0.0, self.start + second - time.monotonic()))

    def now(self):
        return time.monotonic() - self.start
