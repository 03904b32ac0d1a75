"""Writing the access log. Views call `log_access(...)` where they show personal data in full, serve a
scan or build an export; the record is written whatever the response, and never changed afterwards."""

from django.contrib.contenttypes.models import ContentType

from ..models import AccessRecord
from ..net import client_ip
from ..selectors import user_profile

Kind = AccessRecord.Kind


def log_access(request, *, kind: str, subject: str, obj=None, detail: str = "") -> AccessRecord:
    profile = user_profile(request.user)
    address = client_ip(request) or None
    return AccessRecord.objects.create(
        user=request.user,
        organisation=profile.organisation if profile else None,
        kind=kind,
        subject=str(subject)[:200],
        detail=str(detail)[:300],
        content_type=ContentType.objects.get_for_model(type(obj)) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        address=address,
        path=request.get_full_path()[:300],
    )
