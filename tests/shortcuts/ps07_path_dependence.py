"""ps07, path dependence: answers that hand the work to the library (must earn nothing on their
task) and honest answers written differently from the model answer (must keep full marks)."""

from test_shortcuts import Answer

SHORTCUTS = [
    Answer(
        answer="counted_belief",
        tests=("test_counted_belief",),
        why="P.belief_path does the counting",
        source="""def counted_belief(history, lean_years, delivered):
    return float(P.belief_path([delivered] * (lean_years + 1), history=history, rule="count")[-1])


def years_until_below(history, delivered, level):
    k = 0
    while counted_belief(history, k, delivered) >= level:
        k += 1
    return k
""",
    ),
    Answer(
        answer="counted_belief",
        tests=("test_counted_belief",),
        why="P.seed_belief, imported under another name, for the history; the lean years by hand",
        source="""from course_lib.models.path_dependence import seed_belief as _start


def counted_belief(history, lean_years, delivered):
    remembered = 2.0 + history
    return (_start(history, "count") * remembered + lean_years * delivered) / (remembered + lean_years)


def years_until_below(history, delivered, level):
    k = 0
    while counted_belief(history, k, delivered) >= level:
        k += 1
    return k
""",
    ),
    Answer(
        answer="adaptive_belief",
        tests=("test_adaptive_belief",),
        why="P.belief_path with the adaptive rule",
        source="""def adaptive_belief(history, lean_years, delivered, learning_rate):
    path = P.belief_path([delivered] * (lean_years + 1), history=history, rule="adaptive",
                         learning_rate=learning_rate)
    return float(path[-1])
""",
    ),
    Answer(
        answer="adaptive_belief",
        tests=("test_adaptive_belief",),
        why="P.seed_belief for the belief at the step back, the lean years by the closed form",
        source="""def adaptive_belief(history, lean_years, delivered, learning_rate):
    start = P.seed_belief(history, "adaptive", learning_rate)
    return delivered + (start - delivered) * (1 - learning_rate) ** lean_years
""",
    ),
    Answer(
        answer="years_to_close",
        tests=("test_years_to_close",),
        why="simulates the beliefs with P.belief_path and looks for the first one at most `closing`",
        source="""def years_to_close(history, step_year, closing, delivered, rule="count", learning_rate=0.2):
    beliefs = P.belief_path([1.0] * step_year + [delivered] * 5000, history=history, rule=rule,
                            learning_rate=learning_rate)[step_year:]
    below = np.flatnonzero(beliefs <= closing)
    return int(below[0]) if below.size else math.inf
""",
    ),
    Answer(
        answer="years_to_close",
        tests=("test_years_to_close",),
        why="P.seed_belief for the belief at the step back, then the closed forms",
        source="""def years_to_close(history, step_year, closing, delivered, rule="count", learning_rate=0.2):
    full = history + step_year
    start = P.seed_belief(full, rule, learning_rate)
    if start <= closing:
        return 0
    if closing <= delivered:
        return math.inf
    if rule == "count":
        return math.ceil((full + 1 - closing * (full + 2)) / (closing - delivered))
    return math.ceil(math.log((closing - delivered) / (start - delivered)) / math.log(1 - learning_rate))
""",
    ),
]

ALTERNATIVES = [
    Answer(
        answer="counted_belief",
        why="explicit alpha/beta counts and a closed-form wait",
        source="""def counted_belief(history, lean_years, delivered):
    alpha = 1 + history + delivered * lean_years
    beta = 1 + (1 - delivered) * lean_years
    return alpha / (alpha + beta)


def years_until_below(history, delivered, level):
    # (1 + h + f k) / (2 + h + k) < level  <=>  k > (1 + h - level (2 + h)) / (level - delivered)
    bound = (1 + history - level * (2 + history)) / (level - delivered)
    k = max(0, math.floor(bound) + 1)
    while k > 0 and counted_belief(history, k - 1, delivered) < level:
        k -= 1
    while counted_belief(history, k, delivered) >= level:
        k += 1
    return k
""",
    ),
    Answer(
        answer="adaptive_belief",
        why="the update rule applied year by year in a loop",
        source="""def adaptive_belief(history, lean_years, delivered, learning_rate):
    belief = 0.5
    for year in range(history + lean_years):
        seen = 1.0 if year < history else delivered
        belief = belief + learning_rate * (seen - belief)
    return belief
""",
    ),
    Answer(
        answer="closing_belief",
        why="bisection by hand on fr.nash_contributions",
        source="""def closing_belief(incomes, taste, usual_spending, threat, cut):
    f = 1 - cut

    def short_of_threat(belief):
        expected = belief * usual_spending
        allies = fr.nash_contributions(incomes, taste, outside=expected).sum()
        return threat - (f * usual_spending + allies)

    lo, hi = f, 1.0  # at lo the alliance fields enough, at hi it does not
    for _ in range(60):
        mid = (lo + hi) / 2
        if short_of_threat(mid) > 0:
            hi = mid
        else:
            lo = mid
    return (lo + hi) / 2
""",
    ),
    Answer(
        answer="years_to_close",
        why="the learning rules iterated year by year, no closed form",
        source="""def years_to_close(history, step_year, closing, delivered, rule="count", learning_rate=0.2):
    full = history + step_year
    if closing <= delivered:
        start = (1 + full) / (2 + full) if rule == "count" else 1 - 0.5 * (1 - learning_rate) ** full
        return 0 if start <= closing else math.inf
    if rule == "count":
        shown, remembered = 1.0 + full, 2.0 + full
        k = 0
        while shown / remembered > closing:
            shown, remembered, k = shown + delivered, remembered + 1, k + 1
        return k
    belief = 0.5
    for _ in range(full):
        belief += learning_rate * (1 - belief)
    k = 0
    while belief > closing:
        belief += learning_rate * (delivered - belief)
        k += 1
    return k
""",
    ),
]
