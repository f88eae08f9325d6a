r"""Joint products: defence buys the alliance's deterrent and a private benefit.

Sandler (1977) and Murdoch and Sandler (1984) observed that a defence budget
buys more than the alliance-wide deterrent: it also buys goods only the spender
enjoys (its own territorial defence, disaster relief, forces for its own
interests, a voice in the alliance). Sandler and Hartley (2001) survey the
evidence. The course's specification keeps lesson 1's Cobb-Douglas form and
splits the utility from security between the alliance total
:math:`Q = G + \sum_j q_j` and the ally's own spending :math:`q_i`:

.. math:: U_i = (I_i - q_i)^{1-a_i}\; Q^{\,a_i (1-s_i)}\; q_i^{\,a_i s_i},
          \qquad 0 < a_i < 1,\quad 0 \le s_i \le 1,

with :math:`a_i` the taste for security (as in :mod:`course_lib.models.free_rider`),
:math:`s_i` the *private share* of the benefit of defence (``private_share``) and
``G`` (``outside``) spending by a player outside the game. The exponents still
sum to one, so utility is measured in money. :math:`s_i = 0` is the pure
collective-good model of lesson 1; :math:`s_i = 1` makes defence a private good
(each ally spends :math:`a_i I_i` whatever the others do).

First-order condition (interior: with :math:`s_i > 0` the factor
:math:`q_i^{a_i s_i}` makes :math:`q_i = 0` the worst choice, so every ally
spends something):

.. math:: \frac{1-a_i}{I_i - q_i} = \frac{a_i(1-s_i)}{Q} + \frac{a_i s_i}{q_i}.

*Best response* to the others' total :math:`Q_{-i}` (substitute
:math:`Q = Q_{-i} + q_i`): the positive root of

.. math:: q_i^2 + \big[(1 - a_i + a_i s_i) Q_{-i} - a_i I_i\big]\, q_i - a_i s_i I_i Q_{-i} = 0,

which at :math:`s_i = 0` is lesson 1's :math:`\max(0, a_i I_i - (1-a_i) Q_{-i})`.

*Equilibrium.* Hold the total :math:`Q` fixed instead and solve the condition
for :math:`q_i`: the ally's *replacement function* :math:`q_i(Q)` (Cornes and
Hartley 2007) is the positive root of

.. math:: a_i(1-s_i)\, q^2 + \big[(1 - a_i(1-s_i))\,Q - a_i(1-s_i) I_i\big]\, q
          - a_i s_i I_i Q = 0

(for :math:`s_i = 0`: :math:`q_i(Q) = \max(0, I_i - r_i Q)`, :math:`r_i = (1-a_i)/a_i`).
The left side of the first-order condition rises in :math:`q_i` and the right side
falls in :math:`q_i` and in :math:`Q`, so :math:`q_i(Q)` is continuous and strictly
decreasing wherever it is positive. The equilibrium total is the unique root of

.. math:: F(Q) = G + \sum_i q_i(Q) - Q,

strictly decreasing, with :math:`F(0^+) = G + \sum_i I_i > 0` and
:math:`F(G + \sum_i I_i) \le 0`. :func:`nash_contributions` finds it with
a safeguarded Newton iteration to machine precision (no best-response iteration;
the slope :math:`q_i'(Q)` comes from differentiating the quadratic); when every
private share is zero it uses lesson 1's closed form, so the two models agree
exactly there.

References: T. Sandler (1977), "Impurity of Defense: An Application to the
Economics of Alliances", *Kyklos* 30(3); J. C. Murdoch and T. Sandler (1984),
"Complementarity, Free Riding, and the Military Expenditures of NATO Allies",
*Journal of Public Economics* 25(1-2); T. Sandler and K. Hartley (2001),
"Economics of Alliances: The Lessons for Collective Action", *Journal of
Economic Literature* 39(3); R. Cornes and R. Hartley (2007), "Aggregative
Public Good Games", *Journal of Public Economic Theory* 9(2).
"""

