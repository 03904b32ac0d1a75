"""Filters of official documents (`{% load official %}`): Chinese dates, amounts, prose, masked IDs."""

from django import template
from django.urls import reverse

from legalaid.documents import registry, typography

register = template.Library()


@register.filter
def cn_date(value) -> str:
    """2026年11月30日."""
    return typography.chinese_date(value)


@register.filter
def capitals(value) -> str:
    """人民币壹万贰仟元整 (empty for no amount)."""
    return "" if value in (None, "") else typography.amount_in_capitals(value)


@register.filter
def yuan(value) -> str:
    """12,000.00元 (empty for no amount)."""
    return "" if value in (None, "") else typography.amount_figures(value)


@register.filter
def prose(value) -> str:
    """Full-width punctuation in Chinese prose. Not marked safe: autoescape escapes the result, so apply
    it before filters that make HTML (`|prose|linebreaksbr`), never to escaped text (&amp; ends in ;)."""
    return typography.prose(value)


@register.filter
def masked_id(value) -> str:
    return typography.mask_id(value)


@register.simple_tag(takes_context=True)
def documents_url(context, record) -> str:
    """The URL of the record's document list, or "" when the record has none or the user may not see it."""
    if record is None or not registry.has_subject(record):
        return ""
    subject = registry.subject(record)
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or (subject.permission and not user.has_perm(subject.permission)):
        return ""
    return reverse("documents:list", kwargs={"subject": subject.key, "pk": record.pk})
