"""The staff workspace's pages through the Django test client: what an officer sees and what
the database holds after each action."""

import datetime

from django.urls import reverse

from motcua.dossiers import services as s
from motcua.dossiers.models import Dossier, DossierEvent

from .conftest import vn


def received(world, at=None):
    at = at or vn(2025, 5, 12, 8, 0)
    return s.receive_at_counter(application=world.application(), actor=world.counter, at=at)


def test_inbox_lists_mine_and_the_units_dossiers(world, signed_in):
    d = received(world)
    counter = signed_in(world.counter)
    page = counter.get(reverse("office:inbox"), {"tab": "mine"})
    assert page.status_code == 200
    html = page.content.decode()
    assert d.code in html and "Nguyễn Văn An" in html
    # The head of department sees nothing of his own yet, the dossier waits at the counter.
    head = signed_in(world.head)
    assert d.code not in head.get(reverse("office:inbox"), {"tab": "mine"}).content.decode()
    s.forward(dossier_id=d.pk, actor=world.counter, at=vn(2025, 5, 12, 9, 0))
    assert d.code in head.get(reverse("office:inbox"), {"tab": "mine"}).content.decode()
    assert d.code in head.get(reverse("office:inbox"), {"tab": "unit"}).content.decode()


def test_dossier_page_shows_only_the_actions_allowed_now(world, signed_in):
    d = received(world)
    html = signed_in(world.counter).get(reverse("office:dossier", args=[d.pk])).content.decode()
    assert "Chuyển bước tiếp theo" in html or reverse("office:act", args=[d.pk, "chuyen"]) in html
    assert reverse("office:act", args=[d.pk, "hoan-thanh"]) not in html
    assert world.centre.name in html and world.department.name in html


def test_forward_through_the_page_records_the_hand_over(world, signed_in):
    d = received(world)
    counter = signed_in(world.counter)
    url = reverse("office:act", args=[d.pk, "chuyen"])
    assert counter.get(url).status_code == 200
    response = counter.post(url, {"to_user": world.head.user.pk, "note": "Chuyển phòng"})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.state == "processing" and d.current_holder == world.head.user
    assert DossierEvent.objects.filter(dossier=d, action="forward").count() == 1


def test_a_refused_action_shows_why_and_changes_nothing(world, signed_in):
    d = received(world)
    events = DossierEvent.objects.count()
    # The specialist holds no role at the counter's step: the page says so, nothing changes.
    specialist = signed_in(world.specialist)
    url = reverse("office:act", args=[d.pk, "chuyen"])
    assert specialist.get(url).status_code in (403, 404)
    response = specialist.post(url, {})
    assert response.status_code in (403, 404)
    d.refresh_from_db()
    assert d.state == "received" and DossierEvent.objects.count() == events


def test_another_agencys_dossier_is_404(world, signed_in):
    d = received(world)
    outsider = signed_in(world.outsider)
    assert outsider.get(reverse("office:dossier", args=[d.pk])).status_code == 404
    assert outsider.post(reverse("office:act", args=[d.pk, "chuyen"]), {}).status_code == 404
    assert Dossier.objects.get(pk=d.pk).state == "received"


def test_sign_in_page_and_redirect(world, client):
    response = client.get(reverse("office:inbox"))
    assert response.status_code == 302 and reverse("office:login") in response["Location"]
    world.counter.user.set_password("Mật-khẩu-2026")
    world.counter.user.save()
    response = client.post(
        reverse("office:login"), {"username": "motcua", "password": "Mật-khẩu-2026"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("office:inbox")


def test_lock_out_after_repeated_failures(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    world.counter.user.set_password("Đúng-rồi-2026")
    world.counter.user.save()
    for _ in range(3):
        client.post(reverse("office:login"), {"username": "motcua", "password": "sai"})
    response = client.post(
        reverse("office:login"), {"username": "motcua", "password": "Đúng-rồi-2026"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2_in_production():
    from django.conf import settings as live

    from config import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert live.SESSION_COOKIE_AGE <= 8 * 3600 and live.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert datetime  # imported for the fixtures' instants


def test_online_dossiers_wait_in_the_counters_queue_for_the_same_decision(
    world, signed_in, django_user_model
):
    citizen = s.Actor.citizen(django_user_model.objects.create_user("congdan", password="x"))
    d = s.submit(application=world.application("online"), actor=citizen)
    counter = signed_in(world.counter)
    queue = counter.get(reverse("office:inbox"), {"tab": "counter"})
    assert queue.context["counts"]["counter"] == 1
    assert f'href="{reverse("office:dossier", args=[d.pk])}"' in queue.content.decode()
    page = counter.get(reverse("office:dossier", args=[d.pk])).content.decode()
    for slug in ("tiep-nhan", "yeu-cau-bo-sung-tiep-nhan", "tu-choi"):
        assert reverse("office:act", args=[d.pk, slug]) in page
    response = counter.post(reverse("office:act", args=[d.pk, "tiep-nhan"]), {})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.state == "received" and d.code and d.notices.filter(form="receipt").exists()
    assert (
        counter.get(reverse("office:inbox"), {"tab": "counter"}).context["counts"]["counter"] == 0
    )
