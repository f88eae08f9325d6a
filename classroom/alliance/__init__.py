"""The alliance game: students are allies who choose defence spending each round.

Player i has an income I and a taste for security a and chooses 0 <= q <= I. Its payoff
in points is POINTS_PER_UNIT * (I - q)**(1 - a) * Q**a, with Q the group's total: the
free-rider game of lesson 1 (course_lib.models.free_rider), one constant for everybody.
The predictions shown after each round come from the course's own models
(course_lib.models.classroom), installed into this venv by `make classroom`.

Treatments (session config key ``treatment``): equal, unequal (NATO GDP shares), hegemon
(player 1 commits first, the others see it), shock (frontline tastes rise at shock_round).

Dropouts: a decision page left unanswered for ``decision_seconds`` submits the default
decision, a contribution of 0 (an absent ally spends nothing), and records
``timed_out = True``; result pages move on after ``results_seconds``. So a group is never
stuck waiting for a student who left.
"""

from otree.api import BaseConstants, BaseGroup, BasePlayer, BaseSubsession, Page, WaitPage, models

from course_lib.models import classroom as model
from course_lib.models import free_rider

doc = __doc__


class C(BaseConstants):
    NAME_IN_URL = "alliance"
    PLAYERS_PER_GROUP = None  # set per session from the config's group_size
    NUM_ROUNDS = 30  # the most rounds a session can have (config num_rounds)
    MIN_GROUP = 3
    MAX_GROUP = 8
    MEAN_INCOME = 100.0
    POINTS_PER_UNIT = model.POINTS_PER_UNIT
    TREATMENTS = model.TREATMENTS
    # GDP, million US$, constant 2015 prices, 2024 (NATO, Defence Expenditure of NATO
    # Countries 2014-2024, Table 5; course_lib/data/nato_defence_expenditure_2014_2024.csv):
    # the largest Allies after the United States, largest first. A group of n players
    # gets the first n, scaled to a mean income of MEAN_INCOME.
    NATO_GDP_2024 = (
        ("DEU", 3631139.244625),
        ("GBR", 3227637.493429),
        ("FRA", 2679691.432425),
        ("ITA", 2000486.949564),
        ("CAN", 1798434.954101),
        ("ESP", 1380611.994288),
        ("TUR", 1290189.518067),
        ("NLD", 902783.700097),
    )


# --------------------------------------------------------------------------- session set-up


