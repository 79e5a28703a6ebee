"""Citizens and files for the portal's tests: an account with a profile, a signed-in browser,
and uploads that are (or pretend to be) PDF scans."""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.catalog.models import FormField
from motcua.portal.models import CitizenProfile

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def make_citizen(email="binh@example.vn", phone="0987654321", name=("Trần Thị", "Bình")):
    user = get_user_model().objects.create_user(
        email, email=email, password="Mat-khau-2026", last_name=name[0], first_name=name[1]
    )
    CitizenProfile.objects.create(
        user=user, phone=phone, id_number="001190012345", address="Phường Sơn Hà"
    )
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf(name="to-khai.pdf", content=PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add_eform(case) -> None:
    """A small e-form on the world's case: a date, a choice, a number and a declaration."""
    Kind = FormField.Kind
    for position, (key, label, kind, extra) in enumerate(
        [
            ("birth_date", "Ngày sinh", Kind.DATE, {}),
            ("purpose", "Mục đích", Kind.CHOICE, {"choices": "Xin việc\nDu học"}),
            ("copies_wanted", "Số bản", Kind.NUMBER, {}),
            ("declaration", "Tôi cam đoan", Kind.CHECKBOX, {}),
        ],
        start=1,
    ):
        FormField.objects.create(
            case=case, position=position, key=key, label=label, kind=kind, **extra
        )


def owner_post(**changes) -> dict:
    """The owner's fields and the e-form of ``add_eform``, filled correctly."""
    data = {
        "nd-name": "Trần Thị Bình",
        "nd-id_type": "cccd",
        "nd-id_number": "001190012345",
        "nd-address": "Phường Sơn Hà",
        "nd-phone": "+84 987 654 321",
        "nd-email": "binh@example.vn",
        "nd-return_method": "online",
        "tk-birth_date": "1990-05-17",
        "tk-purpose": "Xin việc",
        "tk-copies_wanted": "2",
        "tk-declaration": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}
