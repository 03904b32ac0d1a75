"""Reading the access log: a director sees the records of users in their organisation's subtree."""

from django.db.models import QuerySet

from ..models import AccessRecord
from ..selectors import sees_everything, visible_organisations


def access_records_for_user(user) -> QuerySet[AccessRecord]:
    records = AccessRecord.objects.select_related("user", "organisation")
    if sees_everything(user):
        return records
    return records.filter(organisation__in=visible_organisations(user))
