"""The habits of a kept project: one version, a changelog entry for it, licences, citation."""

from __future__ import annotations

import re
import tomllib

from course_support import ROOT


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_package_version_comes_from_the_metadata():
    import course_lib

    assert course_lib.__version__ == project_version(), (
        "course_lib.__version__ differs from pyproject.toml: reinstall with `make test` (pip install -e .)"
    )


def test_changelog_has_an_entry_for_this_version():
    text = (ROOT / "CHANGELOG.md").read_text()
    headings = re.findall(r"^## \[?(\d+\.\d+\.\d+)\]?", text, flags=re.M)
    assert headings, "CHANGELOG.md has no '## X.Y.Z' version headings"
    assert headings[0] == project_version(), (
        f"the newest CHANGELOG entry is {headings[0]}, the package {project_version()}"
    )
    assert re.search(r"^### Errata", text, flags=re.M), (
        "CHANGELOG.md lacks the errata of the graded answers"
    )


def test_licences_and_citation_are_there_and_agree():
    licence = (ROOT / "LICENSE").read_text()
    assert "MIT License" in licence and "CC BY 4.0" in licence
    readme = (ROOT / "README.md").read_text()
    assert "MIT" in readme and "CC BY 4.0" in readme, (
        "the README must say how code and content are licensed"
    )
    citation = (ROOT / "CITATION.cff").read_text()
    assert f"version: {project_version()}" in citation
    assert (ROOT / "CONTRIBUTING.md").exists()


def test_dependencies_have_one_source():
    """pyproject.toml lists every dependency; the requirements files only name its extras."""
    for name in ("requirements.txt", "requirements-dev.txt", "requirements-hub.txt"):
        lines = [
            line.strip()
            for line in (ROOT / name).read_text().splitlines()
            if line.strip() and not line.strip().startswith("#")
        ]
        assert lines and all(re.fullmatch(r"-e \.(\[[a-z,]+\])?", line) for line in lines), (
            f"{name} should only install the package with its extras (-e .[extra]); found {lines}"
        )
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert {"lab", "hub", "dev"} <= set(meta["optional-dependencies"])


def test_no_module_of_the_library_is_over_600_lines():
    """Modules by concept: a module that outgrows 600 lines holds more than one concept."""
    long = {
        str(p.relative_to(ROOT)): n
        for p in (ROOT / "course_lib").rglob("*.py")
        if (n := len(p.read_text().splitlines())) > 600
    }
    assert not long, f"split these modules by concept: {long}"
