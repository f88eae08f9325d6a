"""oTree bots for the alliance game: `otree test alliance_<treatment>` plays every case.

Cases
-----
``mix``       a seeded mix of strategies (below); every payoff is checked against the formula.
``bad_input`` each decision is first submitted with a contribution above the income, a negative
              one, a non-numeric one and an empty one: the form must refuse all four
              (SubmissionMustFail), then a valid one goes through.
``dropout``   player 1 never answers: its decision pages time out, the default decision
              (spend 0, ``timed_out``) is recorded and the group finishes every round.

The ``mix`` strategies, assigned by participant number and seeded by it (so the sample session
shipped with the course, course_lib/data/classroom_sample_session.csv, is reproducible). They
are simulated students, not people:

``nash``         the prediction of the course's model for the group;
``responder``    the best answer to what the others spent last round (round 1: the prediction);
``cooperator``   starts at the efficient share and moves a third of the way to the prediction
                 each round (the decay seen in classroom public-goods games);
``conditional``  matches the group's mean contribution of last round (round 1: half the
                 efficient share), capped by the income;
``free_rider``   spends nothing.
Each adds noise of up to 10% of its income (clipped to [0, income]).

ALLIANCE_BOTS_CASES (comma-separated case names) restricts the cases run.
"""

import os
import random

from otree.api import Bot, Submission, SubmissionMustFail, expect
from otree.database import db

from course_lib.models import classroom as model
from course_lib.models import free_rider

from . import C, Commit, Decide, Instructions, Results

STRATEGIES = ("nash", "responder", "cooperator", "conditional", "free_rider")
_ALL_CASES = ["mix", "bad_input", "dropout"]


def _cases():
    wanted = os.environ.get("ALLIANCE_BOTS_CASES")
    if not wanted:
        return _ALL_CASES
    cases = [c.strip() for c in wanted.split(",") if c.strip()]
    unknown = sorted(set(cases) - set(_ALL_CASES))
    if unknown:
        raise ValueError(f"ALLIANCE_BOTS_CASES: unknown case(s) {unknown}; allowed {_ALL_CASES}")
    return cases


def strategy_of(id_in_session):
    return STRATEGIES[(id_in_session * 7 + 3) % len(STRATEGIES)]


def _group_arrays(player):
    players = sorted(player.group.get_players(), key=lambda p: p.id_in_group)
    hegemon = next((i for i, p in enumerate(players) if p.hegemon), None)
    return players, [p.income for p in players], [p.taste for p in players], hegemon


def choose(player, rng):
    """The mix case's decision for ``player`` this round."""
    players, incomes, tastes, hegemon = _group_arrays(player)
    i = player.id_in_group - 1
    predicted = model.predicted_contributions(incomes, tastes, hegemon)
    efficient = model.efficient_contributions(incomes, tastes)
    kind = strategy_of(player.participant.id_in_session)
    previous = player.in_round(player.round_number - 1) if player.round_number > 1 else None
    if kind == "nash":
        q = predicted[i]
    elif kind == "responder":
        if previous is None:
            q = predicted[i]
        else:
            others = previous.group.total - previous.contribution
            q = free_rider.best_response(others, player.income, player.taste)
    elif kind == "cooperator":
        weight = (2 / 3) ** (player.round_number - 1)
        q = weight * efficient[i] + (1 - weight) * predicted[i]
    elif kind == "conditional":
        if previous is None:
            q = efficient[i] / 2
        else:
            q = previous.group.total / len(players)
    else:
        q = 0.0
    q += rng.uniform(-0.1, 0.1) * player.income
    return round(float(min(max(q, 0.0), player.income)), 2)


class PlayerBot(Bot):
    cases = _cases()

    def play_round(self):
        player = self.player
        rng = random.Random(
            f"{self.session.config['name']}-{self.participant.id_in_session}-{self.round_number}"
        )
        dropout = self.case == "dropout" and player.id_in_group == 1
        if self.round_number == 1:
            if dropout:
                yield Submission(Instructions, timeout_happened=True, check_html=False)
            else:
                yield Instructions
        if self.round_number > self.session.config["num_rounds"]:
            return
        db.expire_all()  # the hegemon may have committed since this bot last looked
        player = self.player
        page = Commit if player.hegemon else Decide
        if self.case == "bad_input":
            for bad in (player.income + 1, -1, "lots", ""):
                yield SubmissionMustFail(
                    page, dict(contribution=bad), error_fields=["contribution"]
                )
        if dropout:
            yield Submission(page, timeout_happened=True, check_html=False)
            q = 0.0
        else:
            q = choose(player, rng) if self.case == "mix" else round(player.income / 4, 2)
            if page is Decide and player.subsession.treatment == "hegemon":
                expect(f'id="commitment">{player.group.commitment}<' in self.html, True)
            yield page, dict(contribution=q)
        # the round is over (the results wait page let us through): check what was stored,
        # reading the database afresh (the bot's own session still holds the old rows)
        db.expire_all()
        player = self.player
        expect(player.contribution, q)
        expect(player.timed_out, dropout)
        group = player.group.get_players()
        total = sum(p.contribution for p in group)
        expect(abs(player.group.total - total) < 1e-9, True)
        expected = C.POINTS_PER_UNIT * (
            (player.income - player.contribution) ** (1 - player.taste) * total**player.taste
        )
        expect(abs(float(player.payoff) - expected) < 0.006, True)
        expect(f'id="payoff">{player.payoff}<' in self.html, True)
        if dropout:
            yield Submission(Results, timeout_happened=True, check_html=False)
        else:
            yield Results
