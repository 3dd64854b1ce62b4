"""Which groups' results may be shown: the anonymity rules, as pure functions (no database, no Flask).

A group is a unit; its figures cover every response in its subtree. Rules, in order:

1. *Too few answers*: a group with fewer responses than the round's threshold is hidden.
2. *No subtraction*: a visible parent minus its visible children leaves the hidden part of the parent; when that
   part holds more than zero but fewer than threshold responses it could be computed, so the smallest visible child
   is hidden too (then the next, …), or the parent when no child is left (the rule Glint and Qualtrics use).
3. *No reconstruction at all*: no hidden group's figures may be a linear combination of visible groups' figures
   (e.g. a hidden unit whose children are all visible). Checked exactly by linear algebra over the groups' direct
   responses; each violation hides one more group (a child, else a sibling, else the parent) until none is left.

The organisation as a whole is a group too (the virtual root ``ORGANISATION``), so "the whole organisation" minus
the visible administrations is covered by the same rules. Suppression is computed on the whole organisation and only
then narrowed to what a person may see: any subset of a safe set of figures is safe, so every role sees the same
numbers for the same unit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

ORGANISATION = "__organisation__"
TOO_FEW, PROTECTS_OTHERS = "too_few", "protects_others"
_EPSILON = 1e-9


@dataclass(frozen=True)
class Group:
    """A unit as the rules see it: its parent and the responses attached to it directly."""

    id: Hashable
    parent: Hashable | None
    #: Responses attached to this unit itself (not to units below it).
    direct: int


@dataclass(frozen=True)
class Visibility:
    """The rules' verdict: which groups may be shown, why the others are hidden, every group's response count."""

    #: Responses in each group's subtree (ORGANISATION included).
    counts: Mapping[Hashable, int]
    visible: frozenset
    #: Why a group is hidden: TOO_FEW or PROTECTS_OTHERS.
    reasons: Mapping[Hashable, str]
    threshold: int

    def shown(self, group_id: Hashable) -> bool:
        """Whether the group's figures may be shown."""
        return group_id in self.visible


class _Tree:
    def __init__(self, groups: Iterable[Group]):
        groups = list(groups)
        known = {group.id for group in groups}
        self.parent = {g.id: (g.parent if g.parent in known else ORGANISATION) for g in groups}
        self.parent[ORGANISATION] = None
        self.direct = {g.id: max(g.direct, 0) for g in groups} | {ORGANISATION: 0}
        self.children: dict[Hashable, list] = defaultdict(list)
        for node, parent in self.parent.items():
            if parent is not None:
                self.children[parent].append(node)
        self.order = self._post_order()
        self.counts = {}
        for node in self.order:
            self.counts[node] = self.direct[node] + sum(self.counts[c] for c in self.children[node])
        base = [node for node in self.order if self.direct[node] > 0]
        column = {node: i for i, node in enumerate(base)}
        self.vectors = {}
        for node in self.order:  # indicator of the direct responses in the subtree, weighted by nothing: 0/1
            vector = np.zeros(len(base))
            if node in column:
                vector[column[node]] = 1.0
            for child in self.children[node]:
                vector += self.vectors[child]
            self.vectors[node] = vector

    def _post_order(self) -> list:
        order, stack, seen = [], [(ORGANISATION, False)], set()
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif node not in seen:
                seen.add(node)
                stack.append((node, True))
                stack.extend((child, False) for child in self.children[node])
        return order

    def by_size(self, nodes: Iterable) -> list:
        return sorted(nodes, key=lambda node: (self.counts[node], str(node)))


def suppress_small_groups(groups: Iterable[Group], threshold: int) -> Visibility:
    """Decide, for every group and the organisation, whether its figures may be shown."""
    if threshold < 1:
        raise ValueError("the anonymity threshold must be positive")
    tree = _Tree(groups)
    reasons = {node: TOO_FEW for node in tree.order if tree.counts[node] < threshold}
    for _ in range(len(tree.order) + 1):  # every round hides one more visible group, so this ends
        if not _hide_one_more(tree, reasons, threshold):
            break
    visible = frozenset(node for node in tree.order if node not in reasons)
    return Visibility(dict(tree.counts), visible, dict(reasons), threshold)


def _hide_one_more(tree: _Tree, reasons: dict, threshold: int) -> bool:
    """Apply the first rule that finds something to hide; False when the visible set is safe."""
    for parent in tree.order:  # rule 2: the hidden remainder of a visible parent
        if parent in reasons:
            continue
        shown_children = [c for c in tree.children[parent] if c not in reasons]
        remainder = tree.counts[parent] - sum(tree.counts[c] for c in shown_children)
        if 0 < remainder < threshold:
            candidates = tree.by_size(shown_children)
            reasons[candidates[0] if candidates else parent] = PROTECTS_OTHERS
            return True
    hidden_groups = tree.by_size(n for n in reasons if tree.counts[n] > 0)
    if not hidden_groups:  # nothing hidden that could be reconstructed: the basis (an SVD) is not needed
        return False
    visible = [n for n in tree.order if n not in reasons and tree.counts[n] > 0]
    basis = _row_basis([tree.vectors[n] for n in visible])
    for hidden in hidden_groups:  # rule 3: exact reconstruction
        if _in_span(tree.vectors[hidden], basis):
            reasons[_least_breaker(tree, hidden, visible) or _breaker(tree, hidden, reasons)] = PROTECTS_OTHERS
            return True
    return False


def _least_breaker(tree: _Tree, hidden, visible: list) -> Hashable | None:
    """The smallest visible group whose hiding alone makes ``hidden`` impossible to compute, if there is one.

    Trying the smallest first keeps the damage low: a small workplace deep in the tree is hidden rather than a
    whole administration (hiding a large group whose children are all shown protects nothing, and the rule would
    then climb to the top of the tree)."""
    for candidate in tree.by_size(visible):
        rest = _row_basis([tree.vectors[n] for n in visible if n != candidate])
        if not _in_span(tree.vectors[hidden], rest):
            return candidate
    return None


def _breaker(tree: _Tree, hidden, reasons: Mapping) -> Hashable:
    """A visible group to hide so that ``hidden`` can no longer be computed: a child, else a sibling, else the
    nearest visible ancestor, else the smallest visible group that shares responses with it."""
    children = [c for c in tree.children[hidden] if c not in reasons and tree.counts[c] > 0]
    if children:
        return tree.by_size(children)[0]
    parent = tree.parent[hidden]
    siblings = [s for s in tree.children.get(parent, []) if s != hidden and s not in reasons and tree.counts[s] > 0]
    if siblings:
        return tree.by_size(siblings)[0]
    while parent is not None and parent in reasons:
        parent = tree.parent[parent]
    if parent is not None:
        return parent
    overlapping = [n for n in tree.order if n not in reasons and float(tree.vectors[n] @ tree.vectors[hidden]) > 0]
    return tree.by_size(overlapping)[0]


def _row_basis(rows: list[np.ndarray]) -> np.ndarray:
    if not rows or not len(rows[0]):
        return np.zeros((0, len(rows[0]) if rows else 0))
    _, singular, vt = np.linalg.svd(np.vstack(rows), full_matrices=False)
    return vt[singular > _EPSILON * max(singular.max(initial=0.0), 1.0)]


def _in_span(vector: np.ndarray, basis: np.ndarray) -> bool:
    if not vector.any():
        return False
    residual = vector - basis.T @ (basis @ vector) if len(basis) else vector
    return float(np.abs(residual).max()) < 1e-7
