"""Citizens' feedback in the staff workspace: the list of the officer's agencies (waiting first,
with counts), the detail with the dossier link, the answer form — and who may not see or
answer."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from motcua.dossiers.models import OutboxMessage
from motcua.feedback import services as fb
from motcua.feedback.models import Feedback
from tests.feedback.conftest import online_dossier

LIST = reverse("office:feedback")


@pytest.fixture
def citizen(db):
    return get_user_model().objects.create_user("an@example.vn", email="an@example.vn")


@pytest.fixture
def sent(world, citizen):
    dossier = online_dossier(world, citizen)
    return fb.send_feedback(
        author=citizen, kind="feedback", subject="Chưa có phiếu hẹn", body="B", dossier=dossier
    )


def about_procedure(world, citizen, subject="Đề nghị rút ngắn thời hạn"):
    """Feedback to the Department of Justice, the procedure's only agency."""
    return fb.send_feedback(
        author=citizen,
        kind="recommendation",
        subject=subject,
        body="B",
        procedure=world.case.version.procedure,
    )


def url(feedback) -> str:
    return reverse("office:feedback-detail", args=[feedback.pk])


def test_list_shows_the_agencies_feedback_waiting_first_with_counts(
    world, citizen, sent, signed_in
):
    older = fb.send_feedback(
        author=citizen, kind="feedback", subject="Cũ hơn", body="B", dossier=sent.dossier
    )
    Feedback.objects.filter(pk=older.pk).update(created_at=sent.created_at - datetime.timedelta(1))
    answered = fb.send_feedback(
        author=citizen, kind="feedback", subject="Đã trả lời", body="B", dossier=sent.dossier
    )
    fb.answer_feedback(feedback_id=answered.pk, officer=world.counter.user, answer="Xong")
    about_procedure(world, citizen)  # the department's, not the centre's

    counter = signed_in(world.counter)
    page = counter.get(LIST)
    assert page.status_code == 200
    assert page.context["counts"] == {"waiting": 2, "answered": 1, "all": 3}
    assert [f.pk for f in page.context["page"].object_list] == [older.pk, sent.pk]
    everything = counter.get(LIST, {"status": "all"}).context["page"].object_list
    assert [f.pk for f in everything] == [older.pk, sent.pk, answered.pk]
    done = counter.get(LIST, {"status": "answered"}).context["page"].object_list
    assert [f.pk for f in done] == [answered.pk]
    assert reverse("office:feedback") in page.content.decode()  # the nav link


def test_the_department_sees_its_own_and_the_province_of_others_nothing(
    world, citizen, sent, signed_in
):
    mine = about_procedure(world, citizen)
    head = signed_in(world.head)
    assert [f.pk for f in head.get(LIST).context["page"].object_list] == [mine.pk]
    assert head.get(url(sent)).status_code == 404  # the centre's: not under the department
    outsider = signed_in(world.outsider)
    assert outsider.get(LIST).context["counts"]["all"] == 0
    assert outsider.get(url(sent)).status_code == 404
    assert outsider.post(url(sent), {"answer": "Trả lời"}).status_code == 404
    assert Feedback.objects.get(pk=sent.pk).answered_at is None


def test_an_officer_without_a_role_is_refused(world, signed_in, db):
    nobody = get_user_model().objects.create_user("khongvaitro")
    client = Client()
    client.force_login(nobody)
    assert client.get(LIST).status_code == 403
    assert Client().get(LIST).status_code == 302  # not signed in: to the sign-in page


def test_detail_links_the_dossier_and_the_officer_answers_once(world, sent, signed_in):
    counter = signed_in(world.counter)
    page = counter.get(url(sent))
    html = page.content.decode()
    assert page.status_code == 200 and page.context["may_answer"]
    assert reverse("office:dossier", args=[sent.dossier.pk]) in html
    assert 'id="answer-form"' in html and "an@example.vn" in html

    response = counter.post(url(sent), {"answer": "Phiếu hẹn đã gửi qua thư điện tử."})
    assert response.status_code == 302 and response["Location"] == url(sent)
    sent.refresh_from_db()
    assert sent.answer == "Phiếu hẹn đã gửi qua thư điện tử."
    assert sent.answered_by == world.counter.user
    message = OutboxMessage.objects.get(sent_at=None)
    assert message.payload["to"] == ["an@example.vn"] and message.dossier_id == sent.dossier_id

    again = counter.post(url(sent), {"answer": "Lần thứ hai"})
    assert again.status_code == 409
    sent.refresh_from_db()
    assert sent.answer == "Phiếu hẹn đã gửi qua thư điện tử."
    assert OutboxMessage.objects.count() == 1
    assert 'id="answer-form"' not in counter.get(url(sent)).content.decode()


def test_an_empty_answer_is_refused(world, sent, signed_in):
    response = signed_in(world.counter).post(url(sent), {"answer": "  "})
    assert response.status_code == 400 and response.context["form"].has_error("answer")
    assert Feedback.objects.get(pk=sent.pk).answered_at is None


def test_the_supervisor_sees_but_cannot_answer(world, sent, signed_in):
    supervisor = signed_in(world.supervisor)
    page = supervisor.get(url(sent))
    assert page.status_code == 200 and not page.context["may_answer"]
    html = page.content.decode()
    assert 'id="answer-form"' not in html and 'id="no-answer-right"' in html
    assert supervisor.post(url(sent), {"answer": "Trả lời"}).status_code == 403
    assert Feedback.objects.get(pk=sent.pk).answered_at is None
    assert not OutboxMessage.objects.exists()


def test_the_answer_form_needs_the_csrf_token(world, sent):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.counter.user)
    assert strict.post(url(sent), {"answer": "Trả lời"}).status_code == 403
    assert Feedback.objects.get(pk=sent.pk).answered_at is None


def test_overdue_feedback_is_marked(world, sent, signed_in):
    Feedback.objects.filter(pk=sent.pk).update(
        created_at=sent.created_at - datetime.timedelta(days=30)
    )
    rows = signed_in(world.counter).get(LIST).context["page"].object_list
    assert [(f.pk, f.overdue) for f in rows] == [(sent.pk, True)]
