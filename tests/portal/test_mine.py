"""The citizen's own dossiers: progress, forms, supplement once, withdrawal, result download,
rating once — and nothing of anyone else's."""

import pytest
from django.urls import reverse

from motcua.dossiers import attachments
from motcua.dossiers import services as s
from motcua.dossiers.models import DossierFile

from .citizens import EXECUTABLE, make_citizen, pdf, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(world):
    return make_citizen()


def online(world, citizen):
    return s.submit(application=world.application(channel="online"), actor=s.Actor.citizen(citizen))


def received(world, citizen):
    dossier = online(world, citizen)
    return s.receive(dossier_id=dossier.pk, actor=world.counter)


def finished(world, citizen):
    d = received(world, citizen)
    d = s.forward(dossier_id=d.pk, actor=world.counter)
    d = s.assign(dossier_id=d.pk, actor=world.head, to_user=world.specialist.user)
    d = s.forward(dossier_id=d.pk, actor=world.specialist)
    d = s.forward(dossier_id=d.pk, actor=world.leader)
    d = s.finish(dossier_id=d.pk, actor=world.clerk, result_number="45/LLTP", result_signer="X")
    result = attachments.attach(
        d, pdf("phieu-lltp.pdf"), content_type="application/pdf", kind=DossierFile.Kind.RESULT
    )
    return d, result


def test_list_and_detail_show_progress_and_forms(world, citizen):
    dossier = received(world, citizen)
    client = signed_in(citizen)
    listing = client.get(reverse("portal:my-dossiers")).content.decode()
    assert dossier.code in listing
    page = client.get(reverse("portal:my-dossier", args=[dossier.pk])).content.decode()
    assert 'data-state="received"' in page
    assert world.centre.name in page and "Tiếp nhận" in page  # the agency timeline
    receipt = dossier.notices.get(form="receipt")
    url = reverse("portal:notice", args=[dossier.pk, receipt.pk])
    assert url in page
    assert dossier.code in client.get(url).content.decode()
    pdf_response = client.get(url + "?pdf=1")
    assert pdf_response["Content-Type"] == "application/pdf"
    assert pdf_response.content.startswith(b"%PDF")


def test_supplement_during_handling_resumes_the_clock_once(world, citizen):
    dossier = received(world, citizen)
    s.request_supplement(
        dossier_id=dossier.pk, actor=world.counter, reason="Thiếu ảnh", items=["Ảnh 4x6"]
    )
    client = signed_in(citizen)
    page = client.get(reverse("portal:my-dossier", args=[dossier.pk])).content.decode()
    assert "Ảnh 4x6" in page and reverse("portal:supplement", args=[dossier.pk]) in page
    url = reverse("portal:supplement", args=[dossier.pk])
    response = client.post(url, {"files": [pdf("anh.pdf")], "note": "Đã bổ sung"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == "processing"
    assert dossier.pauses.get().resumed_at is not None
    stored = dossier.files.get()
    assert stored.kind == "supplement" and stored.uploaded_by == citizen
    # Once only: there is nothing more to supplement.
    again = client.post(url, {"files": [pdf("anh2.pdf")]})
    assert again.status_code == 409
    assert dossier.files.count() == 1


def test_supplement_before_reception_goes_back_to_the_counter(world, citizen):
    dossier = online(world, citizen)
    s.request_completion(
        dossier_id=dossier.pk, actor=world.counter, reason="Thiếu tờ khai", items=["Tờ khai"]
    )
    client = signed_in(citizen)
    response = client.post(
        reverse("portal:supplement", args=[dossier.pk]), {"files": [pdf("to-khai.pdf")]}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == "submitted" and dossier.national_status == 1
    assert dossier.events.order_by("-sequence").first().action == "resubmit"
    s.receive(dossier_id=dossier.pk, actor=world.counter)  # the counter can now receive it


def test_a_bad_supplement_file_changes_nothing(world, citizen):
    dossier = received(world, citizen)
    s.request_supplement(dossier_id=dossier.pk, actor=world.counter, reason="Thiếu", items=["A"])
    client = signed_in(citizen)
    url = reverse("portal:supplement", args=[dossier.pk])
    for data in ({"files": [pdf("virus.pdf", EXECUTABLE)]}, {}):
        response = client.post(url, data)
        assert response.status_code == 400
    dossier.refresh_from_db()
    assert dossier.state == "supplement" and not dossier.files.exists()


def test_withdraw_needs_a_reason_then_stops_the_dossier(world, citizen):
    dossier = received(world, citizen)
    client = signed_in(citizen)
    url = reverse("portal:withdraw", args=[dossier.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    dossier.refresh_from_db()
    assert dossier.state == "received"
    assert client.post(url, {"reason": "Không còn nhu cầu"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == "withdrawn" and dossier.notices.filter(form="stop_notice").exists()


def test_download_the_result_and_rate_once(world, citizen):
    dossier, result = finished(world, citizen)
    client = signed_in(citizen)
    page = client.get(reverse("portal:my-dossier", args=[dossier.pk])).content.decode()
    url = reverse("portal:file", args=[dossier.pk, result.pk])
    assert url in page and "45/LLTP" in page
    response = client.get(url)
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    rate = reverse("portal:rate", args=[dossier.pk])
    assert client.post(rate, {"rating": "excellent"}).status_code == 400
    assert client.post(rate, {"rating": "satisfied", "comment": "Nhanh"}).status_code == 302
    dossier.refresh_from_db()
    assert (dossier.rating, dossier.rating_comment) == ("satisfied", "Nhanh")
    assert client.post(rate, {"rating": "not_satisfied"}).status_code == 409
    dossier.refresh_from_db()
    assert dossier.rating == "satisfied"


def test_someone_elses_dossier_reveals_nothing(world, citizen):
    dossier, result = finished(world, citizen)
    other = signed_in(make_citizen("khac@example.vn", "0911111111"))
    notice = dossier.notices.first()
    for url in [
        reverse("portal:my-dossier", args=[dossier.pk]),
        reverse("portal:file", args=[dossier.pk, result.pk]),
        reverse("portal:notice", args=[dossier.pk, notice.pk]),
        reverse("portal:withdraw", args=[dossier.pk]),
    ]:
        response = other.get(url)
        assert response.status_code == 404, url
        assert dossier.code not in response.content.decode()
    assert (
        other.post(reverse("portal:rate", args=[dossier.pk]), {"rating": "satisfied"}).status_code
        == 404
    )
    dossier.refresh_from_db()
    assert dossier.rated_at is None


def test_the_receipt_reaches_the_applicant_by_e_mail_too(world, citizen):
    from motcua.dossiers.models import OutboxMessage

    dossier = received(world, citizen)
    message = OutboxMessage.objects.get(dossier=dossier)
    assert message.payload["to"] == ["an@example.vn"]  # the owner's address on the dossier
    assert dossier.code in message.payload["body"]


def test_the_portal_switches_to_english(world, citizen):
    dossier = received(world, citizen)
    client = signed_in(citizen)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("portal:my-dossier", args=[dossier.pk])).content.decode()
    assert '<html lang="en">' in page
    assert "Agencies handling the dossier" in page and "My dossiers" in page
