"""Forms: validation only. Services hold the rules; forms turn their DomainError into field errors."""

from .applications import (
    ApplicationDetailsForm,
    ApplicationForm,
    AttachmentsForm,
    NoticeForm,
    OpposingPartyForm,
    OpposingPartyFormSet,
    PreliminaryReviewForm,
    ReasonForm,
    SupplyForm,
    UploadForm,
    UploadFormSet,
)
from .common import apply_domain_error
from .consultations import CallBackForm, ConsultationFilterForm, ConsultationForm, HomeVisitForm, HomeVisitOutcomeForm
from .persons import ApplicantForm, PersonForm
from .public import PUBLIC_CASE_TYPES, PublicApplicationForm, PublicStatusForm

__all__ = [
    "PUBLIC_CASE_TYPES",
    "ApplicantForm",
    "ApplicationDetailsForm",
    "ApplicationForm",
    "AttachmentsForm",
    "CallBackForm",
    "ConsultationFilterForm",
    "ConsultationForm",
    "HomeVisitForm",
    "HomeVisitOutcomeForm",
    "NoticeForm",
    "OpposingPartyForm",
    "OpposingPartyFormSet",
    "PersonForm",
    "PreliminaryReviewForm",
    "PublicApplicationForm",
    "PublicStatusForm",
    "ReasonForm",
    "SupplyForm",
    "UploadForm",
    "UploadFormSet",
    "apply_domain_error",
]
