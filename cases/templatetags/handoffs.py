"""Template filters for the hand-off buttons: shown by the same predicate the service applies."""

from django import template

register = template.Library()


@register.filter
def may_correct(termination, user) -> bool:
    """Whether `user` may carry out the bureau's correction order on this termination now."""
    from cases.services import termination_correction_refusal

    return user.has_perm("cases.terminate_case") and termination_correction_refusal(termination, user) is None
