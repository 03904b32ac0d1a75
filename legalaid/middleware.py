from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    """Chinese unless the user picked another language (the cookie set by the footer switcher).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a centre's shared
    computers often have English browsers, and the working language of the office is Chinese.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):  # restored afterwards: threads are reused
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
