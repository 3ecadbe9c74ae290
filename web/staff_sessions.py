"""Staff accounts and their sessions, kept on the server.

A session is a record here, found by a random cookie value: logging out deletes the record,
so a copied cookie stops working at once (a signed, stateless cookie would stay valid until
it expired). Records live in this process: restarting the web server logs staff out.

Shaped for per-person accounts: a session belongs to a `StaffAccount` with a name and a role,
and `SharedPassword` is today's only way to prove one (one account, "staff", role admin).
Per-person accounts add another class with the same `authenticate(name, password)` and
`account(name)` (and `login_name`); the session store, the login throttle (per account name) and the role checks
stay as they are.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from aiohttp import web

from web.security import came_over_https, password_matches

COOKIE = "isobot_staff"
SESSION_SECONDS = 8 * 3600
ROLES = ("reviewer", "agent", "admin")
# An operator-set password shorter than this is refused at start-up (generated ones are 48).
MIN_PASSWORD_CHARS = 16


@dataclass(frozen=True)
class StaffAccount:
    name: str
    role: str

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown staff role {self.role!r} (one of {', '.join(ROLES)})")


class Accounts(Protocol):
    def login_name(self, name: str | None) -> str: ...

    def authenticate(self, name: str | None, password: str) -> StaffAccount | None: ...

    def account(self, name: str) -> StaffAccount | None: ...


class WeakPassword(ValueError):
    """An operator-set staff password that is too short to resist guessing."""


class SharedPassword:
    """One shared STAFF_PASSWORD for one account with every right."""

    ACCOUNT = StaffAccount("staff", "admin")

    def __init__(self, password: str) -> None:
        if len(password) < MIN_PASSWORD_CHARS:
            raise WeakPassword(
                f"STAFF_PASSWORD must be at least {MIN_PASSWORD_CHARS} characters "
                f"(it has {len(password)}); unset it to have one generated."
            )
        self._password = password

    def login_name(self, name: str | None) -> str:
        """The account a login attempt is for: always the shared one (its throttle key)."""
        return self.ACCOUNT.name

    def authenticate(self, name: str | None, password: str) -> StaffAccount | None:
        return self.ACCOUNT if password_matches(password, self._password) else None

    def account(self, name: str) -> StaffAccount | None:
        return self.ACCOUNT if name == self.ACCOUNT.name else None


@dataclass(frozen=True)
class StaffSession:
    account: StaffAccount
    started: float
    expires: float


def _key(token: str) -> str:
    # Records are found by a digest of the cookie, so a dump of this process's memory does not
    # hand out working cookies.
    return hashlib.sha256(token.encode()).hexdigest()


class StaffSessions:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._records: dict[str, StaffSession] = {}

    def start(self, response: web.StreamResponse, request: web.Request, account: StaffAccount) -> None:
        """A new session for `account`, with a fresh random id (never reused, never derived)."""
        self._forget_expired()
        token = secrets.token_urlsafe(32)
        now = self._clock()
        self._records[_key(token)] = StaffSession(account, now, now + SESSION_SECONDS)
        response.set_cookie(
            COOKIE,
            token,
            max_age=SESSION_SECONDS,
            path="/staff",
            httponly=True,
            samesite="Strict",
            secure=came_over_https(request),
        )

    def current(self, request: web.Request) -> StaffSession | None:
        token = request.cookies.get(COOKIE)
        if not token:
            return None
        record = self._records.get(_key(token))
        if record is None:
            return None
        if record.expires <= self._clock():
            del self._records[_key(token)]
            return None
        return record

    def end(self, response: web.StreamResponse, request: web.Request) -> None:
        token = request.cookies.get(COOKIE)
        if token:
            self._records.pop(_key(token), None)
        response.del_cookie(COOKIE, path="/staff")

    def end_all(self, account_name: str) -> int:
        """End every session of one account (for an account removed or a role changed)."""
        keys = [key for key, record in self._records.items() if record.account.name == account_name]
        for key in keys:
            del self._records[key]
        return len(keys)

    def _forget_expired(self) -> None:
        now = self._clock()
        for key in [key for key, record in self._records.items() if record.expires <= now]:
            del self._records[key]