def group_sizes(num_participants, group_size):
    """Split the room into groups of about ``group_size`` (each between 3 and 8 players).

    The number of groups is round(N / group_size) (at least one); players are dealt out
    as evenly as possible, so 10 students with group_size 4 make groups of 5 and 5.
    """
    if not (C.MIN_GROUP <= group_size <= C.MAX_GROUP):
        raise ValueError(
            f"group_size must be between {C.MIN_GROUP} and {C.MAX_GROUP}, got {group_size}"
        )
    if num_participants < C.MIN_GROUP:
        raise ValueError(
            f"the session needs at least {C.MIN_GROUP} participants, got {num_participants}"
        )
    k = max(1, round(num_participants / group_size))
    sizes = [num_participants // k + (1 if i < num_participants % k else 0) for i in range(k)]
    if max(sizes) > C.MAX_GROUP or min(sizes) < C.MIN_GROUP:
        raise ValueError(
            f"{num_participants} participants cannot be split into groups of "
            f"{C.MIN_GROUP} to {C.MAX_GROUP} near group_size {group_size}"
        )
    return sizes


def nato_incomes(n):
    """Incomes of an n-player group in the unequal treatment: GDP shares, mean MEAN_INCOME."""
    gdp = [g for _, g in C.NATO_GDP_2024[:n]]
    return [round(C.MEAN_INCOME * n * g / sum(gdp), 2) for g in gdp]


def _config(session):
    cfg = session.config
    treatment = cfg.get("treatment")
    if treatment not in C.TREATMENTS:
        raise ValueError(f"treatment must be one of {C.TREATMENTS}, got {treatment!r}")
    num_rounds = int(cfg.get("num_rounds", 10))
    if not (1 <= num_rounds <= C.NUM_ROUNDS):
        raise ValueError(f"num_rounds must be between 1 and {C.NUM_ROUNDS}, got {num_rounds}")
    taste = float(cfg.get("taste", 0.5))
    if not (0 < taste < 1):
        raise ValueError(f"taste must be in (0, 1), got {taste}")
    if treatment == "shock":
        shock_round = int(cfg.get("shock_round", num_rounds // 2 + 1))
        if not (2 <= shock_round <= num_rounds):
            raise ValueError(
                f"shock_round must be between 2 and num_rounds ({num_rounds}), got {shock_round}"
            )
        shock = float(cfg.get("shock", 0.5))
        if not (0 <= shock < 1):
            raise ValueError(f"shock must be in [0, 1), got {shock}")
    if treatment == "hegemon" and not float(cfg.get("hegemon_income", 200)) > 0:
        raise ValueError("hegemon_income must be > 0")
    return treatment, num_rounds, taste


def creating_session(subsession):
    session = subsession.session
    treatment, num_rounds, taste = _config(session)
    subsession.treatment = treatment
    subsession.in_play = subsession.round_number <= num_rounds
    if subsession.round_number == 1:
        players = sorted(subsession.get_players(), key=lambda p: p.participant.id_in_session)
        matrix, start = [], 0
        for size in group_sizes(len(players), int(session.config.get("group_size", 4))):
            matrix.append(players[start : start + size])
            start += size
        subsession.set_group_matrix(matrix)
    else:
        subsession.group_like_round(1)  # partners: the same alliance every round
    shock_round = int(session.config.get("shock_round", num_rounds // 2 + 1))
    subsession.shock_round = shock_round if treatment == "shock" else 0
    for group in subsession.get_groups():
        players = sorted(group.get_players(), key=lambda p: p.id_in_group)
        n = len(players)
        incomes = [C.MEAN_INCOME] * n
        if treatment == "unequal":
            incomes = nato_incomes(n)
        if treatment == "hegemon":
            incomes[0] = float(session.config.get("hegemon_income", 200))
        tastes = [taste] * n
        frontline = [False] * n
        if treatment == "shock":
            frontline = [
                bool(f)
                for f in free_rider.frontline_allies(
                    n, float(session.config.get("frontline_share", 0.5))
                )
            ]
            if subsession.round_number >= shock_round:
                tastes = [
                    float(t)
                    for t in free_rider.threat_shock(
                        taste, frontline, float(session.config.get("shock", 0.5)), n
                    )
                ]
        for p, income, a, front in zip(players, incomes, tastes, frontline):
            p.income = income
            p.taste = a
            p.frontline = front
            p.hegemon = treatment == "hegemon" and p.id_in_group == 1
            if treatment == "unequal":
                p.ally = C.NATO_GDP_2024[p.id_in_group - 1][0]


# --------------------------------------------------------------------------- models


class Subsession(BaseSubsession):
    treatment = models.StringField()
    in_play = models.BooleanField(initial=True)
    shock_round = models.IntegerField(initial=0)


class Group(BaseGroup):
    total = models.FloatField()
    commitment = models.FloatField()  # the hegemon's spending, shown to the others
    nash_total = models.FloatField()
    efficient_total = models.FloatField()


class Player(BasePlayer):
    income = models.FloatField()
    taste = models.FloatField()
    hegemon = models.BooleanField(initial=False)
    frontline = models.BooleanField(initial=False)
    ally = models.StringField(blank=True, initial="")
    contribution = models.FloatField(
        min=0, label="Your defence spending this round (points, between 0 and your income)"
    )
    timed_out = models.BooleanField(initial=False)
    nash_contribution = models.FloatField()
    nash_payoff = models.FloatField()
    efficient_contribution = models.FloatField()
    efficient_payoff = models.FloatField()


def contribution_max(player):
    return player.income


def points(player, own, others):
    """Points for spending ``own`` while the others spend ``others`` in total."""
    total = own + others
    return C.POINTS_PER_UNIT * (player.income - own) ** (1 - player.taste) * total**player.taste


def set_payoffs(group):
    players = sorted(group.get_players(), key=lambda p: p.id_in_group)
    incomes = [p.income for p in players]
    tastes = [p.taste for p in players]
    q = [p.contribution for p in players]
    group.total = round(sum(q), 9)  # no 0.1 + 0.2 noise in the display and the export
    hegemon = next((i for i, p in enumerate(players) if p.hegemon), None)
    nash = model.predicted_contributions(incomes, tastes, hegemon)
    efficient = model.efficient_contributions(incomes, tastes)
    nash_pay = model.payoffs(nash, incomes, tastes, C.POINTS_PER_UNIT)
    eff_pay = model.payoffs(efficient, incomes, tastes, C.POINTS_PER_UNIT)
    group.nash_total = float(sum(nash))
    group.efficient_total = float(sum(efficient))
    for i, p in enumerate(players):
        p.payoff = points(p, p.contribution, group.total - p.contribution)
        p.nash_contribution = float(nash[i])
        p.nash_payoff = float(nash_pay[i])
        p.efficient_contribution = float(efficient[i])
        p.efficient_payoff = float(eff_pay[i])


def set_commitment(group):
    group.commitment = next(p.contribution for p in group.get_players() if p.hegemon)


def _in_play(player):
    return player.round_number <= player.session.config.get("num_rounds", 10)


def _decided(player, timeout_happened):
    if timeout_happened:
        player.contribution = 0.0  # the documented default: an absent ally spends nothing
        player.timed_out = True


def _decision_seconds(player):
    return player.session.config.get("decision_seconds", 90)


# --------------------------------------------------------------------------- pages


class Instructions(Page):
    get_timeout_seconds = _decision_seconds

    @staticmethod
    def is_displayed(player):
        return player.round_number == 1

    @staticmethod
    def vars_for_template(player):
        return dict(
            treatment=player.subsession.treatment,
            n=len(player.group.get_players()),
            num_rounds=player.session.config.get("num_rounds", 10),
            shock_round=player.subsession.shock_round,
        )


class Commit(Page):
    """The hegemon commits first (hegemon treatment only)."""

    form_model = "player"
    form_fields = ["contribution"]
    template_name = "alliance/Decide.html"
    get_timeout_seconds = _decision_seconds

    @staticmethod
    def is_displayed(player):
        return _in_play(player) and player.hegemon

    @staticmethod
    def vars_for_template(player):
        return _decide_vars(player)

    before_next_page = staticmethod(_decided)


class CommitWaitPage(WaitPage):
    after_all_players_arrive = set_commitment
    title_text = "Waiting for the hegemon"
    body_text = "The hegemon commits first; you will see its spending before you choose."

    @staticmethod
    def is_displayed(player):
        return _in_play(player) and player.subsession.treatment == "hegemon"


class Decide(Page):
    form_model = "player"
    form_fields = ["contribution"]
    get_timeout_seconds = _decision_seconds

    @staticmethod
    def is_displayed(player):
        return _in_play(player) and not player.hegemon

    @staticmethod
    def vars_for_template(player):
        return _decide_vars(player)

    before_next_page = staticmethod(_decided)


def _decide_vars(player):
    n = len(player.group.get_players())
    previous = player.in_round(player.round_number - 1) if player.round_number > 1 else None
    previous_others = (previous.group.total - previous.contribution) if previous else 0.0
    shown = player.subsession.treatment == "hegemon" and not player.hegemon
    return dict(
        n=n,
        treatment=player.subsession.treatment,
        previous=previous,
        previous_others=previous_others,
        shocked=player.subsession.treatment == "shock"
        and player.round_number == player.subsession.shock_round
        and player.frontline,
        commitment_shown=shown,
        commitment=player.group.commitment if shown else None,
        calc_own=previous.contribution if previous else 0.0,
        calc_others=round(player.group.commitment if shown else previous_others, 2),
        open_calculator=False,
    )


class ResultsWaitPage(WaitPage):
    after_all_players_arrive = set_payoffs
    title_text = "Waiting for your alliance"
    body_text = "The round ends when every member has decided."

    @staticmethod
    def is_displayed(player):
        return _in_play(player)


class Results(Page):
    @staticmethod
    def get_timeout_seconds(player):
        return player.session.config.get("results_seconds", 45)

    @staticmethod
    def is_displayed(player):
        return _in_play(player)

    @staticmethod
    def vars_for_template(player):
        others = player.group.total - player.contribution
        return dict(
            others=others,
            n=len(player.group.get_players()),
            calc_own=player.contribution,
            calc_others=round(others, 2),
            open_calculator=True,
        )


page_sequence = [Instructions, Commit, CommitWaitPage, Decide, ResultsWaitPage, Results]


def custom_export(players):
    """One tidy row per player and round, the columns the debrief reads (lesson 08)."""
    yield [
        "session",
        "config",
        "treatment",
        "group",
        "round",
        "player",
        "participant",
        "label",
        "income",
        "taste",
        "hegemon",
        "frontline",
        "ally",
        "contribution",
        "payoff",
        "total",
        "timed_out",
        "shock_round",
    ]
    for p in players:
        if not p.subsession.in_play or p.group.field_maybe_none("total") is None:
            continue
        yield [
            p.session.code,
            p.session.config["name"],
            p.subsession.treatment,
            p.group.id_in_subsession,
            p.round_number,
            p.id_in_group,
            p.participant.code,
            p.participant.label or "",
            p.income,
            p.taste,
            int(p.hegemon),
            int(p.frontline),
            p.ally or "",
            p.contribution,
            float(p.payoff),
            p.group.total,
            int(p.timed_out),
            p.subsession.shock_round,
        ]
