"""The dependency graph of a template's resources, and cycle reporting."""

from __future__ import annotations

from heat_core.template import functions as fn


def resource_dependencies(defn, template=None) -> set:
    """Names of resources ``defn`` must wait for: DependsOn plus every
    resource its properties and metadata refer to."""
    deps = set(d for d in defn.depends_on if isinstance(d, str))
    deps.update(fn.dependencies(defn.properties))
    deps.update(fn.dependencies(defn.metadata))
    deps.discard(defn.name)
    return deps


def graph(template, active: set | None = None) -> dict:
    """``{resource: set(resources it depends on)}`` over the active
    resources (those whose condition holds; all when ``active`` is None)."""
    names = set(template.resources) if active is None else active
    out = {}
    for name in names:
        defn = template.resources[name]
        out[name] = {d for d in resource_dependencies(defn, template) if d in names}
    return out


def find_cycle(g: dict) -> list | None:
    """One cycle as a list ``[A, B, C, A]`` (A depends on B ...), or None."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = {n: WHITE for n in g}
    for start in sorted(g):
        if colour[start] != WHITE:
            continue
        stack = [(start, iter(sorted(g[start])))]
        trail = [start]
        colour[start] = GREY
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                colour[node] = BLACK
                stack.pop()
                trail.pop()
                continue
            if nxt not in colour:
                continue
            if colour[nxt] == GREY:
                return trail[trail.index(nxt):] + [nxt]
            if colour[nxt] == WHITE:
                colour[nxt] = GREY
                stack.append((nxt, iter(sorted(g[nxt]))))
                trail.append(nxt)
    return None


def topological_levels(g: dict) -> list[list]:
    """Resources grouped so each group depends only on earlier ones."""
    remaining = {n: set(d) for n, d in g.items()}
    levels = []
    while remaining:
        ready = sorted(n for n, d in remaining.items() if not d)
        if not ready:
            raise ValueError('dependency cycle')
        levels.append(ready)
        for n in ready:
            del remaining[n]
        for d in remaining.values():
            d.difference_update(ready)
    return levels
