"""Citizens' accounts on the portal (tài khoản công dân): who they are, how they sign in.

A citizen signs in with an **e-mail address or a mobile phone number** and a password. Both are
kept in one canonical form so that "0912.345.678", "+84 912 345 678" and "84912345678" are the
same number, and "Lan@Example.VN" the same address as "lan@example.vn". The account's
``username`` follows a fixed rule — the e-mail if there is one, else the phone — so that the
database's unique username also keeps two accounts from sharing an e-mail address; the phone is
unique on ``CitizenProfile``. Sign-in looks the account up by either identifier and then goes
through ``authenticate(request, username=…)``, so django-axes counts failures per account and
address whichever identifier was typed.

The full name is one field, written as Vietnamese write it, family name first ("Nguyễn Thị Lan");
it is stored as ``last_name`` "Nguyễn Thị" and ``first_name`` "Lan" (``motcua.core.people``).
Registering needs explicit consent to the processing of personal data (Decree 13/2023/NĐ-CP,
art. 11: consent is given by a clear, affirmative act, never presumed). A national single
sign-on (VNeID) can later link to these accounts: docs/adr/0004.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.people import CITIZEN_ID_NUMBER, phone_digits

from .models import CitizenProfile

User = get_user_model()

# Mobile numbers since the 2018 renumbering: 03x, 05x, 07x, 08x, 09x, then 8 digits.
_MOBILE = re.compile(r"0[35789]\d{8}")
_NAME_PART_MAX = 150  # Django's first_name / last_name

TAKEN_EMAIL = _("This e-mail address is already used by another account.")
TAKEN_PHONE = _("This phone number is already used by another account.")


def normalise_phone(value: str) -> str:
    """A Vietnamese mobile number in its 10-digit national form ``0xxxxxxxxx``; spaces, dots,
    dashes, brackets and the country code (+84 or 84) are accepted and dropped."""
    digits = phone_digits(value)
    if not _MOBILE.fullmatch(digits):
        raise ValidationError(
            _("Enter a Vietnamese mobile number of 10 digits, such as 0912 345 678."),
            code="phone",
        )
    return digits


def normalise_email(value: str) -> str:
    """An e-mail address in lower case: addresses are compared without regard to case."""
    return value.strip().lower()


def split_full_name(value: str) -> tuple[str, str]:
    """``(last_name, first_name)`` of a name written family name first: the last word is the
    given name (tên), the words before it the family and middle names (họ và tên đệm)."""
    words = value.split()
    if not words:
        raise ValidationError(_("Enter your full name."), code="required")
    last_name, first_name = " ".join(words[:-1]), words[-1]
    if len(last_name) > _NAME_PART_MAX or len(first_name) > _NAME_PART_MAX:
        raise ValidationError(_("This name is too long."), code="max_length")
    return last_name, first_name


def account_username(identifier: str) -> str:
    """The username to authenticate for what was typed at sign-in: the account that uses this
    e-mail address or phone number, else the identifier itself (so that failures for an unknown
    identifier are still counted)."""
    text = identifier.strip()
    if "@" in text:
        email = normalise_email(text)
        citizen = User.objects.filter(email__iexact=email, citizen__isnull=False)
        username = citizen.values_list("username", flat=True).first()
        if username is None:
            others = list(User.objects.filter(email__iexact=email).values_list("username")[:2])
            username = others[0][0] if len(others) == 1 else None
        return username or email
    try:
        phone = normalise_phone(text)
    except ValidationError:
        return text
    owner = CitizenProfile.objects.filter(phone=phone).values_list("user__username", flat=True)
    return owner.first() or phone


@dataclass(frozen=True)
class CitizenDetails:
    """A citizen's details as the account keeps them (normalised, validated)."""

    last_name: str
    first_name: str
    email: str  # "" when none
    phone: str | None
    id_number: str
    address: str

    @property
    def username(self) -> str:
        return self.email or self.phone or ""


def _store(user, details: CitizenDetails) -> None:
    user.username = details.username
    user.email = details.email
    user.last_name, user.first_name = details.last_name, details.first_name


def register_citizen(*, details: CitizenDetails, password: str):
    """Create the account and its citizen profile in one transaction. A duplicate that slipped
    past the form's checks (two registrations at once) is refused, with nothing stored."""
    user = User(is_active=True)
    _store(user, details)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            CitizenProfile.objects.create(
                user=user,
                phone=details.phone,
                id_number=details.id_number,
                address=details.address,
                consent_at=timezone.now(),
            )
    except IntegrityError as error:
        raise ValidationError(_("This e-mail address or phone number is already used.")) from error
    return user


def update_citizen(*, user, details: CitizenDetails) -> None:
    """Save a citizen's edited details; the username follows the e-mail / phone rule."""
    _store(user, details)
    try:
        with transaction.atomic():
            user.save(update_fields=["username", "email", "last_name", "first_name"])
            CitizenProfile.objects.update_or_create(
                user=user,
                defaults={
                    "phone": details.phone,
                    "id_number": details.id_number,
                    "address": details.address,
                },
            )
    except IntegrityError as error:
        user.refresh_from_db()
        raise ValidationError(_("This e-mail address or phone number is already used.")) from error


