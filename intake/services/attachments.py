"""Scans kept on an application."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from legalaid.kernel import actor_user
from legalaid.uploads import CONTENT_TYPES, validate_scan

from ..models import Application, Attachment, MaterialRequirement
from .common import validation_to_domain


@dataclass
class ScanUpload:
    """An uploaded file and what it is."""

    file: object
    title: str = ""
    requirement_id: int | None = None


def store_attachments(application: Application, uploads: list[ScanUpload], actor, source: str) -> list[Attachment]:
    stored = []
    for upload in uploads:
        try:
            validate_scan(upload.file)
        except ValidationError as error:
            raise validation_to_domain(error, "attachments") from None
        suffix = upload.file.name.rsplit(".", 1)[-1].lower() if "." in upload.file.name else ""
        requirement = None
        if upload.requirement_id:
            requirement = MaterialRequirement.objects.filter(pk=upload.requirement_id).first()
        title = (upload.title or (requirement.name if requirement else "") or upload.file.name)[:100]
        stored.append(
            Attachment.objects.create(
                application=application,
                requirement=requirement,
                title=title,
                file=upload.file,
                original_name=upload.file.name[:200],
                content_type=CONTENT_TYPES.get(f".{suffix}", "application/octet-stream"),
                size=upload.file.size,
                source=source,
                uploaded_by=actor_user(actor),
            )
        )
    return stored
