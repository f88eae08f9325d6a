"""Lesson 7: load and check every data file, then the full 1949-2024 correlation series."""

from __future__ import annotations

import time

from benchmarks.timing import median_seconds, report
from course_lib import data
from course_lib.models import evidence

TARGET_SECONDS = 0.5


def load_everything() -> None:
    data.load_nato()
    data.load_sipri()
    data.load_accession()
    data.load_places()


def cold_series() -> None:
    """The SIPRI series from nothing: files read and checked, panel built, 75 rank tests."""
    evidence.clear_cache()
    evidence.exploitation_by_year("sipri")


def main() -> None:
    evidence.clear_cache()
    start = time.perf_counter()
    load_everything()
    series = evidence.exploitation_by_year("sipri")
    first_run = time.perf_counter() - start
    print(
        f"{len(series)} years tested ({series['year'].min()}-{series['year'].max()}), "
        f"{int(series['n'].sum())} member-years"
    )
    report(
        "first run: load + check all files, SIPRI correlation series",
        first_run,
        f"< {TARGET_SECONDS} s",
    )
    report("load and check the four data files", median_seconds(load_everything, repeat=7))
    report(
        "correlation series from cold (files, panel, rank tests)",
        median_seconds(cold_series, repeat=7),
        f"< {TARGET_SECONDS} s",
    )
    report(
        "correlation series, panel cached",
        median_seconds(lambda: evidence.exploitation_by_year("sipri"), repeat=7),
    )
    report(
        "NATO correlation series, 2% compliance, change vs distance (cached)",
        median_seconds(
            lambda: (
                evidence.exploitation_by_year("nato"),
                evidence.guideline_compliance("nato"),
                evidence.burden_change(),
            ),
            repeat=7,
        ),
    )


if __name__ == "__main__":
    main()
