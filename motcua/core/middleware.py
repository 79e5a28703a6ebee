"""Language selection: Vietnamese unless the user chose English with the language switch.

Django's ``LocaleMiddleware`` would follow the browser's Accept-Language header, so an officer
with an English-language browser would get an English office system without asking for it.
Here the only inputs are the language cookie set by the switch (``core.views.switch_language``,
or Django's ``set_language``) and the
default ``LANGUAGE_CODE`` (vi).
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
