"""Online submission: draft, e-form checked by the server, uploads checked from their content,
review, submit — and the refusals that store nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from motcua.dossiers.models import Dossier, DossierFile
from motcua.portal.models import Draft, DraftFile

from .citizens import EXECUTABLE, add_eform, make_citizen, owner_post, pdf, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(world):
    add_eform(world.case)
    return make_citizen()


def _draft(client, world) -> Draft:
    response = client.post(reverse("portal:start", args=[world.case.pk]), {})
    assert response.status_code == 302
    draft = Draft.objects.get()
    assert response["Location"] == reverse("portal:draft", args=[draft.pk])
    assert draft.receiving_unit == world.centre  # the only unit that may receive it
    return draft


def _component(world):
    return world.case.components.get()


def test_submit_online_end_to_end(world, citizen):
    client = signed_in(citizen)
    draft = _draft(client, world)
    page = client.get(reverse("portal:draft", args=[draft.pk])).content.decode()
    assert 'name="tk-birth_date"' in page and 'type="date"' in page
    assert 'value="0987654321"' in page  # prefilled from the account
    post = owner_post(action="review", **{f"tp-{_component(world).pk}": pdf()})
    response = client.post(reverse("portal:draft", args=[draft.pk]), post)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("portal:review", args=[draft.pk])
    review = client.get(response["Location"]).content.decode()
    assert "17/05/1990" in review and "to-khai.pdf" in review
    response = client.post(reverse("portal:review", args=[draft.pk]))
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("portal:my-dossier", args=[dossier.pk])
    assert dossier.state == "submitted" and dossier.national_status == 1
    assert dossier.channel == "online" and dossier.applicant_user == citizen
    assert dossier.code is None  # coded when the counter receives it
    assert dossier.form_data == {
        "birth_date": "1990-05-17",
        "purpose": "Xin việc",
        "copies_wanted": 2,
        "declaration": True,
    }
    owner = dossier.parties.get(kind="owner")
    assert (owner.name, owner.phone) == ("Trần Thị Bình", "0987654321")
    component = dossier.components.get()
    assert component.required == _component(world) and component.digitisation == 1
    stored = DossierFile.objects.get(dossier=dossier)
    assert stored.component == component and stored.kind == "component"
    assert stored.file.read() == pdf().read()
    assert not Draft.objects.exists() and not DraftFile.objects.exists()


def test_draft_keeps_what_was_typed_and_the_files(world, citizen):
    client = signed_in(citizen)
    draft = _draft(client, world)
    post = owner_post(**{"nd-name": "Trần Thị Bình", "tk-copies_wanted": "abc"})
    post.update(action="save", **{f"tp-{_component(world).pk}": pdf()})
    assert client.post(reverse("portal:draft", args=[draft.pk]), post).status_code == 302
    page = client.get(reverse("portal:draft", args=[draft.pk])).content.decode()
    assert 'value="abc"' in page and "to-khai.pdf" in page
    # A saved draft with a wrong answer cannot go further, and nothing is submitted.
    assert client.post(reverse("portal:review", args=[draft.pk])).status_code == 302
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"tk-birth_date": "31/02/1990"}, "tk-birth_date"),
        ({"tk-purpose": "Không có trong danh sách"}, "tk-purpose"),
        ({"tk-copies_wanted": "-3"}, "tk-copies_wanted"),
        ({"tk-declaration": None}, "tk-declaration"),
        ({"nd-phone": "12345"}, "nd-phone"),
        ({"nd-id_number": "12AB"}, "nd-id_number"),
        ({"nd-name": ""}, "nd-name"),
    ],
)
def test_invalid_fields_are_refused_with_a_message(world, citizen, changes, field):
    client = signed_in(citizen)
    draft = _draft(client, world)
    post = owner_post(action="review", **changes)
    post[f"tp-{_component(world).pk}"] = pdf()
    response = client.post(reverse("portal:draft", args=[draft.pk]), post)
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Dossier.objects.exists()


def test_missing_mandatory_document_is_refused(world, citizen):
    client = signed_in(citizen)
    draft = _draft(client, world)
    response = client.post(reverse("portal:draft", args=[draft.pk]), owner_post(action="review"))
    assert response.status_code == 200
    assert f'id="tp-{_component(world).pk}_error"' in response.content.decode()
    assert not Dossier.objects.exists()


def test_renamed_executable_and_oversized_file_are_refused(world, citizen, settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 1024
    client = signed_in(citizen)
    draft = _draft(client, world)
    name = f"tp-{_component(world).pk}"
    for upload in (pdf("scan.pdf", EXECUTABLE), pdf("big.pdf", b"%PDF-" + b"x" * 2000)):
        response = client.post(
            reverse("portal:draft", args=[draft.pk]), owner_post(action="save", **{name: upload})
        )
        assert response.status_code == 200
        messages = [str(m) for m in response.context["messages"]]
        assert any(upload.name in m for m in messages), messages
    assert not DraftFile.objects.exists()
    assert not any((settings.MOTCUA_FILES_ROOT / "drafts").glob("**/*.pdf"))


def test_missing_csrf_token_is_refused(world, citizen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    response = client.post(reverse("portal:start", args=[world.case.pk]), {})
    assert response.status_code == 403
    assert not Draft.objects.exists()


def test_someone_elses_draft_is_404(world, citizen):
    draft = _draft(signed_in(citizen), world)
    other = signed_in(make_citizen("khac@example.vn", "0911111111"))
    for name in ("portal:draft", "portal:review"):
        assert other.get(reverse(name, args=[draft.pk])).status_code == 404
    assert other.post(reverse("portal:discard", args=[draft.pk])).status_code == 404
    assert Draft.objects.filter(pk=draft.pk).exists()


def test_sign_in_required_and_case_must_be_online(world, citizen):
    anonymous = Client().get(reverse("portal:start", args=[world.case.pk]))
    assert anonymous.status_code == 302 and reverse("portal:login") in anonymous["Location"]
    world.case.channels.filter(channel="online").delete()
    assert signed_in(citizen).get(reverse("portal:start", args=[world.case.pk])).status_code == 404


def test_remove_a_file_and_discard_the_draft(world, citizen, settings):
    client = signed_in(citizen)
    draft = _draft(client, world)
    name = f"tp-{_component(world).pk}"
    client.post(
        reverse("portal:draft", args=[draft.pk]), owner_post(action="save", **{name: pdf()})
    )
    stored = DraftFile.objects.get()
    path = stored.file.path
    client.post(reverse("portal:remove-file", args=[draft.pk, stored.pk]), owner_post())
    assert not DraftFile.objects.exists()
    client.post(
        reverse("portal:draft", args=[draft.pk]), owner_post(action="save", **{name: pdf()})
    )
    client.post(reverse("portal:discard", args=[draft.pk]))
    assert not Draft.objects.exists() and not DraftFile.objects.exists()
    assert path  # the storage file is deleted after commit (on_commit does not run in tests)
