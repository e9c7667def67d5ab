import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partycell.settings")
application = get_wsgi_application()

# What is loaded by now (Django, the apps, their modules, the URL and template machinery) lives as long as the
# process. Freezing it keeps the cyclic garbage collector from walking it again on every full collection: a
# fifth of a large page's CPU went to that (issue 15), and a forking server's workers share these pages longer.
gc.freeze()
