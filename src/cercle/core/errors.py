"""One error type for every refused action of the club's rules.

A service raises ``DomainError(code, message, **params)``: ``code`` names the rule (tests pin
it), ``message`` is the translatable sentence written next to the ``raise`` (a lazy
translation with ``%(name)s`` placeholders filled from ``params``). Views, the API and the
management commands all show ``error.message``, translated in the language active when it is
read, so nobody keeps a table of codes to messages.
"""

from django.utils.translation import gettext_lazy


class DomainError(Exception):
    """A rule of the club refused an action."""

    default_message = gettext_lazy("This action is not possible.")

    def __init__(self, code: str, message=None, /, *, fields=(), **params):
        super().__init__(code)
        self.code = code
        self.template = message if message is not None else self.default_message
        self.params = params
        # Form fields the error is about (for example fields missing before a submission).
        self.fields = list(fields)

    @property
    def message(self) -> str:
        text = str(self.template)
        if self.params:
            return text % {key: str(value) for key, value in self.params.items()}
        return text

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"DomainError({self.code!r}, {self.params!r})"
