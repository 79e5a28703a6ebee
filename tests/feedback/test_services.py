"""Sending and answering feedback through ``motcua.feedback.services``: who writes about what,
which agency answers, who may answer, once, and the e-mail through the outbox."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from motcua.agencies.models import Role
from motcua.agencies.services import assign_role
from motcua.catalog.models import ProcedureAgency
from motcua.dossiers.models import OutboxMessage
from motcua.dossiers.services import DossierError
from motcua.feedback import services as fb
from motcua.feedback.models import Feedback

from .conftest import online_dossier


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def procedure_of(world):
    return world.case.version.procedure


def test_feedback_about_my_dossier_goes_to_its_receiving_unit(world, citizen, dossier, sent):
    assert sent.agency == world.centre
    assert sent.dossier == dossier
    assert sent.procedure == procedure_of(world)  # recorded for the lists
    assert sent.answered_at is None and sent.answer == ""
    assert sent.created_at <= timezone.now()


def test_feedback_about_someone_elses_dossier_is_refused_and_stores_nothing(
    world, citizen, other_citizen
):
    theirs = online_dossier(world, other_citizen)
    with pytest.raises(DossierError) as refused:
        fb.send_feedback(author=citizen, kind="feedback", subject="S", body="B", dossier=theirs.pk)
    assert (refused.value.code, refused.value.status, refused.value.field) == (
        "not_found",
        404,
        "dossier",
    )
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"subject": "   "}, "subject"),
        ({"body": ""}, "body"),
        ({"body": "x" * (fb.BODY_MAX + 1)}, "body"),
        ({"subject": "x" * (fb.SUBJECT_MAX + 1)}, "subject"),
        ({"kind": "complaint"}, "kind"),
    ],
)
def test_bad_input_is_refused_with_its_field(world, citizen, dossier, changes, field):
    values = {"kind": "recommendation", "subject": "Đề nghị", "body": "Nội dung", **changes}
    with pytest.raises(DossierError) as refused:
        fb.send_feedback(author=citizen, dossier=dossier, **values)
    assert refused.value.field == field
    assert not Feedback.objects.exists()


def test_feedback_must_say_what_it_is_about_and_not_both(world, citizen, dossier):
    with pytest.raises(DossierError) as nothing:
        fb.send_feedback(author=citizen, kind="feedback", subject="S", body="B")
    assert nothing.value.field == "dossier"
    with pytest.raises(DossierError):
        fb.send_feedback(
            author=citizen,
            kind="feedback",
            subject="S",
            body="B",
            dossier=dossier,
            procedure=procedure_of(world),
        )
    assert not Feedback.objects.exists()


def test_procedure_with_one_agency_needs_no_choice(world, citizen):
    sent = fb.send_feedback(
        author=citizen, kind="recommendation", subject="S", body="B", procedure=procedure_of(world)
    )
    assert (sent.agency, sent.procedure, sent.dossier) == (
        world.department,
        procedure_of(world),
        None,
    )


def test_procedure_with_several_agencies_needs_one_of_them(world, citizen):
    ProcedureAgency.objects.create(
        version=world.case.version, agency=world.centre, part="implementing"
    )
    procedure = procedure_of(world)
    assert list(fb.procedure_agencies(procedure)) == [world.department, world.centre]
    with pytest.raises(DossierError) as missing:
        fb.send_feedback(
            author=citizen, kind="feedback", subject="S", body="B", procedure=procedure
        )
    assert missing.value.field == "agency"
    with pytest.raises(DossierError) as foreign:
        fb.send_feedback(
            author=citizen,
            kind="feedback",
            subject="S",
            body="B",
            procedure=procedure,
            agency=world.other_centre,
        )
    assert foreign.value.field == "agency"
    assert not Feedback.objects.exists()
    sent = fb.send_feedback(
        author=citizen,
        kind="feedback",
        subject="S",
        body="B",
        procedure=procedure,
        agency=world.centre.pk,
    )
    assert sent.agency == world.centre


def test_the_agencies_of_a_procedure_are_those_of_its_version_in_force(world):
    version = world.case.version
    version.valid_to = datetime.date(2019, 12, 31)
    version.save()
    newer = type(version).objects.create(
        procedure=version.procedure,
        number=2,
        valid_from=datetime.date(2020, 1, 1),
        name=version.name,
        levels="province",
    )
    ProcedureAgency.objects.create(version=newer, agency=world.centre, part="implementing")
    assert list(fb.procedure_agencies(version.procedure)) == [world.centre]
    assert list(fb.procedure_agencies(version.procedure, on=datetime.date(2019, 6, 1))) == [
        world.department
    ]


def test_an_anonymous_author_is_refused(world, dossier):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(DossierError) as refused:
        fb.send_feedback(
            author=AnonymousUser(), kind="feedback", subject="S", body="B", dossier=dossier
        )
    assert refused.value.status == 403


def test_an_officer_of_the_agency_answers_once_and_the_author_is_emailed(world, sent):
    answered = fb.answer_feedback(
        feedback_id=sent.pk, officer=world.counter.user, answer="  Phiếu hẹn đã được gửi.  "
    )
    assert answered.answer == "Phiếu hẹn đã được gửi."
    assert answered.answered_by == world.counter.user and answered.answered_at is not None
    message = OutboxMessage.objects.get(dossier=sent.dossier, sent_at=None)
    assert message.kind == "email" and message.payload["to"] == ["an@example.vn"]
    assert "Phiếu hẹn đã được gửi." in message.payload["body"]
    assert sent.subject in message.payload["subject"]
    assert mail.outbox == []  # the worker sends it, after the commit
    call_command("deliver-outbox")
    assert [m.to for m in mail.outbox] == [["an@example.vn"]]

    with pytest.raises(DossierError) as again:
        fb.answer_feedback(feedback_id=sent.pk, officer=world.counter.user, answer="Lần hai")
    assert (again.value.code, again.value.status) == ("already_answered", 409)
    sent.refresh_from_db()
    assert sent.answer == "Phiếu hẹn đã được gửi."
    assert OutboxMessage.objects.count() == 1  # the first answer's e-mail only


def test_feedback_about_a_procedure_is_emailed_without_a_dossier(world, citizen):
    sent = fb.send_feedback(
        author=citizen,
        kind="recommendation",
        subject="Rút ngắn thời hạn",
        body="B",
        procedure=procedure_of(world),
    )
    fb.answer_feedback(feedback_id=sent.pk, officer=world.leader.user, answer="Đã tiếp thu.")
    message = OutboxMessage.objects.get()
    assert message.dossier is None and message.payload["to"] == ["an@example.vn"]
    call_command("deliver-outbox")
    assert len(mail.outbox) == 1 and "Đã tiếp thu." in mail.outbox[0].body


def test_an_author_without_email_reads_the_answer_in_the_portal_only(world, other_citizen):
    dossier = online_dossier(world, other_citizen)
    OutboxMessage.objects.all().delete()
    sent = fb.send_feedback(
        author=other_citizen, kind="feedback", subject="S", body="B", dossier=dossier
    )
    fb.answer_feedback(feedback_id=sent.pk, officer=world.counter.user, answer="Trả lời")
    assert not OutboxMessage.objects.exists()
    assert Feedback.objects.get(pk=sent.pk).answer == "Trả lời"


@pytest.mark.parametrize("who", ["supervisor", "outsider", "head", "specialist"])
def test_who_may_not_answer(world, sent, who):
    """A supervisor of the centre sees but does not answer; officers of other agencies — another
    province, or a department that is not above the centre — neither."""
    with pytest.raises(DossierError) as refused:
        fb.answer_feedback(feedback_id=sent.pk, officer=getattr(world, who).user, answer="A")
    assert refused.value.status == 403
    sent.refresh_from_db()
    assert sent.answered_at is None and not OutboxMessage.objects.exists()


def test_a_handling_role_above_the_agency_may_answer_and_a_supervisor_with_one_too(world, sent):
    assign_role(user=world.supervisor.user, agency=world.province, role=Role.SPECIALIST)
    assert fb.may_answer(world.supervisor.user, sent)
    fb.answer_feedback(feedback_id=sent.pk, officer=world.supervisor.user, answer="Đã xử lý")
    assert Feedback.objects.get(pk=sent.pk).answered_by == world.supervisor.user


def test_an_empty_answer_is_refused(world, sent):
    with pytest.raises(DossierError) as refused:
        fb.answer_feedback(feedback_id=sent.pk, officer=world.counter.user, answer="  ")
    assert refused.value.field == "answer"
    assert Feedback.objects.get(pk=sent.pk).answered_at is None


def test_the_answer_is_due_ten_working_days_later(world, sent):
    sent.created_at = datetime.datetime(2025, 6, 2, 1, 0, tzinfo=datetime.UTC)  # Mon 08:00 VN
    due = fb.answer_due(sent)
    assert due.astimezone(fb.VN_TZ) == datetime.datetime(2025, 6, 16, 8, 0, tzinfo=fb.VN_TZ)
    assert fb.is_overdue(sent, now=due + datetime.timedelta(minutes=1))
    assert not fb.is_overdue(sent, now=due)
