"""The one error type services raise, with a closed list of codes mapped once to HTTP statuses.

    raise DomainError(_("This item was changed by someone else."), code=Code.CONFLICT)

``code`` is one of five (:class:`Code`); an unknown code is a programming error and fails at once.
The API (``xingtai_jobs/core/drf.py``) and the pages (``xingtai_jobs/core/pages.py`` and
``DomainErrorMiddleware``) both read :data:`HTTP_STATUS`; nothing else maps codes to statuses.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Code(StrEnum):
    INVALID = "invalid"  # the input is wrong: 400
    FORBIDDEN = "forbidden"  # this person may not do this: 403
    NOT_FOUND = "not_found"  # no such thing, or not visible to this person: 404
    CONFLICT = "conflict"  # wrong state for this step, a duplicate, or a race lost to someone else: 409
    RATE_LIMITED = "rate_limited"  # too many attempts: 429


HTTP_STATUS: dict[str, int] = {
    Code.INVALID: 400,
    Code.FORBIDDEN: 403,
    Code.NOT_FOUND: 404,
    Code.CONFLICT: 409,
    Code.RATE_LIMITED: 429,
}


class DomainError(Exception):
    """The one error type services raise: its message is shown to a person as it is.

    ``field`` names the input at fault when there is one (forms and the API attach it there);
    ``code`` is one of :class:`Code` (a plain string of the same value is accepted).
    """

    def __init__(self, message: Any, *, field: str | None = None, code: str = Code.INVALID):
        if code not in HTTP_STATUS:
            raise ValueError(f"DomainError code {code!r} is not one of {sorted(HTTP_STATUS)}")
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = Code(code)

    @property
    def status(self) -> int:
        """The HTTP status of this error (400/403/404/409/429)."""
        return HTTP_STATUS[self.code]

    def __str__(self) -> str:
        return str(self.message)
