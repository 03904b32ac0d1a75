"""The one error type services raise when a rule forbids what was asked."""


class DomainError(Exception):
    """A translated, user-facing reason why an action is not allowed.

    Views catch it and show `message` as a form error or a message; it never becomes a 500.
    """

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
