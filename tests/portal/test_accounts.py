"""Citizens' accounts on the portal: registering, signing in by e-mail or phone, the lock-out
after repeated failures, resetting a forgotten password by e-mail, and the account page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from motcua.portal.accounts import account_username, normalise_phone, split_full_name
from motcua.portal.models import CitizenProfile

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "Lúa-chín-vàng-2026"


def registration(**changes) -> dict:
    data = {
        "full_name": "  Nguyễn   Thị Lan ",
        "email": "Lan.Nguyen@Example.VN",
        "phone": "",
        "id_number": "001 190 012 345",
        "address": "Số 5, thôn Đông, xã Sơn Hà",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def register(client, **changes):
    return client.post(reverse("portal:register"), registration(**changes))


def signed_in_user(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def lan(client):
    """A registered citizen with an e-mail address and a phone number, signed out."""
    response = register(client, phone="0912 345 678")
    assert response.status_code == 302
    client.logout()
    return User.objects.get(username="lan.nguyen@example.vn")


# --- Identifiers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "+84 912 345 678",
        "84912345678",
        "(+84) 912-345-678",
    ],
)
def test_phone_numbers_are_kept_in_national_form(typed):
    assert normalise_phone(typed) == "0912345678"


@pytest.mark.parametrize("typed", ["091234567", "09123456789", "0212345678", "abc", "+1 912345678"])
def test_malformed_phone_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        normalise_phone(typed)


def test_full_names_are_split_family_name_first():
    assert split_full_name("Nguyễn Thị Lan") == ("Nguyễn Thị", "Lan")
    assert split_full_name("Lan") == ("", "Lan")
    with pytest.raises(ValidationError):
        split_full_name("   ")


# --- Registering ------------------------------------------------------------------------------


def test_register_with_email_signs_the_citizen_in(client):
    response = register(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my-dossiers")
    user = User.objects.get()
    assert user.username == user.email == "lan.nguyen@example.vn"
    assert (user.last_name, user.first_name) == ("Nguyễn Thị", "Lan")
    assert user.check_password(PASSWORD) and not user.is_staff
    assert user.citizen.phone is None
    assert user.citizen.id_number == "001190012345"
    assert user.citizen.address == "Số 5, thôn Đông, xã Sơn Hà"
    assert user.citizen.consent_at is not None  # when the citizen consented (ND 13/2023)
    assert signed_in_user(client) == str(user.pk)


def test_register_with_phone_only_uses_the_national_form_as_username(client):
    response = register(client, email="", phone="+84 912 345 678")
    assert response.status_code == 302
    user = User.objects.get()
    assert user.username == "0912345678" and user.email == ""
    assert user.citizen.phone == "0912345678"


def test_an_email_or_phone_already_used_is_refused_and_nothing_stored(client, lan):
    for changes in (
        {"email": "LAN.NGUYEN@example.vn"},
        {"email": "", "phone": "84912345678"},
        {"email": "khac@example.vn", "phone": "0912.345.678"},
    ):
        response = register(Client(), **changes)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert User.objects.count() == 1 and CitizenProfile.objects.count() == 1


def test_an_email_used_as_an_officers_username_is_refused(client):
    User.objects.create_user("lan.nguyen@example.vn", password="x")
    response = register(client)
    assert response.status_code == 200 and "email" in response.context["form"].errors
    assert not CitizenProfile.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"password1": "12345678", "password2": "12345678"}, "password2"),
        ({"password1": "lan.nguyen", "password2": "lan.nguyen"}, "password2"),
        ({"password2": PASSWORD + "x"}, "password2"),
        ({"consent": None}, "consent"),
        ({"id_number": "12345"}, "id_number"),
        ({"phone": "12345"}, "phone"),
        ({"full_name": "   "}, "full_name"),
        ({"email": "", "phone": ""}, "__all__"),
    ],
)
def test_bad_registrations_are_refused_and_nothing_stored(client, changes, field):
    response = register(client, **changes)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.exists() and not CitizenProfile.objects.exists()
    assert signed_in_user(client) is None


def test_registering_without_the_csrf_token_is_refused(client):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("portal:register"), registration())
    assert response.status_code == 403
    assert not User.objects.exists()


def test_the_registration_page_asks_for_consent(client):
    response = client.get(reverse("portal:register"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="privacy-notice"' in page and 'name="consent"' in page
    assert 'type="checkbox"' in page and "csrfmiddlewaretoken" in page


# --- Signing in and out -----------------------------------------------------------------------


@pytest.mark.parametrize("identifier", ["lan.nguyen@example.vn", " LAN.Nguyen@Example.vn "])
def test_sign_in_by_email(client, lan, identifier):
    response = client.post(reverse("portal:login"), {"username": identifier, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my-dossiers")
    assert signed_in_user(client) == str(lan.pk)


@pytest.mark.parametrize("identifier", ["0912345678", "+84 912 345 678", "0912.345.678"])
def test_sign_in_by_phone(client, lan, identifier):
    response = client.post(reverse("portal:login"), {"username": identifier, "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in_user(client) == str(lan.pk)


def test_a_wrong_password_is_refused(client, lan):
    response = client.post(
        reverse("portal:login"), {"username": "0912345678", "password": "sai-mật-khẩu"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert signed_in_user(client) is None


def test_lock_out_after_repeated_failures(client, lan, settings):
    settings.AXES_FAILURE_LIMIT = 3
    # Failures count against the account whichever identifier was typed.
    for identifier in ("0912345678", "lan.nguyen@example.vn", "+84912345678"):
        client.post(reverse("portal:login"), {"username": identifier, "password": "sai"})
    response = client.post(
        reverse("portal:login"), {"username": "lan.nguyen@example.vn", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "portal/accounts/locked.html" in [t.name for t in response.templates]
    assert signed_in_user(client) is None
    with translation.override("en"):
        locked = client.post(
            reverse("portal:login"), {"username": "0912345678", "password": PASSWORD}
        )
    assert locked.status_code == 429 and "thử lại sau 15 phút." in locked.content.decode()


def test_an_unknown_identifier_is_counted_as_typed(lan):
    assert account_username("0912 345 678") == "lan.nguyen@example.vn"
    assert account_username("+84 987 654 321") == "0987654321"
    assert account_username("Ai.Do@Example.vn") == "ai.do@example.vn"


def test_next_is_honoured_only_on_this_site(client, lan):
    credentials = {"username": "0912345678", "password": PASSWORD}
    response = client.post(
        reverse("portal:login"), {**credentials, "next": "https://evil.example/dang-nhap/"}
    )
    assert response["Location"] == reverse("portal:my-dossiers")
    client.logout()
    response = client.post(reverse("portal:login"), {**credentials, "next": "/thu-tuc/"})
    assert response["Location"] == "/thu-tuc/"
    response = register(Client(), email="b@example.vn", next="//evil.example/")
    assert response["Location"] == reverse("portal:my-dossiers")
    response = register(Client(), email="c@example.vn", next="/tra-cuu/?ma=1")
    assert response["Location"] == "/tra-cuu/?ma=1"


def test_sign_out_only_by_post(client, lan):
    client.force_login(lan)
    assert client.get(reverse("portal:logout")).status_code == 405
    response = client.post(reverse("portal:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert signed_in_user(client) is None


# --- Forgotten password -----------------------------------------------------------------------


def test_password_reset_by_email(client, lan):
    response = client.post(reverse("portal:password-reset"), {"email": "LAN.NGUYEN@example.vn"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:password-reset-done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lan.nguyen@example.vn"]
    link = re.search(r"http://testserver(/tai-khoan/dat-lai/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form_page = client.get(link.group(1), follow=True)
    assert form_page.context["validlink"]
    new = "Cánh-đồng-mới-2027"
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response["Location"] == reverse("portal:password-reset-complete")
    lan.refresh_from_db()
    assert lan.check_password(new) and not lan.check_password(PASSWORD)
    # The link works once.
    assert not client.get(link.group(1), follow=True).context["validlink"]


def test_a_new_password_from_the_link_lifts_the_lock_out(client, lan, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(reverse("portal:login"), {"username": "0912345678", "password": "sai"})
    client.post(reverse("portal:password-reset"), {"email": "lan.nguyen@example.vn"})
    link = re.search(r"http://testserver(/tai-khoan/dat-lai/\S+/)", mail.outbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    new = "Cánh-đồng-mới-2027"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    response = client.post(reverse("portal:login"), {"username": "0912345678", "password": new})
    assert response.status_code == 302 and signed_in_user(client) == str(lan.pk)


def test_password_reset_reveals_nothing_and_spares_officers(client, lan):
    User.objects.create_user("canbo", email="canbo@sonha.gov.vn", password="x")
    for email in ("ai.do@example.vn", "canbo@sonha.gov.vn"):
        response = client.post(reverse("portal:password-reset"), {"email": email})
        assert response["Location"] == reverse("portal:password-reset-done")
    assert mail.outbox == []


# --- The account page -------------------------------------------------------------------------


def test_the_account_page_needs_a_signed_in_citizen(client):
    response = client.get(reverse("portal:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login") + "?next=")


def test_edit_account_details(client, lan):
    client.force_login(lan)
    page = client.get(reverse("portal:account"))
    assert page.context["details"].initial["full_name"] == "Nguyễn Thị Lan"
    response = client.post(
        reverse("portal:account"),
        {
            "form": "details",
            "full_name": "Trần Thị Lan Anh",
            "email": "",
            "phone": "+84 987 654 321",
            "id_number": "001190099999",
            "address": "Số 9, thôn Tây",
            "current_password": PASSWORD,
        },
    )
    assert response.status_code == 302
    lan.refresh_from_db()
    assert (lan.last_name, lan.first_name, lan.email) == ("Trần Thị Lan", "Anh", "")
    assert lan.username == "0987654321"
    assert (lan.citizen.phone, lan.citizen.id_number) == ("0987654321", "001190099999")
    assert lan.citizen.address == "Số 9, thôn Tây"


def test_edit_refuses_an_identifier_of_another_account(client, lan):
    register(Client(), email="binh@example.vn", phone="0977 000 111")
    client.force_login(lan)
    for changes in ({"phone": "0977000111"}, {"email": "BINH@example.vn"}):
        data = {"form": "details", "full_name": "Nguyễn Thị Lan", "phone": "0912345678"}
        data.setdefault("email", "lan.nguyen@example.vn")
        data.update(changes)
        response = client.post(reverse("portal:account"), data)
        assert response.status_code == 200 and response.context["details"].errors
    lan.refresh_from_db()
    assert lan.username == lan.email == "lan.nguyen@example.vn"
    assert lan.citizen.phone == "0912345678"


def test_changing_the_sign_in_identifiers_needs_the_current_password(client, lan):
    client.force_login(lan)
    data = {"form": "details", "full_name": "Nguyễn Thị Lan", "phone": "0912345678"}
    for changes in ({"email": "khac@example.vn"}, {"email": "lan.nguyen@example.vn", "phone": ""}):
        for password in ("", "sai-mat-khau"):
            response = client.post(
                reverse("portal:account"), {**data, **changes, "current_password": password}
            )
            assert response.status_code == 200
            assert "current_password" in response.context["details"].errors
    lan.refresh_from_db()
    assert (lan.email, lan.citizen.phone) == ("lan.nguyen@example.vn", "0912345678")
    # The other details change without it.
    same = {**data, "email": "lan.nguyen@example.vn", "address": "Số 1, thôn Bắc"}
    assert client.post(reverse("portal:account"), same).status_code == 302
    lan.refresh_from_db()
    assert lan.citizen.address == "Số 1, thôn Bắc"


def test_change_password_on_the_account_page(client, lan):
    client.force_login(lan)
    new = "Mùa-gặt-2027-mới"
    response = client.post(
        reverse("portal:account"),
        {
            "form": "password",
            "password-old_password": PASSWORD,
            "password-new_password1": new,
            "password-new_password2": new,
        },
    )
    assert response.status_code == 302
    lan.refresh_from_db()
    assert lan.check_password(new)
    assert signed_in_user(client) == str(lan.pk)  # still signed in
    wrong = client.post(
        reverse("portal:account"),
        {
            "form": "password",
            "password-old_password": "sai",
            "password-new_password1": "Khác-hẳn-2028",
            "password-new_password2": "Khác-hẳn-2028",
        },
    )
    assert wrong.status_code == 200 and wrong.context["password_form"].errors
    lan.refresh_from_db()
    assert lan.check_password(new)
