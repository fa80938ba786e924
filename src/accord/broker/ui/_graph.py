"""The network graph: who depends on whom, laid out in layers and drawn as inline SVG on the server.

Layout (a plain Sugiyama-style pass, linear in nodes + edges apart from the ordering sweeps):

1. Layers: each application sits one column right of the rightmost consumer that calls it (longest
   path from the pure consumers); cycles are broken by ignoring edges that close a loop in a
   depth-first walk, so a graph with cycles still draws.
2. Order within a column: a few sweeps placing each node at the mean position of its neighbours in
   the previous column (barycentre), which keeps most edges short and uncrossed.
3. Coordinates: fixed column width and row height, so 200 applications make a tall, readable page
   instead of a hairball; edges are cubic curves coloured by the pair's latest verification.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

COLUMN_WIDTH = 260
NODE_WIDTH = 180
ROW_HEIGHT = 34
NODE_HEIGHT = 24
MARGIN = 20


@dataclass(frozen=True)
class Node:
    """An application placed on the graph."""

    name: str
    x: int
    y: int


@dataclass(frozen=True)
class Edge:
    """A consumer -> provider dependency with its curve's path data and status."""

    consumer: str
    provider: str
    status: str
    path: str


@dataclass(frozen=True)
class Graph:
    """A laid-out graph and the size of its drawing."""

    nodes: list[Node]
    edges: list[Edge]
    width: int
    height: int


def _layers(names: list[str], successors: dict[str, list[str]]) -> dict[str, int]:
    """Longest-path layering from the sources, ignoring back edges found by an iterative DFS."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    forward: dict[str, list[str]] = defaultdict(list)
    for root in names:
        if root in state:
            continue
        stack = [(root, iter(successors.get(root, ())))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                continue  # closes a cycle: drawn, but not used for layering
            else:
                forward[node].append(child)
                if child not in state:
                    state[child] = 1
                    stack.append((child, iter(successors.get(child, ()))))
    indegree = dict.fromkeys(names, 0)
    for targets in forward.values():
        for target in targets:
            indegree[target] += 1
    layer = dict.fromkeys(names, 0)
    ready = [n for n in names if indegree[n] == 0]
    while ready:
        node = ready.pop()
        for child in forward[node]:
            layer[child] = max(layer[child], layer[node] + 1)
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    return layer


def layout(edges: list[tuple[str, str, str]], sweeps: int = 4) -> Graph:
    """Place the applications of ``(consumer, provider, status)`` edges in layers and route the edges."""
    names = sorted({n for c, p, _ in edges for n in (c, p)}, key=str.casefold)
    successors: dict[str, list[str]] = defaultdict(list)
    neighbours: dict[str, list[str]] = defaultdict(list)
    for consumer, provider, _ in edges:
        successors[consumer].append(provider)
        neighbours[consumer].append(provider)
        neighbours[provider].append(consumer)
    layer = _layers(names, successors)
    columns: dict[int, list[str]] = defaultdict(list)
    for name in names:
        columns[layer[name]].append(name)
    position = {name: float(i) for col in columns.values() for i, name in enumerate(col)}
    for sweep in range(sweeps):
        order = sorted(columns) if sweep % 2 == 0 else sorted(columns, reverse=True)
        for index in order:
            col = columns[index]

            def centre(name: str) -> float:
                around = [position[n] for n in neighbours[name] if layer[n] != layer[name]]
                return sum(around) / len(around) if around else position[name]

            col.sort(key=centre)
            for i, name in enumerate(col):
                position[name] = float(i)
    nodes = {
        name: Node(name, MARGIN + index * COLUMN_WIDTH, MARGIN + i * ROW_HEIGHT)
        for index, col in columns.items()
        for i, name in enumerate(col)
    }
    routed = []
    for consumer, provider, status in edges:
        a, b = nodes[consumer], nodes[provider]
        if b.x > a.x:
            x1, x2 = a.x + NODE_WIDTH, b.x
        else:  # a back edge: leave and enter on the right side
            x1, x2 = a.x + NODE_WIDTH, b.x + NODE_WIDTH
        y1, y2 = a.y + NODE_HEIGHT // 2, b.y + NODE_HEIGHT // 2
        bend = max(40, abs(x2 - x1) // 2)
        c2 = x2 - bend if b.x > a.x else x2 + bend
        path = f"M{x1},{y1} C{x1 + bend},{y1} {c2},{y2} {x2},{y2}"
        routed.append(Edge(consumer, provider, status, path))
    width = MARGIN * 2 + max((c for c in columns), default=0) * COLUMN_WIDTH + NODE_WIDTH + 60
    height = MARGIN * 2 + max((len(c) for c in columns.values()), default=0) * ROW_HEIGHT
    return Graph(nodes=list(nodes.values()), edges=routed, width=width, height=height)


__all__ = ["Edge", "Graph", "Node", "layout"]
