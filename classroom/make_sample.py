"""Regenerate the course's sample session, course_lib/data/classroom_sample_session.csv.

Runs oTree's bots (case ``mix``: a seeded mix of strategies, see alliance/tests.py) for every
session config with 8 participants (two alliances of four) and keeps the game's tidy export.
Session and participant codes are replaced by readable, fixed ones ("sim-unequal",
"sim-unequal-03"), so the file says it is simulated and regenerating it gives the same file.

    cd classroom && ../.venv-classroom/bin/python make_sample.py
"""

import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "course_lib" / "data" / "classroom_sample_session.csv"
CONFIGS = ["alliance_equal", "alliance_unequal", "alliance_hegemon", "alliance_shock"]
PARTICIPANTS = 8


def main() -> None:
    otree = Path(sys.executable).with_name("otree")
    rows, header = [], None
    env = dict(os.environ, ALLIANCE_BOTS_CASES="mix")
    for config in CONFIGS:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [str(otree), "test", config, str(PARTICIPANTS), "--export", tmp],
                cwd=HERE,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            with open(Path(tmp) / "alliance_custom.csv", newline="", encoding="utf-8-sig") as f:
                reader = csv.reader(f)
                header = next(reader)
                codes = {}
                for row in reader:
                    record = dict(zip(header, row))
                    treatment = record["treatment"]
                    record["session"] = f"sim-{treatment}"
                    record["participant"] = codes.setdefault(
                        record["participant"], f"sim-{treatment}-{len(codes) + 1:02d}"
                    )
                    rows.append([record[c] for c in header])
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
