from django.core.management import call_command

from workflows.graph import edges


def test_graph_command_writes_dot_and_mermaid_from_the_model(tmp_path):
    call_command("workflows_graph", output_dir=str(tmp_path), skip_checks=True)

    dot = (tmp_path / "state-diagram.dot").read_text(encoding="utf-8")
    mermaid = (tmp_path / "state-diagram.md").read_text(encoding="utf-8")
    assert 'introduced -> cell_approved [label="cell_vote"];' in dot
    assert "introduced --> escalated: cell_vote" in mermaid
    assert "[*] --> source: candidacy_create" in mermaid


def test_graph_failed_vote_stays_and_never_jumps_sideways():
    vote_edges = {(source, target) for source, target, action in edges() if action == "grassroots_vote"}

    assert vote_edges == {
        ("cell_approved", "grassroots_approved"), ("cell_approved", "cell_approved"), ("cell_approved", "escalated"),
        ("partial_appraised", "grassroots_approved"), ("partial_appraised", "partial_appraised"),
        ("partial_appraised", "escalated"),
    }  # fmt: skip


def test_committed_state_diagram_is_up_to_date(tmp_path, settings):
    call_command("workflows_graph", output_dir=str(tmp_path), skip_checks=True)

    committed = (settings.BASE_DIR / "docs" / "state-diagram.md").read_text(encoding="utf-8")
    assert (tmp_path / "state-diagram.md").read_text(encoding="utf-8") == committed
