"""ps04: answers that hand (a)-(d) to the course library, and honest answers written differently.

Each of (a)-(d) says to write the formula or the test yourself. The hidden tests compute the
library's values first and then run the student's functions with the library switched off:
the course's input checks (``course_lib.models.validation``), which every model function calls
first, and the helpers every hull function of ``inst`` goes through (``_points`` and
``_gridlocked_prefixes`` of ``course_lib.models.veto_players``, where they are defined) are replaced
by functions that raise, so an answer fails however it reaches the library (alias, wrapper, another
function, the module ``inst`` re-exports from).
"""

from test_shortcuts import Answer

SHORTCUTS = [
    Answer(
        answer="unanimity_delay",
        source=(
            "def expected_unanimity_delay(members, mean_days):\n"
            "    return inst.expected_decision_time(members, 'unanimity', mean_days)\n"
        ),
        tests=("test_unanimity_delay",),
        why="a wrapper around inst.expected_decision_time (passes the old `is not` check)",
    ),
    Answer(
        answer="unanimity_delay",
        source=(
            "from course_lib.models.institutions import expected_order_statistic as _order\n\n\n"
            "def expected_unanimity_delay(members, mean_days):\n"
            "    return _order(members, members, mean_days)\n"
        ),
        tests=("test_unanimity_delay",),
        why="the n-th order statistic from the library, imported under another name",
    ),
    Answer(
        answer="unanimity_delay",
        source=(
            "def expected_unanimity_delay(members, mean_days):\n"
            "    return float(inst.solidarity_frontier(members, mean_days)['expected_days'].iloc[-1])\n"
        ),
        tests=("test_unanimity_delay",),
        why="the last row of the library's solidarity frontier",
    ),
    Answer(
        answer="unanimity_delay",
        source=(
            "from course_lib.models import decision_rules as _rules\n\n\n"
            "def expected_unanimity_delay(members, mean_days):\n"
            "    return _rules.expected_decision_time(members, 'unanimity', mean_days)\n"
        ),
        tests=("test_unanimity_delay",),
        why="the decision-rule model inst re-exports, called in its own module",
    ),
    Answer(
        answer="majority_delay",
        source=(
            "def expected_majority_delay(members, quota, mean_days):\n"
            "    return inst.expected_order_statistic(members, max(1, math.ceil(quota * members)), mean_days)\n"
        ),
        tests=("test_majority_delay",),
        why="the library's expected_order_statistic",
    ),
    Answer(
        answer="gridlocked",
        source="is_gridlocked = lambda status_quo, ideals: inst.is_gridlocked(status_quo, ideals)\n",
        tests=("test_gridlocked",),
        why="a wrapper around inst.is_gridlocked (passes the old `is not` check)",
    ),
    Answer(
        answer="gridlocked",
        source=(
            "from course_lib.models import threats as _threats\n\n\n"
            "def is_gridlocked(status_quo, ideals):\n"
            "    return not _threats.consensus_possible(ideals, status_quo)\n"
        ),
        tests=("test_gridlocked",),
        why="lesson 4's consensus_possible, the same question asked of another module",
    ),
    Answer(
        answer="gridlocked",
        source=(
            "from course_lib.models.institutions import hull_vertices as _ring\n\n\n"
            "def is_gridlocked(status_quo, ideals):\n"
            "    ring = _ring(ideals)\n"
            "    a, b = ring[:-1], ring[1:]\n"
            "    p = np.asarray(status_quo, float)\n"
            "    cross = (b[:, 0] - a[:, 0]) * (p[1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (p[0] - a[:, 0])\n"
            "    return bool(np.all(cross >= -1e-12))\n"
        ),
        tests=("test_gridlocked",),
        why="the library's hull corners under another name, with a hand-written inside test",
    ),
    Answer(
        answer="gridlocked",
        source=(
            "from course_lib.models.veto_players import is_gridlocked as _stuck\n\n\n"
            "def is_gridlocked(status_quo, ideals):\n"
            "    return _stuck(status_quo, ideals)\n"
        ),
        tests=("test_gridlocked",),
        why="the veto-player model inst re-exports, imported from its own module",
    ),
    Answer(
        answer="procurement_formulas",
        source=(
            "def interoperability(shares):\n"
            "    return procurement.interoperability(shares)\n\n\n"
            "def fragmentation_premium(shares, learning_rate):\n"
            "    return procurement.fragmentation_premium(shares, learning_rate)\n"
        ),
        tests=("test_procurement_formulas",),
        why="wrappers around procurement's functions",
    ),
]

ALTERNATIVES = [
    Answer(
        answer="unanimity_delay",
        source=(
            "def expected_unanimity_delay(members, mean_days):\n"
            "    return mean_days * float(np.sum(1.0 / np.arange(1, members + 1)))\n"
        ),
        why="the harmonic number with numpy",
    ),
    Answer(
        answer="unanimity_delay",
        source=(
            "def expected_unanimity_delay(members, mean_days):\n"
            "    # sum of the gaps: after j assents the next comes after mean / (n - j)\n"
            "    total = 0.0\n"
            "    for j in range(members):\n"
            "        total += mean_days / (members - j)\n"
            "    return total\n"
        ),
        why="adds the exponential gaps in the order the lesson derives them",
    ),
    Answer(
        answer="majority_delay",
        source=(
            "def expected_majority_delay(members, quota, mean_days):\n"
            "    k = math.ceil(quota * members)\n"
            "    return mean_days * sum(1.0 / j for j in range(members - k + 1, members + 1))\n"
        ),
        why="the same sum indexed from the slowest member needed",
    ),
    Answer(
        answer="gridlocked",
        source=(
            "def is_gridlocked(status_quo, ideals):\n"
            "    # outside the hull iff every ideal point lies strictly on one side of a line through s\n"
            "    v = np.asarray(ideals, float) - np.asarray(status_quo, float)\n"
            "    if np.any(np.all(np.abs(v) < 1e-12, axis=1)):\n"
            "        return True\n"
            "    angles = np.sort(np.arctan2(v[:, 1], v[:, 0]))\n"
            "    gaps = np.diff(np.concatenate([angles, [angles[0] + 2 * np.pi]]))\n"
            "    return bool(gaps.max() <= np.pi + 1e-12)\n"
        ),
        why="angles around the status quo: free iff some gap between directions exceeds half a turn",
    ),
    Answer(
        answer="procurement_formulas",
        source=(
            "def interoperability(shares):\n"
            "    s = np.asarray(shares, float)\n"
            "    return float(s @ s)\n\n\n"
            "def fragmentation_premium(shares, learning_rate):\n"
            "    b = -np.log(learning_rate) / np.log(2.0)\n"
            "    return float(sum(s ** (1 - b) for s in shares if s > 0) - 1)\n"
        ),
        why="a dot product and a generator instead of numpy sums",
    ),
]
