"""Feedback in the administration: visible, never written there (services only)."""

from django.urls import reverse


def test_admin_lists_feedback_read_only(admin_client_vi, sent):
    changelist = admin_client_vi.get(reverse("admin:feedback_feedback_changelist"))
    assert changelist.status_code == 200 and sent.subject in changelist.content.decode()
    page = admin_client_vi.get(reverse("admin:feedback_feedback_change", args=[sent.pk]))
    assert page.status_code == 200
    assert admin_client_vi.get(reverse("admin:feedback_feedback_add")).status_code == 403
    delete = reverse("admin:feedback_feedback_delete", args=[sent.pk])
    assert admin_client_vi.post(delete, {"post": "yes"}).status_code == 403
    sent.refresh_from_db()
