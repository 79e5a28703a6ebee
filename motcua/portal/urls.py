"""The citizen portal (Cổng dịch vụ công): public catalogue, accounts, online submission, the
citizen's own dossiers and feedback. Paths are Vietnamese, as citizens read them. (The status
lookup, ``tra-cuu/``, is routed first, in ``config/urls.py``.)"""

from django.urls import path

from .views import accounts, catalogue, feedback, mine, submission

app_name = "portal"

urlpatterns = [
    path("", catalogue.home, name="home"),
    path("thu-tuc/", catalogue.catalogue, name="catalogue"),
    path("thu-tuc/<str:code>/", catalogue.procedure, name="procedure"),
    path("thu-tuc/<str:code>/mau/<int:component_id>/", catalogue.template, name="template"),
    path("tai-khoan/", accounts.account, name="account"),
    path("tai-khoan/dang-ky/", accounts.register, name="register"),
    path("tai-khoan/dang-nhap/", accounts.SignIn.as_view(), name="login"),
    path("tai-khoan/dang-xuat/", accounts.SignOut.as_view(), name="logout"),
    path("tai-khoan/quen-mat-khau/", accounts.PasswordReset.as_view(), name="password-reset"),
    path(
        "tai-khoan/quen-mat-khau/da-gui/",
        accounts.PasswordResetDone.as_view(),
        name="password-reset-done",
    ),
    path(
        "tai-khoan/dat-lai/<uidb64>/<token>/",
        accounts.PasswordResetConfirm.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "tai-khoan/dat-lai/xong/",
        accounts.PasswordResetComplete.as_view(),
        name="password-reset-complete",
    ),
    path("nop-ho-so/<int:case_id>/", submission.start, name="start"),
    path("ban-nhap/<int:pk>/", submission.edit, name="draft"),
    path("ban-nhap/<int:pk>/xem-lai/", submission.review, name="review"),
    path("ban-nhap/<int:pk>/xoa/", submission.discard, name="discard"),
    path("ban-nhap/<int:pk>/tep/<int:file_id>/xoa/", submission.remove_file, name="remove-file"),
    path("ho-so-cua-toi/", mine.dossiers, name="my-dossiers"),
    path("ho-so-cua-toi/<int:pk>/", mine.detail, name="my-dossier"),
    path("ho-so-cua-toi/<int:pk>/bo-sung/", mine.supplement, name="supplement"),
    path("ho-so-cua-toi/<int:pk>/rut/", mine.withdraw, name="withdraw"),
    path("ho-so-cua-toi/<int:pk>/danh-gia/", mine.rate, name="rate"),
    path("ho-so-cua-toi/<int:pk>/tep/<int:file_id>/", mine.download, name="file"),
    path("ho-so-cua-toi/<int:pk>/bieu-mau/<int:notice_id>/", mine.notice, name="notice"),
    path("phan-anh/", feedback.feedback_list, name="feedback"),
    path("phan-anh/moi/", feedback.new, name="feedback-new"),
    path("phan-anh/<int:pk>/", feedback.detail, name="feedback-detail"),
]
