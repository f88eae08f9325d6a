"""Feedback without the hidden tests.

nbgrader restores every test cell from the gradebook before it runs a submission, hidden
tests included, and ``generate_feedback`` renders the autograded notebook as it is: the
feedback HTML would show students the hidden tests (the source lines, and the traceback
of a failing hidden assert). nbgrader 0.9 has no switch for this, so the course adds a
feedback preprocessor, :class:`HideHiddenTests`, run by ``python -m course_lib.grading``
(``GenerateFeedback.preprocessors``). In every cell with a hidden-test region it

* replaces the region between ``BEGIN HIDDEN TESTS`` and ``END HIDDEN TESTS`` with one
  comment line (:data:`PLACEHOLDER`);
* replaces an error raised *inside* the hidden region by a short note that a hidden test
  failed (exception type only: the message could quote the test);
* drops from every other output any line that quotes a hidden-test line or the markers.

The points a cell earned are still shown, so students see which test cell failed, and a
failing *visible* test keeps its full traceback.
"""

from __future__ import annotations

import re

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

PLACEHOLDER = "# (hidden tests ran here; they are not shown in the feedback)"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
CELL_LINE = re.compile(r"(?:Cell In\s*|Input In\s*)\[(\d*)\],\s*line (\d+)")


def plain(text: str) -> str:
    """Text without ANSI colour codes."""
    return ANSI.sub("", text)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


class HideHiddenTests(NbGraderPreprocessor):
    """Remove hidden tests, and output that quotes them, from notebooks rendered as feedback."""

    begin = Unicode("BEGIN HIDDEN TESTS", help="marker starting a hidden-test region").tag(
        config=True
    )
    end = Unicode("END HIDDEN TESTS", help="marker ending a hidden-test region").tag(config=True)
    note = Unicode(
        "A hidden test failed ({ename}). Hidden tests are not shown.",
        help="what replaces the traceback of a failing hidden test",
    ).tag(config=True)

    def _split(self, source: str):
        """(visible source, hidden lines, hidden line numbers 1-based) or None if no region."""
        lines = source.split("\n")
        kept, hidden, numbers = [], [], set()
        inside = found = False
        for number, line in enumerate(lines, start=1):
            if self.begin in line:
                inside = found = True
                numbers.add(number)
                kept.append(line[: len(line) - len(line.lstrip())] + PLACEHOLDER)
                continue
            if self.end in line:
                inside = False
                numbers.add(number)
                continue
            if inside:
                hidden.append(line)
                numbers.add(number)
            else:
                kept.append(line)
        if not found:
            return None
        return "\n".join(kept), hidden, numbers

    def _leaks(self, text: str, secrets: list[str]) -> bool:
        squashed = _squash(plain(text))
        return any(secret in squashed for secret in secrets)

    def _scrub_lines(self, text: str, secrets: list[str]) -> str:
        return "\n".join(line for line in text.split("\n") if not self._leaks(line, secrets))

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        split = self._split(cell.source)
        if split is None:
            return cell, resources
        visible, hidden, numbers = split
        cell.source = visible
        secrets = [s for s in (_squash(line) for line in hidden) if len(s) >= 6]
        secrets += [_squash(self.begin), _squash(self.end)]
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error":
                tb = [plain(line) for line in output.get("traceback", [])]
                frames = [
                    (count, int(line)) for frame in tb for count, line in CELL_LINE.findall(frame)
                ]
                # the outermost frame in this cell is the test line that failed
                own = [line for count, line in frames if count == str(cell.get("execution_count"))]
                failing = own[0] if own else (frames[0][1] if frames else None)
                in_hidden = failing in numbers
                if in_hidden or self._leaks(str(output.get("evalue", "")), secrets):
                    ename = output.get("ename", "Error")
                    output["evalue"] = ""
                    output["traceback"] = [self.note.format(ename=ename)]
                else:
                    output["traceback"] = [
                        self._scrub_lines(frame, secrets) for frame in output.get("traceback", [])
                    ]
            elif kind == "stream":
                output["text"] = self._scrub_lines(output.get("text", ""), secrets)
            elif kind in ("execute_result", "display_data"):
                data = output.get("data", {})
                for mime in list(data):
                    if isinstance(data[mime], str) and self._leaks(data[mime], secrets):
                        data[mime] = self._scrub_lines(data[mime], secrets)
        return cell, resources
