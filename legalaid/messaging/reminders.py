"""Reminders that fall due with the calendar rather than with a change: hearings coming up (to the handler)
and the deadline to apply for enforcement (to the aided person).

Both run in the kernel's repair sweep (beat, every 15 minutes): "a reminder that is due and has not been
written" is exactly what the sweep makes, and a sweep missed (a worker down) is made up by the next one, which
a fixed daily beat entry would not do. The sweep writes them in the daytime only (`daytime_only`): a text
message waking an aided person at 2 a.m. helps nobody, and a reminder due at night goes out at 8.
Each reminder's key names the record and the date it is about, so a second sweep writes nothing, and a
hearing moved to another day is reminded again for the new day.
Models are looked up by label: the project package imports no lifecycle app.
"""

from datetime import timedelta

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from ..models import Message, MessageEvent
from .services import notify
from .triggers import case_contact, date_text, when_text

# Local hours in which reminders are written (8:00 to 20:59).
DAYTIME_HOURS = range(8, 21)


def daytime_only(send):
    """The sweep's repair for a reminder: nothing at night; the first daytime sweep writes what fell due."""

    def repair() -> int:
        return send() if timezone.localtime().hour in DAYTIME_HOURS else 0

    repair.__name__ = send.__name__
    return repair


def _remind(event: str, *, key: str, **message) -> bool:
    """Write the reminder unless one with this key exists; True when written now."""
    with transaction.atomic():
        if Message.objects.filter(key__startswith=f"{key}:").exists():
            return False
        return bool(notify(event, key=key, **message))


# How long before a hearing its handler is reminded (in-app and SMS): two days leave time to prepare and,
# for a hearing on Monday, the reminder still arrives on a working day.
HEARING_REMINDER_AHEAD = timedelta(days=2)


def send_hearing_reminders(now=None) -> int:
    """Remind each handler (in-app, SMS, e-mail) of their hearings within `HEARING_REMINDER_AHEAD`; how many."""
    Hearing = apps.get_model("cases", "Hearing")
    now = now or timezone.now()
    due = Hearing.objects.filter(
        status=Hearing.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + HEARING_REMINDER_AHEAD,
        case__handler__isnull=False,
    ).select_related("case__handler__profile", "case__centre")
    written = 0
    for hearing in due:
        case, handler = hearing.case, hearing.case.handler
        profile = getattr(handler, "profile", None)
        written += _remind(
            MessageEvent.HEARING_REMINDER,
            key=f"hearing:{hearing.pk}:reminder:{handler.pk}:{hearing.starts_at:%Y%m%d%H%M}",
            context={
                "number": case.number,
                "when": when_text(hearing.starts_at),
                "place": hearing.place,
                "centre": case.centre.name,
            },
            about=case,
            phone=(profile.phone if profile else "").strip(),
            email=handler.email,
            user=handler,
        )
    return written


def send_enforcement_reminders(today=None) -> int:
    """Tell the aided person the deadline to apply for enforcement nears, on the first and again on the second
    reminder date supervision computed for each watched instrument still unperformed. Returns how many."""
    Watch = apps.get_model("supervision", "EnforcementWatch")
    today = today or timezone.localdate()
    watches = Watch.objects.filter(
        status=Watch.Status.OPEN, first_reminder_on__lte=today, limit_date__gte=today
    ).select_related("case__centre", "case__application__applicant")
    written = 0
    for watch in watches:
        # Registered late, both dates may have passed: only the latest reminder is sent.
        which = "second" if watch.second_reminder_on <= today else "first"
        name, phone = case_contact(watch.case)
        written += _remind(
            MessageEvent.ENFORCEMENT_REMINDER,
            key=f"enforcement:{watch.pk}:{which}",
            context={
                "name": name,
                "number": watch.case.number,
                "instrument": f"{watch.get_instrument_display()}{watch.instrument_number}",
                "deadline": date_text(watch.limit_date),
                "centre": watch.case.centre.name,
            },
            about=watch.case,
            phone=phone,
        )
    return written
