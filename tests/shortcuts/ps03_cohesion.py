"""ps03: answers that hand tasks 1-4 to the course library, and honest answers written differently.

The problem set says to write tasks 1-4 with numpy, without the course library. The hidden
tests compute the library's values first and then run the student's functions with the
course's input checks (``course_lib.models.validation``) switched off; every model function
calls them first, so an answer fails however it reaches the library (alias, wrapper, loop).
"""

from test_shortcuts import Answer

SHORTCUTS = [
    Answer(
        answer="decay_weight",
        source=(
            "from course_lib.models import threats as _threats\n\n\n"
            "def decay_weight(capability, distance_km, reach_km):\n"
            "    c, d, r = np.broadcast_arrays(np.asarray(capability, float), np.asarray(distance_km, float),\n"
            "                                  np.asarray(reach_km, float))\n"
            "    out = np.array([_threats.loss_of_strength([[di]], [ci], ri)[0, 0]\n"
            "                    for ci, di, ri in zip(c.ravel(), d.ravel(), r.ravel())]).reshape(c.shape)\n"
            "    return out if out.ndim else float(out)\n"
        ),
        tests=("test_decay_weight",),
        why="the library's loss_of_strength, element by element (its reach check raises the ValueError)",
    ),
    Answer(
        answer="priority_vector",
        source=(
            "from course_lib.models.threats import priorities as _priorities\n\n\n"
            "def priority_vector(capabilities, distances_km, reach_km):\n"
            "    return _priorities(distances_km, capabilities, reach_km)[0]\n"
        ),
        tests=("test_priority_vector",),
        why="the library's priorities imported under another name",
    ),
    Answer(
        answer="consensus_sanction",
        source=(
            "from course_lib.models import interdependence as _inter\n\n\n"
            "def consensus_sanction(dependence, stake):\n"
            "    return _inter.consensus_sanction(dependence, stake), _inter.sanction_setter(dependence, stake)\n"
        ),
        tests=("test_consensus_sanction", "test_decoupling_levels"),
        why="the library's consensus level and setter (task 4's model answer calls it, so it falls too)",
    ),
    Answer(
        answer="consensus_sanction",
        source=(
            "def consensus_sanction(dependence, stake):\n"
            "    from course_lib.models.interdependence import collective_sanctions\n"
            "    result = collective_sanctions(dependence, stake)\n"
            "    return result.consensus, result.setter\n"
        ),
        tests=("test_consensus_sanction", "test_decoupling_levels"),
        why="the library's collective_sanctions, imported inside the function",
    ),
    Answer(
        answer="decoupling_levels",
        source=(
            "from course_lib.models import interdependence as _inter\n\n"
            "decoupling_levels = lambda path, stake: _inter.decoupling_path(path, stake)\n"
        ),
        tests=("test_decoupling_levels",),
        why="a wrapper around the library's decoupling_path",
    ),
]

ALTERNATIVES = [
    Answer(
        answer="decay_weight",
        source=(
            "def decay_weight(capability, distance_km, reach_km):\n"
            "    if np.any(np.asarray(reach_km) <= 0):\n"
            "        raise ValueError('reach_km must be strictly positive')\n"
            "    return np.asarray(capability, float) / np.exp(np.asarray(distance_km, float) / reach_km)\n"
        ),
        why="divides by exp(d / reach) instead of multiplying by exp(-d / reach)",
    ),
    Answer(
        answer="priority_vector",
        source=(
            "def priority_vector(capabilities, distances_km, reach_km):\n"
            "    d = np.asarray(distances_km, float)\n"
            "    w = np.asarray(capabilities, float) * np.exp(-(d - d.min()) / reach_km)\n"
            "    return w / w.sum()\n"
        ),
        why="shifts by the nearest distance instead of the largest log-weight",
    ),
    Answer(
        answer="consensus_sanction",
        source=(
            "def consensus_sanction(dependence, stake):\n"
            "    stakes = np.broadcast_to(stake, np.shape(dependence))\n"
            "    best_level, best_member = None, None\n"
            "    for i, (tau, theta) in enumerate(zip(dependence, stakes)):\n"
            "        peak = min(1.0, max(0.0, 1.0 - tau / theta))\n"
            "        if best_level is None or peak < best_level:\n"
            "            best_level, best_member = peak, i\n"
            "    return float(best_level), best_member\n"
        ),
        why="a plain loop keeping the first strict minimum",
    ),
    Answer(
        answer="decoupling_levels",
        source=(
            "def decoupling_levels(dependence_path, stake):\n"
            "    path = np.atleast_2d(np.asarray(dependence_path, float))\n"
            "    return np.clip(1.0 - path / np.asarray(stake, float), 0.0, 1.0).min(axis=1)\n"
        ),
        why="all periods at once with numpy, without calling consensus_sanction",
    ),
]
