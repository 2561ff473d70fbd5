"""Login throttling on every password login (``/accounts/login/``, ``/admin/login/``), built on
django-axes.

Axes counts failures per account (username, from any address) and per address (from any
account). A lock falls on an account after ``XT_LOGIN_FAILURES_PER_ACCOUNT`` failures and on an
address after ``XT_LOGIN_FAILURES_PER_ADDRESS`` failures within ``XT_LOGIN_LOCKOUT_MINUTES``; while
locked every login is refused, the right password included, until the lock expires (that long
after the last counted failure: refusals during the lock do not prolong it) or city staff lift it
in the admin (Access attempts -> "Unlock"). Each lock-out and each unlock is in the audit log
(``core.login.locked_out``, ``core.login.unlocked``). There is no switch to turn this off:
``XT_RATELIMIT_ENABLE`` governs the public forms only.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.shortcuts import render

from xingtai_jobs.core.audit import audit


def _account(username: str | None):
    from xingtai_jobs.core.models import User

    if not username:
        return None
    return User.objects.filter(username=username).select_related("region").first()


class PortalAxesHandler(AxesDatabaseHandler):
    """Axes' database handler with two limits instead of one: ``AXES_FAILURE_LIMIT`` for the
    account, ``XT_LOGIN_FAILURES_PER_ADDRESS`` for the address (axes itself applies one limit to
    every lockout parameter)."""

    def _counts(self, request, credentials) -> tuple[int, int]:
        by_account, by_address = self.get_user_attempts(request, credentials)  # AXES_LOCKOUT_PARAMETERS order

        def total(qs) -> int:
            return qs.aggregate(n=Sum("failures_since_start"))["n"] or 0

        return total(by_account), total(by_address)

    def get_failures(self, request, credentials=None) -> int:
        account, address = self._counts(request, credentials)
        if address >= settings.XT_LOGIN_FAILURES_PER_ADDRESS:
            return max(account, settings.AXES_FAILURE_LIMIT)
        return account

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        was_locked = bool(getattr(request, "axes_locked_out", False))
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is not None and not was_locked and getattr(request, "axes_locked_out", False):
            username = (credentials or {}).get(getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")) or (credentials or {}).get("username")
            account, address = self._counts(request, credentials)
            by = "account" if account >= settings.AXES_FAILURE_LIMIT else "address"
            audit("core.login.locked_out", _account(username), request=request,
                  after={"username": username, "by": by, "account_failures": account, "address_failures": address,
                         "minutes": settings.XT_LOGIN_LOCKOUT_MINUTES},
                  message=f"login locked by {by} after repeated failures")


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets (HTTP 429)."""
    return render(request, "core/locked_out.html", {"minutes": settings.XT_LOGIN_LOCKOUT_MINUTES}, status=429)


@transaction.atomic
def unlock_attempts(*, attempts, actor, request=None) -> int:
    """Lift the locks of these access attempts (staff action); one audit entry per attempt."""
    count = 0
    for attempt in attempts:
        audit("core.login.unlocked", _account(attempt.username), actor=actor, request=request,
              after={"username": attempt.username, "ip": attempt.ip_address, "failures": attempt.failures_since_start})
        attempt.delete()
        count += 1
    return count
