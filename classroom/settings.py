"""oTree settings for the Alliance Dilemmas classroom game (run it with `make classroom`).

Every session config's name starts with ``alliance``; the debrief (lesson 08) and the
tests read the treatment from the subsession field ``treatment``. Group size, rounds and
the shock round are editable in the admin's "Create session" form.
"""

from os import environ

_COMMON = dict(
    app_sequence=["alliance"],
    num_demo_participants=4,
    group_size=4,  # 3 to 8 players per alliance
    num_rounds=10,  # at most alliance.C.NUM_ROUNDS
    taste=0.5,  # everybody's taste for security a (before any shock)
    decision_seconds=90,  # a student who has not decided by then spends the default (0)
    results_seconds=45,  # the results page moves on by itself after this long
)

SESSION_CONFIGS = [
    dict(
        _COMMON,
        name="alliance_equal",
        display_name="Alliance: equal allies",
        treatment="equal",
        doc="Every ally has the same income (100 points) and taste.",
    ),
    dict(
        _COMMON,
        name="alliance_unequal",
        display_name="Alliance: unequal incomes (NATO GDPs)",
        treatment="unequal",
        doc="Incomes are the shares of real NATO GDPs (2024, constant 2015 US$) of the "
        "largest European Allies and Canada, scaled so the group's mean income is 100.",
    ),
    dict(
        _COMMON,
        name="alliance_hegemon",
        display_name="Alliance: a hegemon commits first",
        treatment="hegemon",
        hegemon_income=200,
        doc="Player 1 is the hegemon (income hegemon_income, the others 100). It commits "
        "first; the others see its commitment before they choose.",
    ),
    dict(
        _COMMON,
        name="alliance_shock",
        display_name="Alliance: a threat shock halfway",
        treatment="shock",
        shock_round=6,
        shock=0.5,
        frontline_share=0.5,
        doc="From shock_round on, the frontline players' taste moves the fraction shock of "
        "the way to 1 (a' = a + shock (1 - a)).",
    ),
]

SESSION_CONFIG_DEFAULTS = dict(real_world_currency_per_point=0.00, participation_fee=0.00, doc="")

PARTICIPANT_FIELDS = []
SESSION_FIELDS = []

ROOMS = [
    dict(name="alliance", display_name="Alliance Dilemmas classroom"),
    dict(
        name="alliance_labels",
        display_name="Alliance Dilemmas classroom (participant labels)",
        participant_label_file="_rooms/alliance_labels.txt",
    ),
]

LANGUAGE_CODE = "en"
REAL_WORLD_CURRENCY_CODE = "USD"
USE_POINTS = True
POINTS_CUSTOM_NAME = "points"
POINTS_DECIMAL_PLACES = 2

ADMIN_USERNAME = "admin"
# serve.py sets a fresh random password and prints it (or keeps OTREE_ADMIN_PASSWORD if set)
ADMIN_PASSWORD = environ.get("OTREE_ADMIN_PASSWORD")

DEMO_PAGE_INTRO_HTML = """The alliance game of the Alliance Dilemmas course."""

SECRET_KEY = environ.get("OTREE_SECRET_KEY", "alliance-dilemmas-classroom-not-secret")
