import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from tests.factories import CandidacyFactory, DocumentFactory, UserFactory
from tests.files import pdf_bytes, upload
from workflows.models import Candidacy, Document, Mentorship, TransitionLog, Vote


@pytest.fixture
def superuser_request(db):
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(username="root", is_superuser=True, is_staff=True)
    return request


@pytest.mark.parametrize("model", [Candidacy, Document, Vote, Mentorship, TransitionLog])
def test_admin_registers_every_workflow_model(model):
    assert site.is_registered(model)


def test_admin_audit_trail_cannot_be_added_changed_or_deleted_even_by_a_superuser(superuser_request):
    model_admin = site._registry[TransitionLog]

    permissions = (
        model_admin.has_add_permission(superuser_request),
        model_admin.has_change_permission(superuser_request),
        model_admin.has_delete_permission(superuser_request),
    )

    assert permissions == (False, False, False)
    assert model_admin.has_view_permission(superuser_request) is True


def test_admin_candidacy_list_renders_for_a_superuser(client, tree, superuser_request):
    CandidacyFactory(cell=tree.cell_a)
    client.force_login(superuser_request.user)

    response = client.get("/admin/workflows/candidacy/")

    assert response.status_code == 200
    assert tree.cell_a.name in response.content.decode()


def test_audit_row_refuses_to_be_edited(tree):
    candidacy = CandidacyFactory(cell=tree.cell_a)
    log = TransitionLog.objects.create(candidacy=candidacy, action="x", to_stage="source", event_date="2026-01-01",
                                       cell=tree.cell_a)  # fmt: skip

    with pytest.raises(PermissionError):
        log.save()


def test_an_administrator_closes_a_requirement_in_the_admin_and_the_guard_relaxes(client, superuser_request):
    import datetime

    from tests.factories import CandidacyFactory as Candidacies
    from workflows.catalogue import DocumentRequirement, documents_required_for
    from workflows.enums import Stage
    from workflows.rules import RuleReader

    requirement = DocumentRequirement.objects.get(action="recognition_vote", kind__code="12-KNĐ")
    client.force_login(superuser_request.user)
    page = client.get(f"/admin/workflows/documentrequirement/{requirement.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(effective_from="19/01/2011", effective_to="31/12/2025", kind=requirement.kind_id)

    response = client.post(f"/admin/workflows/documentrequirement/{requirement.pk}/change/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    candidacy = Candidacies(stage=Stage.PROBATIONARY)
    reasons = documents_required_for("recognition_vote")(candidacy, RuleReader(datetime.date(2026, 3, 2)))
    assert not any("12-KNĐ" in reason for reason in reasons)
    assert any("11-KNĐ" in reason for reason in reasons)


def test_admin_links_a_scan_to_the_scoped_view_never_to_media(client, tree, superuser_request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    scan = pdf_bytes()
    document = DocumentFactory(candidacy=CandidacyFactory(cell=tree.cell_a),
                               file=upload("don.pdf", scan), content_type="application/pdf")  # fmt: skip
    client.force_login(superuser_request.user)

    page = client.get(f"/admin/workflows/document/{document.pk}/change/").content.decode()
    inline = client.get(f"/admin/workflows/candidacy/{document.candidacy_id}/change/").content.decode()
    served = client.get(f"/candidacies/{document.candidacy_id}/documents/{document.pk}/")

    link = f'href="/candidacies/{document.candidacy_id}/documents/{document.pk}/"'
    assert link in page and link in inline
    assert "/media/" not in page and "/media/" not in inline
    assert b"".join(served.streaming_content) == scan
