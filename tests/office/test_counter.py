"""The counter: finding a procedure without diacritics, receiving with scans, asking to
complete, refusing — and bad input refused with nothing stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers.models import Dossier, DossierFile, Notice

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def counter(world, signed_in):
    return signed_in(world.counter)


def form(world, **changes):
    component = world.case.components.get()
    data = {
        "receiving_unit": world.centre.pk,
        "channel": "counter",
        "subject": "Phiếu lý lịch tư pháp số 1",
        "owner_name": "Nguyễn Văn An",
        "owner_id_type": "cccd",
        "owner_id_number": "001088012345",
        "owner_phone": "0912345678",
        f"c{component.pk}_received": "on",
        f"c{component.pk}_originals": "1",
        f"c{component.pk}_copies": "0",
        "decision": "receive",
    }
    data.update(changes)
    return data


def test_search_finds_procedures_without_diacritics(world, counter):
    html = counter.get(reverse("office:counter"), {"q": "phieu ly lich tu phap"}).content.decode()
    assert "2.000488.H99" in html and reverse("office:reception", args=[world.case.pk]) in html
    assert (
        "2.000488.H99"
        not in counter.get(reverse("office:counter"), {"q": "khai sinh"}).content.decode()
    )


def test_receive_with_a_scan(world, counter):
    component = world.case.components.get()
    scan = SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf")
    data = form(world, proxy_name="Trần Thị Bình", **{f"c{component.pk}_file": scan})
    response = counter.post(reverse("office:reception", args=[world.case.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    d = Dossier.objects.get()
    assert d.state == "received" and d.code.startswith("H99.20-")
    stored = DossierFile.objects.get()
    assert (stored.dossier, stored.content_type, stored.size) == (d, "application/pdf", len(PDF))
    assert stored.component.required_id == component.pk
    assert d.notices.filter(form=Notice.Form.RECEIPT).exists()
    assert {p.kind: p.name for p in d.parties.all()} == {
        "owner": "Nguyễn Văn An",
        "proxy": "Trần Thị Bình",
    }
    # The file is served only to those who may see the dossier.
    url = reverse("office:file", args=[d.pk, stored.pk])
    assert b"".join(counter.get(url).streaming_content) == PDF


def test_a_renamed_executable_is_refused_and_nothing_is_stored(world, counter):
    component = world.case.components.get()
    fake = SimpleUploadedFile("to-khai.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "application/pdf")
    data = form(world, **{f"c{component.pk}_file": fake})
    response = counter.post(reverse("office:reception", args=[world.case.pk]), data)
    assert response.status_code == 400
    assert "PDF, JPEG" in response.content.decode()
    assert not Dossier.objects.exists() and not DossierFile.objects.exists()


def test_an_oversized_scan_is_refused(world, counter, settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 1024
    component = world.case.components.get()
    big = SimpleUploadedFile("to-khai.pdf", PDF + b"0" * 2000, "application/pdf")
    data = form(world, **{f"c{component.pk}_file": big})
    response = counter.post(reverse("office:reception", args=[world.case.pk]), data)
    assert response.status_code == 400 and not Dossier.objects.exists()


def test_receiving_without_a_required_component_is_refused(world, counter):
    component = world.case.components.get()
    data = form(world)
    del data[f"c{component.pk}_received"]
    response = counter.post(reverse("office:reception", args=[world.case.pk]), data)
    assert response.status_code == 400 and "Tờ khai" in response.content.decode()
    assert not Dossier.objects.exists()


def test_ask_to_complete_issues_form_02_listing_the_missing_items(world, counter):
    component = world.case.components.get()
    data = form(world, decision="supplement", reason="Thiếu tờ khai", missing="Bản sao CCCD")
    del data[f"c{component.pk}_received"]
    response = counter.post(reverse("office:reception", args=[world.case.pk]), data)
    assert response.status_code == 302
    d = Dossier.objects.get()
    assert d.state == "reception_supplement"
    notice = d.notices.get(form=Notice.Form.SUPPLEMENT_REQUEST)
    assert "Tờ khai" in str(notice.data) and "Bản sao CCCD" in str(notice.data)


def test_refuse_needs_a_reason(world, counter):
    response = counter.post(
        reverse("office:reception", args=[world.case.pk]), form(world, decision="refuse")
    )
    assert response.status_code == 400 and not Dossier.objects.exists()
    response = counter.post(
        reverse("office:reception", args=[world.case.pk]),
        form(world, decision="refuse", reason="Không thuộc thẩm quyền"),
    )
    assert response.status_code == 302 and Dossier.objects.get().state == "refused"


def test_an_officer_without_the_counter_role_cannot_receive(world, signed_in):
    response = signed_in(world.head).post(
        reverse("office:reception", args=[world.case.pk]), form(world)
    )
    assert response.status_code == 403 and not Dossier.objects.exists()
