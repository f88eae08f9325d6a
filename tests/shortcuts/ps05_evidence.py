"""ps05: answers that hand a "write it yourself" task to the library, and honest answers written differently.

Task 2 says to compute Spearman's rho without ``scipy.stats.spearmanr`` (or anything that computes
a rank correlation for you); task 2b says to enumerate the pairings without
``scipy.stats.permutation_test`` or the course's ``exploitation_test``. The hidden tests compute
the expected values first, then run the student's function with those routines switched off: the
functions' code is swapped for one that raises, so every alias (``from scipy.stats import
spearmanr as r``, pandas' ``Series.corr(method="spearman")``, which calls scipy) fails, and
``Series.corr`` / ``DataFrame.corr`` refuse any method but Pearson's.
"""

from test_shortcuts import Answer

SHORTCUTS = [
    Answer(
        answer="spearman",
        source=(
            "def spearman(x, y):\n"
            "    return float(getattr(stats, 'spearman' + 'r')(x, y).statistic)\n"
        ),
        tests=("test_spearman",),
        why="spearmanr reached by getattr, so the visible source check does not see it",
    ),
    Answer(
        answer="spearman",
        source=(
            "from scipy.stats import spearmanr as _rho\n\n\n"
            "def spearman(x, y):\n"
            "    return float(_rho(x, y)[0])\n"
        ),
        tests=("test_spearman",),
        why="spearmanr imported under another name outside the function",
    ),
    Answer(
        answer="spearman",
        source=(
            "def spearman(x, y):\n"
            "    return float(pd.Series(np.asarray(x, dtype=float))"
            ".corr(pd.Series(np.asarray(y, dtype=float)), method='spearman'))\n"
        ),
        tests=("test_spearman",),
        why="pandas' rank correlation, Series.corr(method='spearman') (the issue's example)",
    ),
    Answer(
        answer="spearman",
        source=(
            "def spearman(x, y):\n"
            "    frame = pd.DataFrame({'x': np.asarray(x, dtype=float), 'y': np.asarray(y, dtype=float)})\n"
            "    return float(frame.corr(method='spearman').loc['x', 'y'])\n"
        ),
        tests=("test_spearman",),
        why="pandas' DataFrame.corr(method='spearman'), which does not go through scipy",
    ),
    Answer(
        answer="spearman",
        source=("def spearman(x, y):\n    return float(stats.mstats.spearmanr(x, y)[0])\n"),
        tests=("test_spearman",),
        why="the masked-array spearmanr in scipy.stats.mstats",
    ),
    Answer(
        answer="exact_pvalue",
        source=("def exact_pvalue(x, y):\n    return float(exploitation_test(x, y).pvalue)\n"),
        tests=("test_exact_pvalue",),
        why="the course's exploitation_test, which enumerates the pairings for small memberships",
    ),
    Answer(
        answer="exact_pvalue",
        source=(
            "def exact_pvalue(x, y):\n"
            "    y = np.asarray(y, dtype=float)\n"
            "    result = stats.permutation_test((y,), lambda v: spearman(x, v),\n"
            "                                    permutation_type='pairings', n_resamples=np.inf)\n"
            "    return float(result.pvalue)\n"
        ),
        tests=("test_exact_pvalue",),
        why="scipy's permutation_test does the enumeration",
    ),
    Answer(
        answer="exact_pvalue",
        source=(
            "from course_lib.models.evidence import rank_correlation_test as _rct\n\n\n"
            "def exact_pvalue(x, y):\n"
            "    return float(_rct(x, y).pvalue)\n"
        ),
        tests=("test_exact_pvalue",),
        why="the course's rank_correlation_test under another name",
    ),
]

ALTERNATIVES = [
    Answer(
        answer="spearman",
        source=(
            "def spearman(x, y):\n"
            "    rx = pd.Series(np.asarray(x, dtype=float)).rank()  # average ranks for ties\n"
            "    ry = pd.Series(np.asarray(y, dtype=float)).rank()\n"
            "    return float(rx.corr(ry))  # Pearson's correlation of the ranks\n"
        ),
        why="ranks with pandas' rank(), then Pearson's correlation with Series.corr",
    ),
    Answer(
        answer="spearman",
        source=(
            "def spearman(x, y):\n"
            "    def ranks(v):\n"
            "        v = np.asarray(v, dtype=float)\n"
            "        order = np.argsort(v, kind='stable')\n"
            "        r = np.empty(len(v))\n"
            "        r[order] = np.arange(1, len(v) + 1)\n"
            "        for value in np.unique(v):  # ties share their average rank\n"
            "            tied = v == value\n"
            "            r[tied] = r[tied].mean()\n"
            "        return r\n"
            "    rx, ry = ranks(x) - ranks(x).mean(), ranks(y) - ranks(y).mean()\n"
            "    return float(rx @ ry / np.sqrt((rx @ rx) * (ry @ ry)))\n"
        ),
        why="ranks by argsort with ties averaged by hand, correlation by its formula",
    ),
    Answer(
        answer="exact_pvalue",
        source=(
            "import itertools\n\n\n"
            "def exact_pvalue(x, y):\n"
            "    y = list(y)\n"
            "    observed = abs(spearman(x, y))\n"
            "    count = total = 0\n"
            "    for order in itertools.permutations(range(len(y))):\n"
            "        total += 1\n"
            "        count += abs(spearman(x, [y[i] for i in order])) >= observed - 1e-9\n"
            "    return count / total\n"
        ),
        why="a plain loop over the pairings with the student's own spearman",
    ),
]
