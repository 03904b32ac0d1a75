"""A user's in-app messages in the one list-export registry: every signed-in user has an inbox, so the export
needs no permission and holds that user's own messages only (the inbox page's rows, `services.inbox`)."""

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..exports import ListExport, local_minute, register_list_export
from . import services


def _inbox(user, params: QueryDict):
    return services.inbox(user)


register_list_export(
    ListExport(
        identifier="messaging.inbox",
        title=gettext_lazy("我的消息"),
        permission="",
        records=_inbox,
        columns=(
            (gettext_lazy("时间"), lambda m: local_minute(m.created_at)),
            (gettext_lazy("标题"), lambda m: m.subject),
            (gettext_lazy("正文"), lambda m: m.body),
            (gettext_lazy("阅读时间"), lambda m: local_minute(m.read_at) if m.read_at else _("未读")),
        ),
    )
)
