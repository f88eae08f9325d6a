"""Finite games of perfect information: a game tree and two ways to solve it.

A :class:`GameNode` is either a decision node (a mover and its actions, each
leading to a subtree) or a leaf (every player's payoff). A strategy profile
names one action at every decision node, on and off the path of play.

* :func:`backward_induction` solves the tree from the leaves up (Zermelo):
  each mover picks the action whose solved subtree pays it most, ties going to
  the first listed action. The result is a subgame-perfect equilibrium.
* :func:`subgame_perfect_by_enumeration` finds every pure subgame-perfect
  profile by brute force, with the one-shot deviation principle: a profile is
  subgame perfect iff no mover gains by changing its action at a single node.
  It shares no code with :func:`backward_induction`, so each checks the other.

Used by the credible-threat game of lesson 2 (:mod:`course_lib.models.credible_threats`).

References: E. Zermelo (1913); R. Selten (1965, 1975); M. Osborne and
A. Rubinstein (1994), *A Course in Game Theory*, ch. 6.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "GameNode",
    "backward_induction",
    "subgame_perfect_by_enumeration",
]


@dataclass(frozen=True)
class GameNode:
    """A node of a finite game tree with perfect information.

    A decision node has a ``player`` and ``children`` (action name -> node), in
    the order used to break ties (the first best action is chosen). A leaf has
    ``payoffs`` (player name -> number) and no children.
    """

    name: str
    player: str | None = None
    children: tuple[tuple[str, GameNode], ...] = ()
    payoffs: tuple[tuple[str, float], ...] = ()

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def payoff(self, player: str) -> float:
        return dict(self.payoffs)[player]

    def decision_nodes(self) -> list[GameNode]:
        """Every decision node, root first (depth-first)."""
        if self.is_leaf:
            return []
        out = [self]
        for _, child in self.children:
            out.extend(child.decision_nodes())
        return out


def _leaf(name: str, **payoffs: float) -> GameNode:
    return GameNode(name, payoffs=tuple((k, float(v)) for k, v in payoffs.items()))


def _play(node: GameNode, strategy: dict[str, str]) -> GameNode:
    """The leaf reached from ``node`` when every decision node plays ``strategy[node.name]``."""
    while not node.is_leaf:
        node = dict(node.children)[strategy[node.name]]
    return node


def backward_induction(tree: GameNode) -> tuple[dict[str, str], GameNode]:
    """Solve a finite perfect-information game from the leaves up.

    At each decision node the mover picks the action whose solved subtree gives
    it the highest payoff (ties: the first listed). Returns the strategy (node
    name -> action, at every node, on and off the path) and the leaf reached.
    """
    strategy: dict[str, str] = {}

    def solve(node: GameNode) -> GameNode:
        if node.is_leaf:
            return node
        best_action, best_leaf = None, None
        for action, child in node.children:
            leaf = solve(child)
            if best_leaf is None or leaf.payoff(node.player) > best_leaf.payoff(node.player):
                best_action, best_leaf = action, leaf
        strategy[node.name] = best_action
        return best_leaf

    return strategy, solve(tree)


def subgame_perfect_by_enumeration(tree: GameNode) -> list[dict[str, str]]:
    """Every pure subgame-perfect strategy profile, found by brute force.

    Enumerates all profiles (one action at every decision node) and keeps those
    where no mover gains by changing its action at any single node, given the
    profile elsewhere (the one-shot deviation principle, exact in finite games).
    Independent of :func:`backward_induction`, so the two can check each other.
    """
    nodes = tree.decision_nodes()
    names = [n.name for n in nodes]
    options = [[a for a, _ in n.children] for n in nodes]
    found = []
    for combo in _product(options):
        profile = dict(zip(names, combo))
        stable = True
        for node in nodes:
            here = _play(node, profile).payoff(node.player)
            for action, _ in node.children:
                if _play(node, {**profile, node.name: action}).payoff(node.player) > here:
                    stable = False
                    break
            if not stable:
                break
        if stable:
            found.append(profile)
    return found


def _product(options):
    if not options:
        yield ()
        return
    for first in options[0]:
        for rest in _product(options[1:]):
            yield (first, *rest)


def _leaves(node: GameNode) -> list[GameNode]:
    if node.is_leaf:
        return [node]
    return [leaf for _, child in node.children for leaf in _leaves(child)]
