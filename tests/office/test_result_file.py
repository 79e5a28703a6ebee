"""The result file attached when an officer finishes a dossier (the applicant downloads it in
the portal): checked from its content, stored with kind "result" in the transaction of the
finish — a refused file changes nothing — and the dossier page lists files by kind."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers import attachments
from motcua.dossiers import services as s
from motcua.dossiers.models import Dossier, DossierEvent, DossierFile, OutboxMessage

from .conftest import vn

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def at_the_clerk(world, **changes):
    """A dossier received at the counter and handled up to the clerk's step (finish next)."""
    d = s.receive_at_counter(
        application=world.application(**changes), actor=world.counter, at=vn(2025, 6, 2, 8, 0)
    )
    d = s.forward(dossier_id=d.pk, actor=world.counter, at=vn(2025, 6, 2, 9, 0))
    d = s.assign(
        dossier_id=d.pk, actor=world.head, to_user=world.specialist.user, at=vn(2025, 6, 2, 10)
    )
    d = s.forward(dossier_id=d.pk, actor=world.specialist, at=vn(2025, 6, 3, 9, 0))
    return s.forward(dossier_id=d.pk, actor=world.leader, at=vn(2025, 6, 4, 9, 0))


def finish_url(d) -> str:
    return reverse("office:act", args=[d.pk, "hoan-thanh"])


def finish_form(**changes) -> dict:
    return {"result_kind": "result", "result_number": "15/LLTP", **changes}


def snapshot(d):
    return (
        Dossier.objects.get(pk=d.pk).state,
        DossierEvent.objects.filter(dossier=d).count(),
        DossierFile.objects.filter(dossier=d).count(),
        OutboxMessage.objects.count(),
    )


def test_the_result_file_is_stored_with_kind_result(world, signed_in):
    d = at_the_clerk(world, return_method="online")
    clerk = signed_in(world.clerk)
    page = clerk.get(finish_url(d))
    assert page.status_code == 200 and page.context["form"].expects_file
    assert 'enctype="multipart/form-data"' in page.content.decode()
    upload = SimpleUploadedFile("ket-qua.pdf", PDF, content_type="application/pdf")
    response = clerk.post(finish_url(d), finish_form(result_file=upload))
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.state != "processing" and d.finished_at is not None and d.result_number == "15/LLTP"
    stored = DossierFile.objects.get(dossier=d)
    assert (stored.kind, stored.content_type, stored.size) == (
        "result",
        "application/pdf",
        len(PDF),
    )
    assert stored.uploaded_by == world.clerk.user and stored.component is None
    with stored.file.open("rb") as f:
        assert f.read() == PDF
    html = clerk.get(reverse("office:dossier", args=[d.pk])).content.decode()
    assert 'id="files-result"' in html and reverse("office:file", args=[d.pk, stored.pk]) in html


@pytest.mark.parametrize("return_method", ["online", "counter"])
def test_a_renamed_executable_is_refused_and_the_dossier_not_finished(
    world, signed_in, return_method
):
    d = at_the_clerk(world, return_method=return_method)
    before = snapshot(d)
    fake = SimpleUploadedFile("ket-qua.pdf", EXE, content_type="application/pdf")
    response = signed_in(world.clerk).post(finish_url(d), finish_form(result_file=fake))
    assert response.status_code == 400
    assert response.context["form"].has_error("result_file")
    assert snapshot(d) == before
    assert Dossier.objects.get(pk=d.pk).finished_at is None


def test_an_oversized_file_is_refused(world, signed_in, settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 1024 * 1024
    d = at_the_clerk(world)
    before = snapshot(d)
    big = SimpleUploadedFile("ket-qua.pdf", PDF + b"0" * (1024 * 1024), "application/pdf")
    response = signed_in(world.clerk).post(finish_url(d), finish_form(result_file=big))
    assert response.status_code == 400 and response.context["form"].has_error("result_file")
    assert snapshot(d) == before


def test_a_refused_finish_stores_no_file(world, signed_in):
    d = at_the_clerk(world, return_method="online")
    before = snapshot(d)
    upload = SimpleUploadedFile("ket-qua.pdf", PDF, content_type="application/pdf")
    response = signed_in(world.clerk).post(
        finish_url(d), finish_form(result_number="", result_file=upload)
    )
    assert response.status_code == 400  # the number is required for a result
    assert snapshot(d) == before


def test_the_file_is_expected_when_the_result_is_returned_online(world, signed_in):
    d = at_the_clerk(world, return_method="online")
    before = snapshot(d)
    clerk = signed_in(world.clerk)
    response = clerk.post(finish_url(d), finish_form())
    assert response.status_code == 400 and response.context["form"].has_error("result_file")
    assert snapshot(d) == before
    # A notice that the dossier is not eligible may go without a file.
    response = clerk.post(finish_url(d), {"result_kind": "ineligible", "summary": "Không đủ"})
    assert response.status_code == 302
    assert Dossier.objects.get(pk=d.pk).result_kind == "ineligible"


def test_the_file_is_optional_when_the_result_is_returned_at_the_counter(world, signed_in):
    d = at_the_clerk(world, return_method="counter")
    clerk = signed_in(world.clerk)
    assert not clerk.get(finish_url(d)).context["form"].expects_file
    assert clerk.post(finish_url(d), finish_form()).status_code == 302
    d.refresh_from_db()
    assert d.finished_at is not None and not DossierFile.objects.filter(dossier=d).exists()


def test_the_dossier_page_groups_files_by_kind(world, signed_in):
    d = at_the_clerk(world)
    component = d.components.get()
    for name, kind, comp in [
        ("to-khai.pdf", DossierFile.Kind.COMPONENT, component),
        ("bo-sung.pdf", DossierFile.Kind.SUPPLEMENT, None),
    ]:
        upload = SimpleUploadedFile(name, PDF, content_type="application/pdf")
        attachments.attach(d, upload, content_type="application/pdf", component=comp, kind=kind)
    page = signed_in(world.clerk).get(reverse("office:dossier", args=[d.pk]))
    groups = {kind: [f.name for f in files] for kind, _label, files in page.context["file_groups"]}
    assert groups == {"component": ["to-khai.pdf"], "supplement": ["bo-sung.pdf"]}
    html = page.content.decode()
    assert 'id="files-component"' in html and 'id="files-supplement"' in html
    assert 'id="files-result"' not in html
    assert html.index("to-khai.pdf") < html.index("bo-sung.pdf")