from __future__ import annotations

import numpy as np

from course_lib.models import free_rider
from course_lib.models import validation as check

__all__ = [
    "best_response",
    "nash_contributions",
    "nash_total",
    "private_share_check",
    "replacement",
    "utility",
]


def private_share_check(value, n: int) -> np.ndarray:
    """The private share :math:`s_i`: one number or one per ally, each in [0, 1]."""
    return check.per_ally(value, "private_share", n, minimum=0.0, maximum=1.0)


def _inputs(incomes, taste, private_share, outside=0.0):
    incomes = check.incomes(incomes)
    n = incomes.size
    taste = check.taste(taste, n)
    share = private_share_check(private_share, n)
    outside = check.scalar(outside, "outside", minimum=0.0)
    return incomes, taste, share, outside


def _positive_root(a2, b, c):
    r"""The root :math:`x \ge 0` of :math:`a_2 x^2 + b x - c = 0` (:math:`a_2, c \ge 0`), computed stably.

    For ``b > 0`` the form :math:`2c / (b + \sqrt{b^2 + 4 a_2 c})` avoids cancellation
    (and covers :math:`a_2 = 0`); for ``b <= 0`` the usual formula has none.
    """
    a2, b, c = np.asarray(a2, float), np.asarray(b, float), np.asarray(c, float)
    return _pick_root(a2, b, c, np.sqrt(b * b + 4.0 * a2 * c))


def _pick_root(a2, b, c, disc):
    # Both forms everywhere and np.where to pick (no boolean indexing: this runs in every
    # step of the equilibrium solve); the form not picked may divide by zero, harmlessly.
    with np.errstate(divide="ignore", invalid="ignore"):
        stable = 2.0 * c / (b + disc)
        usual = (disc - b) / (2.0 * a2)
    return np.maximum(np.where(b > 0, stable, usual), 0.0)


def _replacement(total, incomes, taste, share):
    k = taste * (1.0 - share)  # the exponent on the alliance total
    b = (1.0 - k) * total - k * incomes
    c = taste * share * incomes * total
    q = _positive_root(k, b, c)
    return np.minimum(q, incomes)


def _replacement_slope(total, incomes, taste, share):
    r""":math:`q_i(Q)` as :func:`_replacement` computes it, its slope :math:`q_i'(Q)` and the
    discriminant :math:`\sqrt{b^2 + 4kc}` (element-wise, broadcasting).

    Differentiating :math:`k q^2 + b q - c = 0` in :math:`Q` (:math:`b = (1-k)Q - kI`,
    :math:`c = a s I Q`) gives :math:`(2kq + b)\,q' = a s I - (1-k) q`, and
    :math:`2kq + b` is the discriminant at the positive root. Where the root is zero
    (a pure-model free rider) or the discriminant vanishes the slope is 0.
    """
    k = taste * (1.0 - share)
    b = (1.0 - k) * total - k * incomes
    own = taste * share * incomes
    c = own * total
    disc = np.sqrt(b * b + 4.0 * k * c)
    q = np.minimum(_pick_root(k, b, c, disc), incomes)
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = np.where(disc > 0, (own - (1.0 - k) * q) / disc, 0.0)
    return q, slope, disc


def replacement(total, incomes, taste, private_share=0.0) -> np.ndarray:
    r"""Each ally's replacement function :math:`q_i(Q)`: its spending if the alliance total is ``total``.

    The :math:`q_i` at which the first-order condition holds when the total,
    the ally's own spending included, equals :math:`Q`; the positive root of
    :math:`a_i(1-s_i) q^2 + [(1-a_i(1-s_i))Q - a_i(1-s_i)I_i] q - a_i s_i I_i Q = 0`.
    Strictly decreasing in :math:`Q` where positive; :math:`\max(0, I_i - r_i Q)` at
    :math:`s_i = 0`. ``total`` must be > 0.
    """
    incomes, taste, share, _ = _inputs(incomes, taste, private_share)
    total = check.scalar(total, "total", minimum=0.0, strict=True)
    return _replacement(total, incomes, taste, share)