class CitizenDetailsForm(forms.Form):
    """The details a citizen gives at registration and edits on the account page. ``user`` is
    the account being edited (None when registering), left out of the uniqueness checks."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=_NAME_PART_MAX * 2,
        help_text=_("Family name first, as on your ID card: Nguyễn Thị Lan."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=150,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    id_number = forms.CharField(
        label=_("Citizen ID number (CCCD)"),
        max_length=20,
        required=False,
        help_text=_("12 digits; optional, it fills in your applications."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_full_name(self) -> str:
        value = " ".join(self.cleaned_data["full_name"].split())
        split_full_name(value)
        return value

    def clean_email(self) -> str:
        email = normalise_email(self.cleaned_data["email"])
        if email:
            others = User.objects.filter(email__iexact=email) | User.objects.filter(
                username__iexact=email
            )
            if self.user is not None:
                others = others.exclude(pk=self.user.pk)
            if others.exists():
                raise ValidationError(TAKEN_EMAIL, code="taken")
        return email

    def clean_phone(self) -> str | None:
        raw = self.cleaned_data["phone"]
        if not raw.strip():
            return None
        phone = normalise_phone(raw)
        others = CitizenProfile.objects.filter(phone=phone)
        taken_as_username = User.objects.filter(username=phone)
        if self.user is not None:
            others = others.exclude(user=self.user)
            taken_as_username = taken_as_username.exclude(pk=self.user.pk)
        if others.exists() or taken_as_username.exists():
            raise ValidationError(TAKEN_PHONE, code="taken")
        return phone

    def clean_id_number(self) -> str:
        value = re.sub(r"\s", "", self.cleaned_data["id_number"])
        if value and not CITIZEN_ID_NUMBER.fullmatch(value):
            raise ValidationError(_("A citizen ID number has 12 digits."), code="id_number")
        return value

    def clean_address(self) -> str:
        return " ".join(self.cleaned_data["address"].split())

    def clean(self):
        data = super().clean()
        typed = "email" in self.errors or "phone" in self.errors
        if not typed and not data.get("email") and not data.get("phone"):
            raise ValidationError(
                _("Give an e-mail address or a mobile phone number: you sign in with it."),
                code="identifier",
            )
        return data

    def details(self) -> CitizenDetails:
        data = self.cleaned_data
        last_name, first_name = split_full_name(data["full_name"])
        return CitizenDetails(
            last_name=last_name,
            first_name=first_name,
            email=data["email"],
            phone=data["phone"],
            id_number=data["id_number"],
            address=data["address"],
        )


class RegistrationForm(CitizenDetailsForm):
    """Registration: the details, a password given twice, and consent to data processing."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my personal data are processed to handle my administrative "
            "procedures, as explained above."
        ),
        error_messages={
            "required": _("Your consent is needed to open an account."),
        },
    )

    def clean(self):
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password2:
            # Compared with what the citizen typed, so the password cannot be their name,
            # e-mail or phone number (UserAttributeSimilarityValidator).
            last_name, _sep, first_name = data.get("full_name", "").rpartition(" ")
            candidate = User(
                username=data.get("phone") or "",
                email=data.get("email") or "",
                first_name=first_name,
                last_name=last_name,
            )
            try:
                password_validation.validate_password(password2, candidate)
            except ValidationError as error:
                self.add_error("password2", error)
        return data

    def save(self):
        return register_citizen(details=self.details(), password=self.cleaned_data["password1"])


class AccountForm(CitizenDetailsForm):
    """The account page: the same details, checked against every other account. Changing what
    the citizen signs in with (the e-mail address, where password-reset links go, or the phone)
    needs the current password: a session left open on a shared computer must not be enough
    to take the account over."""

    current_password = forms.CharField(
        label=_("Current password"),
        required=False,
        strip=False,
        help_text=_("Needed only to change the e-mail address or the phone number."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean(self):
        data = super().clean()
        profile = getattr(self.user, "citizen", None)
        email_changed = data.get("email", self.user.email) != self.user.email
        phone_before = profile.phone if profile else None
        phone_changed = "phone" in data and data["phone"] != phone_before
        if (email_changed or phone_changed) and not self.user.check_password(
            data.get("current_password") or ""
        ):
            self.add_error(
                "current_password",
                _("Type your current password to change the e-mail address or the phone number."),
            )
        return data

    @classmethod
    def initial_for(cls, user) -> dict:
        profile = getattr(user, "citizen", None)
        return {
            "full_name": " ".join(p for p in (user.last_name, user.first_name) if p),
            "email": user.email,
            "phone": profile.phone if profile else "",
            "id_number": profile.id_number if profile else "",
            "address": profile.address if profile else "",
        }

    def save(self) -> None:
        update_citizen(user=self.user, details=self.details())


class SignInForm(AuthenticationForm):
    """Sign-in with an e-mail address or a phone number. The account is looked up first; the
    password is then checked by ``authenticate(request, …)`` (AuthenticationForm.clean), where
    django-axes refuses a locked-out account and counts the failure."""

    username = forms.CharField(
        label=_("E-mail or phone number"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("Wrong e-mail, phone number or password."),
        "inactive": _("This account is closed."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs["maxlength"] = 254

    def clean_username(self) -> str:
        return account_username(self.cleaned_data["username"])


class CitizenPasswordResetForm(PasswordResetForm):
    """Django's reset by e-mail, for citizens' accounts only: officers' accounts are managed
    by the administrator, not through the public portal. As in Django, the answer is the same
    whether or not an account uses the address."""

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        citizens = set(
            CitizenProfile.objects.filter(user__email__iexact=email).values_list(
                "user_id", flat=True
            )
        )
        return (user for user in super().get_users(email) if user.pk in citizens)
