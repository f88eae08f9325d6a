"""ps02, the leadership trap: answers that hand the work to the library (must earn nothing on their
task) and honest answers written differently from the model answer (must keep full marks)."""

from test_shortcuts import Answer

SHORTCUTS = [
    Answer(
        answer="crowding_out",
        tests=("test_crowding_out",),
        why="a wrapper around L.crowding_out",
        source="""def crowding_out(incomes, taste, hegemon_spending):
    return L.crowding_out(incomes, taste, hegemon_spending)
""",
    ),
    Answer(
        answer="crowding_out",
        tests=("test_crowding_out",),
        why="L.crowding_out imported under another name before the tests run",
        source="""from course_lib.models.leadership import crowding_out as _dq_dqh

crowding_out = lambda *a: _dq_dqh(*a)  # noqa: E731
""",
    ),
    Answer(
        answer="best_commitment",
        tests=("test_best_commitment",),
        why="theatre.optimum().spending",
        source="""def best_commitment(theatre):
    return theatre.optimum().spending
""",
    ),
    Answer(
        answer="best_commitment",
        tests=("test_best_commitment",),
        why="L.hegemon_optimum on the parameters",
        source="""from course_lib.models.leadership import hegemon_optimum as _opt

def best_commitment(theatre):
    return _opt(**theatre.parameters()).spending
""",
    ),
    Answer(
        answer="best_commitment",
        tests=("test_best_commitment",),
        why="the optimum inside theatre.curve()",
        source="""def best_commitment(theatre):
    return float(theatre.curve(points=3).optimum.spending)
""",
    ),
    Answer(
        answer="solve_threat_game",
        tests=("test_solve_threat_game",),
        why="builds the tree and calls L.backward_induction",
        source="""def solve_threat_game(hegemon, allies):
    def leaf(name):
        return L.GameNode(name, payoffs=(("hegemon", hegemon[name]), ("allies", allies[name])))
    tree = L.GameNode("hegemon", "hegemon", (
        ("accept free riding", leaf("status quo")),
        ("threaten to leave", L.GameNode("allies", "allies", (
            ("refuse", L.GameNode("hegemon after refusal", "hegemon", (
                ("stay", leaf("status quo")), ("leave", leaf("collapse"))))),
            ("comply", leaf("burden shifted"))))),
    ))
    strategy, _ = L.backward_induction(tree)
    moves, node = [], tree
    while not node.is_leaf:
        moves.append(strategy[node.name])
        node = dict(node.children)[strategy[node.name]]
    return tuple(moves)
""",
    ),
]

ALTERNATIVES = [
    Answer(
        answer="crowding_out",
        why="a loop over the contributors, tastes expanded by hand",
        source="""def crowding_out(incomes, taste, hegemon_spending):
    incomes = np.array(incomes, dtype=float)
    tastes = np.full(incomes.size, float(taste)) if np.ndim(taste) == 0 else np.array(taste, dtype=float)
    spending = fr.nash_contributions(incomes, tastes, outside=hegemon_spending)
    total_r = 0.0
    for a, q in zip(tastes, spending):
        if q > 0:
            total_r += (1 - a) / a
    return 1 / (1 + total_r)
""",
    ),
    Answer(
        answer="best_commitment",
        why="a coarse grid, then a fine grid around its best point (no scipy)",
        source="""def best_commitment(theatre):
    grid = np.linspace(0.0, 3.0 * theatre.threat, 3001)
    i = int(np.argmax(theatre.payoff(grid)))
    step = grid[1] - grid[0]
    fine = np.linspace(max(grid[i] - step, 0.0), grid[i] + step, 401)
    return float(fine[int(np.argmax(theatre.payoff(fine)))])
""",
    ),
    Answer(
        answer="solve_threat_game",
        why="reasons from the allies' reply upwards, written differently",
        source="""def solve_threat_game(hegemon, allies):
    stays = hegemon["status quo"] >= hegemon["collapse"]
    after_refusal = "status quo" if stays else "collapse"
    if allies[after_refusal] >= allies["burden shifted"]:
        reply, outcome = ("refuse", "stay" if stays else "leave"), after_refusal
    else:
        reply, outcome = ("comply",), "burden shifted"
    if hegemon[outcome] > hegemon["status quo"]:
        return ("threaten to leave", *reply)
    return ("accept free riding",)
""",
    ),
]
