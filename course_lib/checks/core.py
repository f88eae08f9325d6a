"""Check-your-understanding questions with immediate feedback, for self-study.

A question knows its answer and says why; :meth:`Question.check` is plain Python
(testable without a browser) and :meth:`Question.widget` wraps it in ipywidgets
so a student clicks and is told at once whether the answer is right. These are
practice questions: the graded problem sets live in ``assignments/`` and their
hidden tests never appear here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import ipywidgets as widgets


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str


@dataclass
class Question:
    """Base class: a prompt and an explanation shown after any attempt."""

    prompt: str
    explanation: str

    def check(self, response) -> Feedback:  # pragma: no cover - abstract
        raise NotImplementedError

    def widget(self) -> widgets.Widget:  # pragma: no cover - abstract
        raise NotImplementedError

    def _frame(self, control: widgets.Widget, read) -> widgets.VBox:
        button = widgets.Button(
            description="Check", button_style="primary", layout=widgets.Layout(width="90px")
        )
        output = widgets.HTML()

        def on_click(_):
            fb = self.check(read())
            mark = "&#10004; Correct." if fb.correct else "&#10008; Not quite."
            colour = "#009E73" if fb.correct else "#D55E00"
            output.value = f"<div style='color:{colour}'><b>{mark}</b> {fb.message}</div>"

        button.on_click(on_click)
        box = widgets.VBox(
            [widgets.HTML(f"<b>{self.prompt}</b>"), control, button, output],
            layout=widgets.Layout(margin="0 0 14px 0"),
        )
        box.check_button, box.feedback = button, output  # handles for tests
        box.control = control
        return box


@dataclass
class MultipleChoice(Question):
    """Pick one option; ``answer`` is the index of the right one."""

    options: list[str] = field(default_factory=list)
    answer: int = 0

    def check(self, response) -> Feedback:
        if isinstance(response, str):
            if response not in self.options:
                raise ValueError(
                    f"response must be one of the options {self.options}, got {response!r}"
                )
            response = self.options.index(response)
        if not isinstance(response, int) or not 0 <= response < len(self.options):
            raise ValueError(f"response must be an option index 0..{len(self.options) - 1}")
        return Feedback(response == self.answer, self.explanation)

    def widget(self) -> widgets.VBox:
        choice = widgets.RadioButtons(
            options=self.options, value=None, layout=widgets.Layout(width="auto")
        )
        return self._frame(choice, lambda: choice.value if choice.value is not None else -1)


@dataclass
class Numeric(Question):
    """Type a number; right if within ``tolerance`` (relative) of ``answer``."""

    answer: float = 0.0
    tolerance: float = 0.01

    def check(self, response) -> Feedback:
        try:
            value = float(response)
        except (TypeError, ValueError):
            return Feedback(False, "Please enter a number. " + self.explanation)
        if not math.isfinite(value):
            return Feedback(False, "Please enter a finite number. " + self.explanation)
        ok = math.isclose(value, self.answer, rel_tol=self.tolerance, abs_tol=1e-9)
        return Feedback(ok, self.explanation)

    def widget(self) -> widgets.VBox:
        box = widgets.Text(placeholder="your answer", layout=widgets.Layout(width="200px"))
        return self._frame(box, lambda: box.value)


def quiz(questions: list[Question]) -> widgets.VBox:
    """All of a lesson's questions, one under another, each with its own Check button."""
    return widgets.VBox([q.widget() for q in questions])
