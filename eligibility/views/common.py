from legalaid.errors import DomainError


def form_error(form, error: DomainError) -> None:
    """Show a service's refusal on the form: on its field when the form has one, else at the top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
