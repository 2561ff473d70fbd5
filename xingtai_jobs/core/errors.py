class DomainError(Exception):
    """The one error type services raise: its message is shown to a person as it is.

    ``field`` names the input at fault when there is one (forms and the API attach it there);
    ``code`` is a stable machine-readable code for API clients.
    """

    def __init__(self, message, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)
