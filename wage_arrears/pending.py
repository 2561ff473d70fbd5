"""Evidence kept across a complaint form with errors (issue 15).

A worker who attached photos and mistyped a field must not have to find the photos again. When the
form comes back with errors (or a new captcha), the files that passed their own checks are stored
privately (the default storage, never served) under a random token; the token is in the session and
in a hidden field, and only the session that stored them can attach them again. They are dropped
once the complaint is stored, when the person removes them, when they are replaced by a newer set,
and after ``KEEP_SECONDS`` (swept whenever a set is kept). Nothing of this runs on a submission
without errors: the intake's hot path is unchanged (ADR 0007)."""

from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

SESSION_KEY = "wage_arrears_kept_evidence"
PREFIX = "wage_arrears/pending"
KEEP_SECONDS = 3600


@dataclass(frozen=True)
class KeptFile:
    path: str
    name: str
    content_type: str
    size: int


def _entry(request, token: str | None) -> dict | None:
    entry = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not entry or not token or not isinstance(token, str) or not secrets.compare_digest(entry.get("token", ""), token):
        return None
    if time.time() - entry.get("at", 0) > KEEP_SECONDS:
        drop(request)
        return None
    return entry


def kept_files(request, token: str | None) -> list[KeptFile]:
    """The files this session kept under ``token`` (none for another session's or a stale token)."""
    entry = _entry(request, token)
    return [KeptFile(**f) for f in entry["files"]] if entry else []


def load(files: list[KeptFile]) -> list[tuple[ContentFile, str]]:
    """The kept files as uploads the intake stores like fresh ones: (file, content type)."""
    loaded = []
    for f in files:
        with default_storage.open(f.path, "rb") as fh:
            loaded.append((ContentFile(fh.read(), name=f.name), f.content_type))
    return loaded


def keep(request, uploads: list[tuple]) -> str:
    """Store ``uploads`` [(file, content type)] for this session; returns the token. Replaces a
    set kept before."""
    drop(request)
    _sweep()
    token = secrets.token_urlsafe(16)
    files = []
    for i, (upload, content_type) in enumerate(uploads):
        upload.seek(0)
        name = (getattr(upload, "name", "") or f"file-{i + 1}").rsplit("/", 1)[-1][:200]
        path = default_storage.save(f"{PREFIX}/{int(time.time())}-{token}/{i}", ContentFile(upload.read()))
        upload.seek(0)
        files.append({"path": path, "name": name, "content_type": content_type, "size": upload.size})
    request.session[SESSION_KEY] = {"token": token, "at": time.time(), "files": files}
    return token


def drop(request) -> None:
    """Forget this session's kept files and delete them."""
    entry = request.session.pop(SESSION_KEY, None) if hasattr(request, "session") else None
    for f in (entry or {}).get("files", []):
        try:
            default_storage.delete(f["path"])
        except OSError:
            pass


def _sweep() -> None:
    """Delete sets older than ``KEEP_SECONDS`` (their folder names start with the time kept)."""
    try:
        folders, _files = default_storage.listdir(PREFIX)
    except (FileNotFoundError, NotADirectoryError):
        return
    limit = time.time() - KEEP_SECONDS
    for folder in folders:
        stamp = folder.split("-", 1)[0]
        if stamp.isdigit() and int(stamp) < limit:
            sub = f"{PREFIX}/{folder}"
            for name in default_storage.listdir(sub)[1]:
                default_storage.delete(f"{sub}/{name}")
            try:
                os.rmdir(default_storage.path(sub))
            except (NotImplementedError, OSError):
                pass