def best_response(others_total, income, taste, private_share=0.0) -> np.ndarray | float:
    r"""The spending that maximises :math:`U_i` given the others' total :math:`Q_{-i}` (outside spending included).

    The positive root of :math:`q^2 + [(1 - a_i + a_i s_i) Q_{-i} - a_i I_i] q - a_i s_i I_i Q_{-i} = 0`;
    element-wise on arrays (one entry per ally) or on plain numbers. With
    :math:`Q_{-i} = 0` the ally stands alone and spends :math:`a_i I_i`.
    """
    income_arr = check.vector(income, "income", minimum=0.0)
    n = income_arr.size
    others = check.per_ally(others_total, "others_total", n, minimum=0.0)
    a = check.taste(taste, n)
    s = private_share_check(private_share, n)
    b = (1.0 - a + a * s) * others - a * income_arr
    c = a * s * income_arr * others
    q = np.minimum(_positive_root(np.ones(n), b, c), income_arr)
    return check.like_inputs(q, others_total, income, taste, private_share)


def nash_total(incomes, taste, private_share=0.0, outside=0.0) -> float:
    r"""The alliance total :math:`Q^* = G + \sum_i q_i^*` in the Nash equilibrium."""
    incomes, taste, share, outside = _inputs(incomes, taste, private_share, outside)
    return _total(incomes, taste, share, outside)


def _total(incomes, taste, share, outside) -> float:
    if not np.any(share > 0):
        return float(outside + free_rider.nash_contributions(incomes, taste, outside).sum())
    return float(_totals(incomes, taste, share, outside)[0])


def _totals(incomes, taste, share, outside=0.0, guess=None) -> np.ndarray:
    r"""The equilibrium totals :math:`Q^*` of ``m`` games that share the incomes, at once.

    ``incomes`` has shape ``(n,)`` (checked); ``taste`` and ``share`` broadcast against
    ``(m, n)`` (``(m, 1)``: one common taste and share per game, ``(n,)``: one game);
    ``outside`` is a number or shape ``(m,)``; ``guess`` (optional, shape ``(m,)``) is a
    starting total. Returns shape ``(m,)``.

    :math:`F(Q) = G + \sum_i q_i(Q) - Q` has slope :math:`F' = \sum_i q_i'(Q) - 1 \le -1`,
    so a Newton step from any :math:`Q > 0` lands in :math:`(0, G + \sum_i I_i]`
    (:math:`Q - F/F'` lies between :math:`Q` and :math:`G + \sum_i q_i(Q)`); the steps
    are kept inside the bracket that the signs of :math:`F` have shown (bisection
    otherwise) and stop when a step is below round-off (or stops shrinking there). The
    game is homogeneous of degree one, so it is solved with the largest income scaled
    to [0.5, 1) by a power of two (exact) and the answer scaled back.
    """
    shape = np.broadcast_shapes(np.shape(taste), np.shape(share), (1, incomes.size))
    rows = shape[:-1] or (1,)
    m = int(np.prod(rows))
    outside = np.broadcast_to(np.asarray(outside, float), rows).reshape(m)
    top = max(float(incomes.max()), float(outside.max()))
    if top <= 0.0:
        return np.zeros(rows)
    exponent = int(np.frexp(top)[1])
    incomes = np.ldexp(incomes, -exponent)
    outside = np.ldexp(outside, -exponent)
    taste = np.broadcast_to(np.asarray(taste, float), shape).reshape(m, incomes.size)
    share = np.broadcast_to(np.asarray(share, float), shape).reshape(m, incomes.size)
    low = np.zeros(m)
    high = outside + incomes.sum()
    if guess is None:
        # G + sum(a_i I_i): the total when defence is a private good, the most any private
        # share below one gives (the total rises with the shares)
        total = np.minimum(outside + (taste * incomes).sum(axis=-1), high)
    else:
        total = np.clip(np.ldexp(np.broadcast_to(guess, rows).reshape(m), -exponent), 0.0, high)
    total = np.where(total > 0.0, total, high)
    step = np.full(m, np.inf)
    games = np.arange(m)  # the games still being solved (settled ones leave the arrays)
    out = np.empty(m)
    eps = np.finfo(float).eps
    for _ in range(200):
        q, slope, _ = _replacement_slope(total[:, None], incomes, taste, share)
        excess = outside + q.sum(axis=-1) - total
        low = np.where(excess > 0.0, total, low)
        high = np.where(excess < 0.0, total, high)
        newton = total - excess / (slope.sum(axis=-1) - 1.0)
        previous, step = step, np.abs(newton - total)
        # converged: a Newton step below round-off, or a small one that no longer halves (the
        # noise floor of F, about eps * sum(I)), or an empty bracket
        settled = (step <= 4.0 * eps * total) | (excess == 0.0) | (high - low <= 4.0 * eps * high)
        settled |= (step <= 1e-9 * total) & (step > 0.5 * previous)
        inside = (newton > low) & (newton < high)
        total = np.where(inside | settled, newton, 0.5 * (low + high))
        if settled.any():
            out[games[settled]] = total[settled]
            going = ~settled
            if not going.any():
                break
            games, total, low, high, step, outside, taste, share = (
                x[going] for x in (games, total, low, high, step, outside, taste, share)
            )
    else:
        out[games] = total
    return np.ldexp(out, exponent).reshape(rows)


