"""pytest's hooks for the suite: the hypothesis profiles and the fixtures (helpers: ``course_support``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from course_support import copy_course

# Hypothesis profiles instead of per-test deadlines: property tests run model solves whose time
# varies with the machine's load, so no example has a deadline. `dev` (the default) explores
# new random examples each run; `ci` (under CI=true) is derandomized, so a CI failure reproduces.
# Choose one with HYPOTHESIS_PROFILE=dev|ci.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def course(tmp_path) -> Path:
    return copy_course(tmp_path)
