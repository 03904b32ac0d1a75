"""Intake: consultations, persons, applications from every channel, preliminary review,
one-time notices, the statutory clock and home visits.

Status changes happen only in `intake.services`; the models hold data and derived reads.
"""

from .applications import (
    Application,
    ApplicationTransition,
    Attachment,
    MaterialRequirement,
    OpposingParty,
    PreliminaryReview,
    ServiceRequested,
    attachment_path,
)
from .consultations import Consultation, HomeVisit
from .documents import ApplicantLetter, MaterialsNotice, NoticeText, letter_pdf_path, notice_pdf_path
from .persons import ADULT_AGE, ELDERLY_AGE, MAJORITY_ETHNIC_GROUP, Channel, Person, PersonAppearance, age_on

__all__ = [
    "ADULT_AGE",
    "ELDERLY_AGE",
    "MAJORITY_ETHNIC_GROUP",
    "ApplicantLetter",
    "Application",
    "ApplicationTransition",
    "Attachment",
    "Channel",
    "Consultation",
    "HomeVisit",
    "MaterialRequirement",
    "MaterialsNotice",
    "NoticeText",
    "OpposingParty",
    "Person",
    "PersonAppearance",
    "PreliminaryReview",
    "ServiceRequested",
    "age_on",
    "attachment_path",
    "letter_pdf_path",
    "notice_pdf_path",
]
