"""Template filters available in every template (registered as builtins in settings)."""

from django import template

from legalaid.validators import mask_id_number, mask_phone

register = template.Library()


@register.filter
def masked_id(value: str) -> str:
    return mask_id_number(value)


@register.filter
def masked_phone(value: str) -> str:
    return mask_phone(value)


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context, *forms):
    """The errors of the given forms and formsets, in page order, each with the id of its field.

    `{% error_summary form %}`; includes/form_fields.html shows one for its form. A field's link
    targets its first input (the first radio of a group); a form-wide error links to the form's
    error box.
    """
    request = context.get("request")
    number = getattr(request, "_error_summaries", 0) + 1
    if request is not None:
        request._error_summaries = number
    errors = []
    for form in forms:
        for each in _forms_of(form):
            errors += _form_errors(each)
    return {"errors": errors, "uid": number}


def _forms_of(form_or_formset):
    if form_or_formset is None or not getattr(form_or_formset, "is_bound", False):
        return []
    if hasattr(form_or_formset, "management_form"):  # a formset
        return [form_or_formset, *form_or_formset.forms]
    return [form_or_formset]


def _form_errors(form) -> list[dict]:
    if hasattr(form, "management_form"):
        return [{"message": error, "target": "", "label": ""} for error in form.non_form_errors()]
    if not form.errors:
        return []
    errors = [
        {"message": error, "target": f"{form.prefix or 'form'}_errors", "label": ""}
        for error in form.non_field_errors()
    ]
    for field in form:
        if field.is_hidden:
            target = ""
        elif field.use_fieldset:  # radios, checkbox groups, split date/time: the first input
            target = f"{field.auto_id}_0"
        else:
            target = field.id_for_label
        errors += [{"message": error, "target": target, "label": field.label} for error in field.errors]
    return errors
