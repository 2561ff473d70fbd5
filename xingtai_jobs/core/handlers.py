"""The WSGI handler of the production server (``xingtai_jobs.wsgi``), with the URL map's answer
remembered per path.

Django resolves every request by walking the URL map in order, and a miss inside an ``include``
raises and records every pattern it tried. With about 730 patterns, eight apps included at the
root and their public pages after the staff ones, resolving ``/job-demand/`` costs about as much as
serving that page from the page cache (ADR 0013). The answer for a path depends only on the URL
map, which is fixed once the process has started, so the handler keeps the last
``RESOLVE_MEMO_SIZE`` paths that resolved (an LRU; paths that do not resolve are not kept, so
probing random URLs cannot fill it). A request with its own ``urlconf`` resolves as usual."""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.core.handlers.wsgi import WSGIHandler

RESOLVE_MEMO_SIZE = 2048


class PortalWSGIHandler(WSGIHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._resolved: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()

    def resolve_request(self, request):
        if hasattr(request, "urlconf"):
            return super().resolve_request(request)
        path = request.path_info
        match = self._resolved.get(path)
        if match is None:
            match = super().resolve_request(request)  # Resolver404 propagates: nothing is kept
            with self._lock:
                self._resolved[path] = match
                while len(self._resolved) > RESOLVE_MEMO_SIZE:
                    self._resolved.popitem(last=False)
            return match
        with self._lock:
            if path in self._resolved:
                self._resolved.move_to_end(path)
        request.resolver_match = match
        return match
