import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingtai_jobs.settings")
django.setup(set_prefix=False)

from xingtai_jobs.core.handlers import PortalWSGIHandler  # noqa: E402 - after setup, as get_wsgi_application does

application = PortalWSGIHandler()