def nash_contributions(incomes, taste, private_share=0.0, outside=0.0) -> np.ndarray:
    r"""Each ally's spending :math:`q_i^*` in the unique Nash equilibrium of the joint-product game.

    Parameters
    ----------
    incomes : array_like, shape (n,)
        Incomes :math:`I_i \ge 0` (finite).
    taste : float or array_like, shape (n,)
        Taste for security :math:`a_i \in (0, 1)`.
    private_share : float or array_like, shape (n,), default 0
        Private share of the benefit of defence :math:`s_i \in [0, 1]`. With all
        zeros this is exactly :func:`course_lib.models.free_rider.nash_contributions`.
    outside : float, default 0
        Spending :math:`G \ge 0` by a player outside the game.

    Returns
    -------
    numpy.ndarray, shape (n,)
        :math:`q_i^* = q_i(Q^*)`, with :math:`Q^*` the root of
        :math:`G + \sum_i q_i(Q) = Q`. Every ally with income and
        :math:`s_i > 0` spends a positive amount.
    """
    incomes, taste, share, outside = _inputs(incomes, taste, private_share, outside)
    if not np.any(share > 0):
        return free_rider.nash_contributions(incomes, taste, outside)
    total = _total(incomes, taste, share, outside)
    if total <= 0.0:
        return np.zeros_like(incomes)
    return _replacement(total, incomes, taste, share)


def utility(spending, incomes, taste, private_share=0.0, outside=0.0) -> np.ndarray:
    r"""Each ally's utility :math:`(I_i - q_i)^{1-a_i} Q^{a_i(1-s_i)} q_i^{a_i s_i}` at ``spending``."""
    incomes, taste, share, outside = _inputs(incomes, taste, private_share, outside)
    q = check.vector(spending, "spending", minimum=0.0)
    check.same_length("spending", q, "incomes", incomes)
    if np.any(q > incomes * (1 + 1e-12)):
        i = int(np.flatnonzero(q > incomes * (1 + 1e-12))[0])
        raise ValueError(
            f"spending must be between 0 and each ally's income (entry {i}: {q[i]!r} > {incomes[i]!r})"
        )
    total = outside + q.sum()
    private = np.maximum(incomes - q, 0.0)
    with np.errstate(divide="ignore"):
        own = np.where(share > 0, q ** (taste * share), 1.0)
    return private ** (1.0 - taste) * total ** (taste * (1.0 - share)) * own
