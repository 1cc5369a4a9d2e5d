import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()
# What was built at start (Django, the apps, the URLconf) lives as long as the worker: moved
# out of the collector's generations, a full collection no longer walks it in a request.
gc.freeze()
