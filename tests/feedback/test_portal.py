"""The citizen's feedback pages in the portal: the list with status, the form (about one of my
dossiers or a procedure), the detail with the answer — and everything refused that should be."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from motcua.catalog.models import ProcedureAgency
from motcua.feedback import services as fb
from motcua.feedback.models import Feedback

from .conftest import online_dossier

NEW = reverse("portal:feedback-new")


def form(**changes) -> dict:
    return {"kind": "feedback", "subject": "Chậm trả kết quả", "body": "Đã quá hẹn.", **changes}


def test_pages_need_a_signed_in_citizen(db, client):
    for url in (reverse("portal:feedback"), NEW, reverse("portal:feedback-detail", args=[1])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("portal:login") in response["Location"]


def test_list_shows_my_feedback_with_its_status(world, citizen, browser, sent):
    fb.send_feedback(
        author=citizen,
        kind="recommendation",
        subject="Thêm kênh nộp qua bưu chính",
        body="B",
        procedure=world.case.version.procedure,
    )
    fb.answer_feedback(feedback_id=sent.pk, officer=world.counter.user, answer="Đã gửi lại.")
    page = browser(citizen).get(reverse("portal:feedback"))
    assert page.status_code == 200
    html = page.content.decode()
    assert sent.subject in html and "Thêm kênh nộp qua bưu chính" in html
    assert html.count('data-status="answered"') == 1 and html.count('data-status="waiting"') == 1
    assert reverse("portal:feedback-detail", args=[sent.pk]) in html


def test_the_list_shows_nobody_elses_feedback(world, other_citizen, browser, sent):
    html = browser(other_citizen).get(reverse("portal:feedback")).content.decode()
    assert sent.subject not in html


def test_new_feedback_about_my_dossier_prefilled_from_the_dossier(world, citizen, dossier, browser):
    me = browser(citizen)
    page = me.get(NEW, {"ho-so": dossier.pk})
    assert page.status_code == 200
    assert page.context["form"].initial == {"dossier": dossier.pk}
    response = me.post(NEW, form(dossier=dossier.pk))
    sent = Feedback.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:feedback-detail", args=[sent.pk])
    assert (sent.author, sent.dossier, sent.agency) == (citizen, dossier, world.centre)


def test_someone_elses_dossier_prefills_nothing_and_is_refused(
    world, citizen, other_citizen, browser
):
    theirs = online_dossier(world, other_citizen)
    me = browser(citizen)
    assert me.get(NEW, {"ho-so": theirs.pk}).context["form"].initial == {}
    response = me.post(NEW, form(dossier=theirs.pk))
    assert response.status_code == 400 and response.context["form"].has_error("dossier")
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"body": "   "}, "body"), ({"subject": ""}, "subject"), ({"kind": "x"}, "kind")],
)
def test_invalid_fields_are_refused_and_nothing_stored(
    world, citizen, dossier, browser, changes, field
):
    response = browser(citizen).post(NEW, form(dossier=dossier.pk, **changes))
    assert response.status_code == 400 and response.context["form"].has_error(field)
    assert not Feedback.objects.exists()


def test_feedback_about_a_procedure_asks_for_the_agency_when_it_has_several(
    world, citizen, browser
):
    ProcedureAgency.objects.create(
        version=world.case.version, agency=world.centre, part="implementing"
    )
    code = world.case.version.procedure.code
    me = browser(citizen)
    # Without JavaScript: the code first, then the agencies of that procedure are offered.
    response = me.post(NEW, form(procedure=code))
    assert response.status_code == 400 and response.context["form"].has_error("agency")
    choices = dict(response.context["form"].fields["agency"].choices)
    assert set(choices) == {"", world.department.pk, world.centre.pk}
    assert not Feedback.objects.exists()
    response = me.post(NEW, form(procedure=code, agency=world.other_centre.pk))
    assert response.status_code == 400 and not Feedback.objects.exists()
    response = me.post(NEW, form(procedure=code.lower(), agency=world.centre.pk))
    assert response.status_code == 302
    sent = Feedback.objects.get()
    assert (sent.procedure.code, sent.agency, sent.dossier) == (code, world.centre, None)


def test_procedure_prefilled_from_its_page_and_unknown_code_refused(world, citizen, browser):
    me = browser(citizen)
    code = world.case.version.procedure.code
    page = me.get(NEW, {"thu-tuc": code})
    assert page.context["form"].initial == {"procedure": code}
    assert dict(page.context["form"].fields["agency"].choices) == {
        world.department.pk: world.department.name
    }
    response = me.post(NEW, form(procedure="9.999999"))
    assert response.status_code == 400 and response.context["form"].has_error("procedure")
    response = me.post(NEW, form())
    assert response.status_code == 400 and response.context["form"].has_error("dossier")
    assert not Feedback.objects.exists()


def test_dossier_and_procedure_together_are_refused(world, citizen, dossier, browser):
    code = world.case.version.procedure.code
    response = browser(citizen).post(NEW, form(dossier=dossier.pk, procedure=code))
    assert response.status_code == 400 and response.context["form"].has_error("procedure")
    assert not Feedback.objects.exists()


def test_the_form_needs_the_csrf_token(world, citizen, dossier):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(citizen)
    assert strict.post(NEW, form(dossier=dossier.pk)).status_code == 403
    assert not Feedback.objects.exists()


def test_detail_shows_the_answer_to_me_and_404_to_others(
    world, citizen, other_citizen, browser, sent
):
    url = reverse("portal:feedback-detail", args=[sent.pk])
    me = browser(citizen)
    page = me.get(url)
    assert page.status_code == 200 and page.context["due"] is not None
    assert 'data-status="waiting"' in page.content.decode()
    fb.answer_feedback(feedback_id=sent.pk, officer=world.counter.user, answer="Đã gửi lại.")
    with translation.override("en"):
        html = me.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Đã gửi lại." in html and 'data-status="answered"' in html
    assert browser(other_citizen).get(url).status_code == 404
    assert me.get(reverse("portal:feedback-detail", args=[sent.pk + 1000])).status_code == 404


def test_pages_render_in_english_too(world, citizen, browser, sent):
    me = browser(citizen)
    me.post(reverse("set_language"), {"language": "en"})
    for url in (reverse("portal:feedback"), NEW, reverse("portal:feedback-detail", args=[sent.pk])):
        page = me.get(url)
        assert page.status_code == 200
        assert '<html lang="en">' in page.content.decode()
