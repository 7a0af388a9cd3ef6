"""
The lock files (requirements/*.txt) that `make run`, `make test` and CI
install from: every dependency pyproject.toml names is pinned there, at a
version its range allows, with its hashes, so that a fresh machine installs
what CI tested. `make lock` remakes them after pyproject.toml changes.
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
RUNTIME = [*PROJECT["dependencies"], *PROJECT["optional-dependencies"]["postgres"]]
RUNTIME += PROJECT["optional-dependencies"]["redis"]
LOCKS = {
    "run.txt": RUNTIME,
    "test.txt": [*RUNTIME, *PROJECT["optional-dependencies"]["test"]],
}
PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+) \\$")


def pins(name):
    """``{package: (version, hash count)}`` of a lock file."""
    lines = (ROOT / "requirements" / name).read_text().splitlines()
    found = {}
    for number, line in enumerate(lines):
        if match := PIN.match(line):
            hashes = 0
            for following in lines[number + 1 :]:
                if not following.strip().startswith("--hash=sha256:"):
                    break
                hashes += 1
            found[canonicalize_name(match[1])] = (match[2], hashes)
    return found


@pytest.mark.parametrize("name", LOCKS)
def test_every_dependency_is_pinned_within_its_range(name):
    locked = pins(name)
    for text in LOCKS[name]:
        requirement = Requirement(text)
        package = canonicalize_name(requirement.name)
        assert package in locked, f"{package} is not in requirements/{name}"
        version = locked[package][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements/{name} pins {package} {version}, outside {text!r}: "
            "run `make lock`"
        )


@pytest.mark.parametrize("name", LOCKS)
def test_every_pin_carries_its_hashes(name):
    locked = pins(name)
    assert locked
    assert {package for package, (_, hashes) in locked.items() if not hashes} == set()


def test_the_runtime_is_the_same_in_both_locks():
    run, test = pins("run.txt"), pins("test.txt")
    assert {p: run[p][0] for p in run} == {p: test[p][0] for p in run}
