"""Lesson 0, start here: the one number its prose quotes (the Python version), checked against pyproject."""

from __future__ import annotations

import re

from claims_support import ROOT, Claim

LESSON = "00_start_here"


def python_required():
    text = (ROOT / "pyproject.toml").read_text()
    version = re.search(r'requires-python\s*=\s*">=\s*([\d.]+)"', text).group(1)
    return [f"Python {version} or newer"]


CLAIMS = [
    Claim("With Python 3.11 or newer", python_required),
]

NOT_CLAIMS = []
