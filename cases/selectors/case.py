"""Reads for one case: its timeline and file, and the facts the handler ranking needs."""

from datetime import date, datetime

from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.models import HandlerProfile
from legalaid.selectors import handlers_for_centre
from legalaid.validators import normalise_id_number

from .. import ranking
from ..models import AnnualObligation, Assignment, Case, CaseEvent, CaseParty, ClosingChecklistItem


def case_timeline(case: Case) -> list[dict]:
    """Transitions and events in one list, oldest first (two queries)."""
    items = [
        {
            "at": t.at,
            "kind": "transition",
            "title": f"{t.from_label or '—'} → {t.to_label}",
            "text": t.reason,
            "actor": t.actor_display,
        }
        for t in case.transitions.select_related("actor")
    ]
    items += [
        {
            "at": e.at,
            "kind": e.kind,
            "title": e.get_kind_display(),
            "text": e.text,
            "actor": e.actor_display,
            "event": e,
        }
        for e in case.events.select_related("actor", "document")
    ]
    items += _message_items(case)
    return sorted(items, key=lambda item: item["at"])


def _message_items(case: Case) -> list[dict]:
    """Messages the system wrote about the case or its application (the decision, the assignment,
    the closing): what was said, on which channel, and whether it went out. Addresses are left out."""
    from django.contrib.contenttypes.models import ContentType

    from legalaid.kernel.actors import SYSTEM
    from legalaid.models import Message

    about = Q(content_type=ContentType.objects.get_for_model(Case), object_id=case.pk)
    if case.application_id:
        about |= Q(content_type=ContentType.objects.get_for_model(case.application), object_id=case.application_id)
    return [
        {
            "at": message.created_at,
            "kind": "message",
            "title": _("消息：%(event)s") % {"event": message.get_event_display()},
            "text": _("%(channel)s · %(status)s。%(body)s")
            % {
                "channel": message.get_channel_display(),
                "status": message.get_status_display(),
                "body": message.body,
            },
            "actor": str(SYSTEM),
        }
        for message in Message.objects.filter(about).order_by("created_at", "pk")
    ]


def case_parties(case: Case) -> QuerySet[CaseParty]:
    return case.parties.select_related("added_by")


def has_mediation_attempt(case: Case) -> bool:
    return case.events.filter(kind=CaseEvent.Kind.MEDIATION).exists()


def checklist_items(case: Case, on: date | None = None) -> list[ClosingChecklistItem]:
    """The closing-materials checklist in force for the case's type and stage."""
    on = on or timezone.localdate()
    items = ClosingChecklistItem.objects.in_force(on).filter(
        Q(case_type="") | Q(case_type=case.case_type),
        Q(criminal_stage="") | Q(criminal_stage=case.criminal_stage),
    )
    return list(items.order_by("sort_order", "pk"))


def annual_minimums(on: date) -> dict[str, int]:
    rows = AnnualObligation.objects.in_force(on).order_by("handler_type", "-effective_from")
    found: dict[str, int] = {}
    for row in rows:
        found.setdefault(row.handler_type, row.minimum_cases)
    return found


def case_opposing_parties(case: Case) -> list[dict]:
    """The other side of the case, as name, id_number and birth_date."""
    application = getattr(case, "application", None) if hasattr(Case, "application") else None
    if application is None:
        return []
    return [
        {"name": p.name, "id_number": normalise_id_number(p.id_number), "birth_date": p.birth_date}
        for p in application.opposing_parties.all()
    ]


def handler_conflicts(case: Case, handler_ids: list[int], handler_orgs: dict[int, str]) -> dict[int, list[str]]:
    """For each handler, why they may not act: they act (or acted) for someone on the other side."""
    opposing = case_opposing_parties(case)
    found: dict[int, list[str]] = {}
    if not opposing:
        return found
    match = Q()
    for party in opposing:
        if party["id_number"]:
            match |= Q(id_number=party["id_number"])
        if party["birth_date"]:
            match |= Q(name=party["name"], birth_date=party["birth_date"])
    if match:
        parties = (
            CaseParty.objects.filter(match)
            .exclude(case=case)
            .filter(case__assignments__handler_id__in=handler_ids)
            .values_list("case__assignments__handler_id", "name", "case__number")
            .distinct()
        )
        for handler_id, name, number in parties:
            found.setdefault(handler_id, []).append(
                _("曾在案件 %(number)s 中为对方当事人“%(name)s”提供法律援助") % {"number": number, "name": name}
            )
    opposing_names = {party["name"] for party in opposing}
    for handler_id, organisation_name in handler_orgs.items():
        if organisation_name in opposing_names:
            found.setdefault(handler_id, []).append(
                _("对方当事人“%(name)s”是该承办人所在机构") % {"name": organisation_name}
            )
    return found


