"""Telling people what happened: SMS, e-mail and in-app messages (services), delivered by a task through
one small channel interface (channels), with texts that change over time (MessageText rows)."""


def connect() -> None:
    """Called once from LegalaidConfig.ready(): the triggers follow every status change, and the reminders that
    fall due with the calendar are written by the kernel's repair sweep, in the daytime."""
    from ..kernel import repairs
    from . import reminders, tasks, triggers  # noqa: F401 - importing tasks registers them with Celery

    triggers.connect()
    repairs.register("hearing_reminders", reminders.daytime_only(reminders.send_hearing_reminders))
    repairs.register("enforcement_reminders", reminders.daytime_only(reminders.send_enforcement_reminders))
