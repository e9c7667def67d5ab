"""The candidacy state graph, read from the transitions declared on ``Candidacy`` (for the docs)."""

from collections.abc import Iterator

from django_fsm import State

from workflows import actions
from workflows.enums import FUNNEL_ORDER, Stage
from workflows.models import Candidacy


def edges() -> Iterator[tuple[str, str, str]]:
    """(source, target, action) for every declared edge.

    A vote returns its target: the first allowed state when it passes, its own source when it fails,
    ``escalated`` on the last failure allowed. The reversal of a recorded step (``step_reverse``) is
    not drawn: it leads from any open stage back to the one before the case's last step.
    """
    for transition in Candidacy._meta.get_field("stage").get_all_transitions(Candidacy):
        if actions.spec(transition.name).amends is not None:
            continue
        if isinstance(transition.target, State):
            targets = list(dict.fromkeys([transition.target.allowed_states[0], transition.source, Stage.ESCALATED]))
        else:
            targets = [transition.target]
        for target in targets:
            yield str(transition.source), str(target), transition.name


def _sorted_edges() -> list[tuple[str, str, str]]:
    order = {stage: index for index, stage in enumerate([*FUNNEL_ORDER, *Stage.values])}
    return sorted(set(edges()), key=lambda edge: (order[edge[0]], order[edge[1]], edge[2]))


def transitions_as_dot() -> str:
    lines = ["digraph candidacy {", "  rankdir=TB;", '  node [shape=box, style=rounded, fontname="Helvetica"];']
    for stage in Stage:
        lines.append(f'  {stage.value} [label="{stage.label}"];')
    for source, target, action in _sorted_edges():
        style = ", style=dashed" if source == target else ""
        lines.append(f'  {source} -> {target} [label="{action}"{style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def transitions_as_mermaid() -> str:
    lines = ["stateDiagram-v2"]
    for stage in Stage:
        lines.append(f"    {stage.value}: {stage.label}")
    lines.append(f"    [*] --> {Stage.SOURCE.value}: candidacy_create")
    for source, target, action in _sorted_edges():
        lines.append(f"    {source} --> {target}: {action}")
    lines.append(f"    {Stage.OFFICIAL.value} --> [*]")
    return "\n".join(lines) + "\n"
