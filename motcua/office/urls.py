"""The staff workspace, under ``/can-bo/``."""

from django.urls import path

from .views import auth, counter, dashboard, dossier, feedback, inbox, papers, reports, supervision

app_name = "office"

urlpatterns = [
    path("", auth.home, name="home"),
    path("dang-nhap/", auth.SignIn.as_view(), name="login"),
    path("dang-xuat/", auth.SignOut.as_view(), name="logout"),
    path("ho-so/", inbox.inbox, name="inbox"),
    path("ho-so/<int:pk>/", dossier.detail, name="dossier"),
    path("ho-so/<int:pk>/xu-ly/<slug:slug>/", dossier.act, name="act"),
    path("ho-so/<int:pk>/bieu-mau/<int:notice_id>/", papers.notice, name="notice"),
    path(
        "ho-so/<int:pk>/bieu-mau/<int:notice_id>/pdf/",
        papers.notice,
        {"fmt": "pdf"},
        name="notice-pdf",
    ),
    path("ho-so/<int:pk>/phieu-kiem-soat/", papers.control_slip, name="control-slip"),
    path(
        "ho-so/<int:pk>/phieu-kiem-soat/pdf/",
        papers.control_slip,
        {"fmt": "pdf"},
        name="control-slip-pdf",
    ),
    path("ho-so/<int:pk>/tep/<int:file_id>/", papers.dossier_file, name="file"),
    path("tiep-nhan/", counter.find, name="counter"),
    path("tiep-nhan/<int:case_id>/", counter.reception, name="reception"),
    path("so-theo-doi/", papers.ledger, name="ledger"),
    path("giam-sat/", supervision.supervision, name="supervision"),
    path("bao-cao/", dashboard.dashboard, name="reports"),
    path("bao-cao/bieu-06/", reports.handling, name="bieu06"),
    path("phan-anh/", feedback.feedback_list, name="feedback"),
    path("phan-anh/<int:pk>/", feedback.feedback_detail, name="feedback-detail"),
]
