"""PDF rendering with WeasyPrint from Django templates, fonts local (Noto CJK via fontconfig).

Renderers in each app look like `render_X(obj) -> (filename, bytes)` and call `render_pdf`;
they hold no storage code.
"""

import gc
import threading
from contextlib import contextmanager
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from . import pdf_fonts

_font_config: FontConfiguration | None = None


def font_config() -> FontConfiguration:
    """One FontConfiguration per process: building it is the slow part of a first render."""
    global _font_config
    if _font_config is None:
        pdf_fonts.install()
        _font_config = FontConfiguration()
    return _font_config


_pause_lock = threading.Lock()
_pauses = 0
_collector_was_enabled = False


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector off while WeasyPrint lays out and writes a document.

    A render allocates tens of thousands of boxes and style dicts, which trigger full collections that
    walk the whole heap of a warm worker (Django, fonts, templates) again and again: a third of a monthly
    statistics PDF's time. The document's garbage is collected at the next collection after it.
    Counted, so that with threads the collector comes back on only when the last render ends.
    """
    global _pauses, _collector_was_enabled
    with _pause_lock:
        if _pauses == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _collector_was_enabled:
                gc.enable()


def write_pdf(html: str) -> bytes:
    """HTML (already rendered from its template) to PDF bytes, with the process's fonts."""
    with collector_paused():
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=font_config())


def render_html(template_name: str, context: dict) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template_name, context)


def render_pdf(template_name: str, context: dict) -> bytes:
    return write_pdf(render_html(template_name, context))


def pdf_response(filename: str, content: bytes, *, inline: bool = True):
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    return response


def store_pdf(instance, field: str, render, *, stamp: str = "") -> bool:
    """Render and keep a record's PDF once (idempotent: a stored file is never rendered again).

    `render(instance) -> (filename, bytes)` is the app's renderer. The file is written first and
    the row updated by a conditional update, so a repeated or concurrent run leaves one file named
    on the row; `stamp` names a datetime field set to now with it. Returns whether it rendered.
    """
    from django.core.files.base import ContentFile
    from django.utils import timezone

    if getattr(instance, field):
        return False
    filename, content = render(instance)
    getattr(instance, field).save(filename, ContentFile(content), save=False)
    values = {field: getattr(instance, field).name}
    if stamp:
        values[stamp] = timezone.now()
        setattr(instance, stamp, values[stamp])
    type(instance)._default_manager.filter(pk=instance.pk, **{field: ""}).update(**values)
    return True
