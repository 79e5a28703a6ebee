"""Forms, control slip and ledger through the workspace: print views and PDFs, only for those
who may see the dossier."""

from django.urls import reverse

from motcua.dossiers import services as s
from tests.documents.pdftext import pdf_text

from .conftest import vn


def test_form_01_print_view_and_pdf(world, signed_in):
    d = s.receive_at_counter(
        application=world.application(), actor=world.counter, at=vn(2025, 8, 4, 9, 0)
    )
    receipt = d.notices.get(form="receipt")
    counter = signed_in(world.counter)
    html = counter.get(reverse("office:notice", args=[d.pk, receipt.pk])).content.decode()
    assert d.code in html and "Nguyễn Văn An" in html
    response = counter.get(reverse("office:notice-pdf", args=[d.pk, receipt.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert d.code in text and "Nguyễn Văn An" in text
    slip = counter.get(reverse("office:control-slip-pdf", args=[d.pk]))
    assert d.code in pdf_text(slip.content)
    # Someone who may not see the dossier gets nothing.
    outsider = signed_in(world.outsider)
    assert outsider.get(reverse("office:notice-pdf", args=[d.pk, receipt.pk])).status_code == 404


def test_ledger_of_the_unit(world, signed_in):
    d = s.receive_at_counter(
        application=world.application(), actor=world.counter, at=vn(2025, 8, 4, 9, 0)
    )
    counter = signed_in(world.counter)
    params = {"unit": world.centre.pk, "from": "2025-08-01", "to": "2025-08-31"}
    page = counter.get(reverse("office:ledger"), {**params, "format": "print"})
    assert page.status_code == 200 and d.code in page.content.decode()
    pdf = counter.get(reverse("office:ledger"), {**params, "format": "pdf"})
    assert d.code in pdf_text(pdf.content)
    wrong = counter.get(reverse("office:ledger"), {**params, "from": "2025-09-01"})
    assert wrong.status_code == 400 and "kết thúc trước" in wrong.content.decode()
    # Not another province's unit.
    assert counter.get(reverse("office:ledger"), {"unit": world.other_centre.pk}).status_code == 404
