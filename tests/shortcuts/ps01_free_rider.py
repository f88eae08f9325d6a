"""ps01: answers that hand a "write it yourself" task to the library, and honest answers written differently.

(a) says to write the best response without ``fr.best_response``; (c) says to write the limit of
``Q*(n)`` as a formula, without the library. The hidden tests compute the library's values first
and then run the student's function with the course's input checks switched off, which every
model function calls first, so a wrapper fails however it reaches the library.
"""

from test_shortcuts import Answer

SHORTCUTS = [
    Answer(
        answer="best_response",
        source="best_response = lambda *a: fr.best_response(*a)\n",
        tests=("test_best_response",),
        why="a wrapper around fr.best_response (the issue's example)",
    ),
    Answer(
        answer="best_response",
        source=(
            "from course_lib.models.free_rider import best_response as _library\n\n\n"
            "def best_response(others_total, income, taste):\n"
            "    return float(_library(others_total, income, taste))\n"
        ),
        tests=("test_best_response",),
        why="the library function imported under another name, so patching fr.best_response misses it",
    ),
    Answer(
        answer="best_response",
        source=(
            "def best_response(others_total, income, taste):\n"
            "    return float(fr.nash_contributions([income], taste, outside=others_total)[0])\n"
        ),
        tests=("test_best_response",),
        why="a one-ally Nash equilibrium with the others as outside spending is the best response",
    ),
    Answer(
        answer="nash_limit",
        source=(
            "def nash_limit(income, taste):\n"
            "    return fr.symmetric_nash_total(10**12, income, taste)\n"
        ),
        tests=("test_nash_limit",),
        why="a huge alliance from the library instead of the limit (the issue's example)",
    ),
    Answer(
        answer="nash_limit",
        source=(
            "def nash_limit(income, taste):\n"
            "    return float(fr.gap_by_size([10**15], income, taste)['nash'][0])\n"
        ),
        tests=("test_nash_limit",),
        why="the same, through gap_by_size",
    ),
]

ALTERNATIVES = [
    Answer(
        answer="best_response",
        source=(
            "def best_response(others_total, income, taste):\n"
            "    wanted = taste * income - (1 - taste) * others_total\n"
            "    return float(np.clip(wanted, 0.0, None))\n"
        ),
        why="numpy's clip instead of max",
    ),
    Answer(
        answer="best_response",
        source=(
            "def best_response(others_total, income, taste):\n"
            "    # first-order condition: (1 - a) / (I - q) = a / (q + Q_others)\n"
            "    if others_total >= taste * income / (1 - taste):\n"
            "        return 0.0\n"
            "    return taste * (income + others_total) - others_total\n"
        ),
        why="the corner case tested first, the interior solution rearranged",
    ),
    Answer(
        answer="nash_limit",
        source=(
            "def nash_limit(income, taste):\n    r = (1 - taste) / taste\n    return income / r\n"
        ),
        why="I / r instead of I a / (1 - a)",
    ),
    Answer(
        answer="shortfall",
        source=(
            "def shortfall(n, income, taste):\n"
            "    return (fr.pareto_optimal_total(np.full(n, income), taste)\n"
            "            - fr.symmetric_nash_total(n, income, taste))\n"
        ),
        why="the library, which (c) 1 allows",
    ),
    Answer(
        answer="gain_from_deviating",
        source=(
            "def gain_from_deviating(spending, i, incomes, taste):\n"
            "    q = np.asarray(spending, dtype=float)\n"
            "    rest = q.sum() - q[i]\n"
            "    best = max(0.0, taste * incomes[i] - (1 - taste) * rest)\n"
            "    def u(x):\n"
            "        return (incomes[i] - x) ** (1 - taste) * (x + rest) ** taste\n"
            "    return float(u(best) - u(q[i]))\n"
        ),
        why="the utility written out instead of fr.utility",
    ),
]
