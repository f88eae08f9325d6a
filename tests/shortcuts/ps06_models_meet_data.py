"""ps06, the models meet the data: answers that hand the calibration to the library (must earn
nothing on (a)) and honest answers written differently from the model answer (must keep full marks).

(a) says to invert the first-order condition without ``cal.calibrate_tastes``. The hidden tests
compute the library's tastes first and then run the student's function with the course's input
checks switched off, which every model function calls first, so a wrapper fails however it
reaches the library.
"""

from test_shortcuts import Answer

SHORTCUTS = [
    Answer(
        answer="calibrate",
        tests=("test_calibrate",),
        why="a wrapper around cal.calibrate_tastes",
        source="""def calibrate(incomes, spending):
    return cal.calibrate_tastes(incomes, spending)
""",
    ),
    Answer(
        answer="calibrate",
        tests=("test_calibrate",),
        why="cal.calibrate_tastes imported under another name, so patching the module attribute misses it",
        source="""from course_lib.models.calibration import calibrate_tastes as _tastes

calibrate = lambda incomes, spending: _tastes(incomes, spending)  # noqa: E731
""",
    ),
    Answer(
        answer="calibrate",
        tests=("test_calibrate",),
        why="the joint-product inversion with a zero private share is the same formula",
        source="""def calibrate(incomes, spending):
    return cal.calibrate_tastes(incomes, spending, outside=0.0, private_share=0.0)
""",
    ),
    Answer(
        answer="calibrate",
        tests=("test_calibrate",),
        why="a search for the taste that makes fr.nash_contributions reproduce the data",
        source="""from scipy.optimize import brentq


def calibrate(incomes, spending):
    incomes = np.asarray(incomes, dtype=float)
    spending = np.asarray(spending, dtype=float)
    out = np.empty(incomes.size)
    for i in range(incomes.size):
        def gap(a, i=i):
            tastes = np.full(incomes.size, 0.5)
            tastes[i] = a
            return fr.best_response(spending.sum() - spending[i], incomes[i], a) - spending[i] - 1e-15
        out[i] = brentq(gap, 1e-12, 1 - 1e-12)
    return out
""",
    ),
]

ALTERNATIVES = [
    Answer(
        answer="calibrate",
        why="through r = (I - q)/Q and a = 1/(1 + r), in a loop",
        source="""def calibrate(incomes, spending):
    total = float(sum(spending))
    tastes = []
    for income, q in zip(incomes, spending):
        r = (income - q) / total
        tastes.append(1.0 / (1.0 + r))
    return np.array(tastes)
""",
    ),
    Answer(
        answer="calibrate",
        why="plain Python lists, the private consumption written out",
        source="""def calibrate(incomes, spending):
    Q = sum(float(x) for x in spending)
    private = [float(i) - float(q) for i, q in zip(incomes, spending)]
    return np.array([Q / (Q + c) for c in private])
""",
    ),
    Answer(
        answer="joint_equilibrium",
        why="free riders found by a tolerance, smallest spending by sorting",
        source="""q_pure = fr.nash_contributions(incomes_b, taste_b)
q_joint = jp.nash_contributions(incomes_b, taste_b, private_share=share_b, outside=0.0)
free_riders_pure = [i for i in range(len(q_pure)) if q_pure[i] < 1e-12]
smallest_joint = sorted(q_joint)[0]
""",
    ),
    Answer(
        answer="us_cut",
        why="the falls and rises computed from the spending arrays",
        source="""cf_pure = cal.us_cut(gdp_c, spending_c, usa, 0.25, 0.0)
cf_joint = cal.us_cut(gdp_c, spending_c, usa, 0.25, 0.5)
others = np.arange(len(gdp_c)) != usa
cut_size = spending_c[usa] * 0.25
replaced_pure = (cf_pure.spending_after[others].sum() - spending_c[others].sum()) / cut_size
replaced_joint = (cf_joint.spending_after[others].sum() - spending_c[others].sum()) / cut_size
total_fall_joint = (spending_c.sum() - cf_joint.spending_after.sum()) / spending_c.sum()
""",
    ),
]