def case_facts(case: Case) -> ranking.CaseFacts:
    today = timezone.localdate()
    notification = getattr(case, "notification", None) if case.is_notification_defence else None
    minor = bool(notification and notification.accused_is_minor) or any(
        party.is_minor_on(today) for party in case.parties.all()
    )
    excluded = set(case.handler_changes.filter(status="approved").values_list("previous_handler_id", flat=True))
    return ranking.CaseFacts(
        case_type=case.case_type,
        matter_code=case.matter.code if case.matter_id else "",
        matter_name=case.matter.name if case.matter_id else "",
        notification_defence=case.is_notification_defence,
        serious_penalty=case.serious_penalty
        or bool(notification and notification.ground in ("life_or_death", "death_penalty_review")),
        minor=minor,
        excluded_handler_ids=frozenset(excluded),
    )


def handler_facts(case: Case, on: date | None = None) -> list[ranking.HandlerFacts]:
    """What the ranking needs about every handler in the centre's roster, in a fixed number of queries."""
    on = on or timezone.localdate()
    profiles = list(handlers_for_centre(case.centre).order_by("user__last_name", "user__first_name", "pk"))
    user_ids = [p.user_id for p in profiles]
    open_counts = dict(
        Case.objects.filter(handler_id__in=user_ids, status__in=(*Case.HANDLING, Case.Status.CLOSING_SUBMITTED))
        .values_list("handler_id")
        .annotate(n=Count("pk"))
    )
    year_start = timezone.make_aware(datetime(on.year, 1, 1))
    yearly = {
        row["handler_id"]: row
        for row in Assignment.objects.filter(handler_id__in=user_ids)
        .values("handler_id")
        .annotate(this_year=Count("pk", filter=Q(assigned_at__gte=year_start)), last=Max("assigned_at"))
    }
    minimums = annual_minimums(on)
    organisations = {p.user_id: p.user.profile.organisation.name for p in profiles}
    conflicts = handler_conflicts(case, user_ids, organisations)
    labels = dict(HandlerProfile._meta.get_field("handler_type").choices)
    facts = []
    for profile in profiles:
        row = yearly.get(profile.user_id, {})
        facts.append(
            ranking.HandlerFacts(
                user_id=profile.user_id,
                name=profile.user.get_full_name() or profile.user.username,
                organisation=organisations[profile.user_id],
                handler_type=profile.handler_type,
                handler_type_label=str(labels.get(profile.handler_type, profile.handler_type)),
                status=profile.status,
                criminal_defence_years=profile.criminal_defence_years,
                trained_for_minors=profile.trained_for_minors,
                specialty_codes=frozenset(s.code for s in profile.specialties.all()),
                open_cases=open_counts.get(profile.user_id, 0),
                cases_this_year=row.get("this_year", 0),
                annual_minimum=minimums.get(profile.handler_type, 0),
                last_assigned_at=row.get("last"),
                conflicts=tuple(conflicts.get(profile.user_id, ())),
            )
        )
    return facts


def assignment_candidates(case: Case) -> list[ranking.Candidate]:
    return ranking.rank_handlers(case_facts(case), handler_facts(case))


def case_application_file(case: Case, user) -> dict | None:
    """The application behind a case, read-only, for whoever may see the case (its handler included):
    the facts, the opposing parties, the conflict check and the scans, which `cases:application_attachment`
    serves.
    `intake_link` says whether the user may also open the application's own page (intake's scope)."""
    if not case.application_id:
        return None
    from intake.models import Application, Attachment, OpposingParty
    from intake.selectors import application_conflicts, applications_for_user

    application = Application.objects.select_related("applicant", "representative", "channel", "matter").get(
        pk=case.application_id
    )
    return {
        "application": application,
        "opposing_parties": list(OpposingParty.objects.filter(application_id=application.pk)),
        "attachments": list(
            Attachment.objects.filter(application_id=application.pk).only(
                "pk", "title", "original_name", "size", "source", "uploaded_at", "application_id"
            )
        ),
        # The handler checks for a conflict of interest too: who else in the file is on the other side elsewhere.
        "conflicts": application_conflicts(application),
        "intake_link": user.has_perm("intake.view_application")
        and applications_for_user(user).filter(pk=application.pk).exists(),
    }


def case_application_attachment(case: Case, attachment_pk: int):
    """A scan of the case's own application, or Http404 (the case was already loaded through the user's scope)."""
    from intake.models import Attachment

    return get_object_or_404(Attachment, pk=attachment_pk, application_id=case.application_id or 0)
