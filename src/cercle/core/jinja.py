"""Jinja2 for the few long lists where the Django template language is the cost.

The programme's sessions (40 and more, each with its times, badges, speakers and seats) take
most of a programme page's rendering time with the Django template language; the same markup
rendered by Jinja2 costs a fraction of it (measured with `make bench`, see docs/scaling.md).
Every other page stays a Django template (the meeting registration form's fields are rendered
from Jinja2 copies of the form templates by their own engine: cercle.core.forms).

Templates live in an app's ``jinja2/`` folder and are rendered with `render`. Strings are
translated with ``{{ _("...") }}`` (the ``|format(name=value)`` filter fills placeholders), the
one form `makemessages` extracts from both template languages; plurals are built in Python.
Autoescaping is on, as in Django templates.
"""

from django.template import engines
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from jinja2 import Environment

ENGINE = "jinja2"


def _clock(value) -> str:
    """A time of day in the site's time zone (Europe/Paris), 24-hour: Django's `time:"H:i"`."""
    return timezone.localtime(value).strftime("%H:%M")


def _url(name, *args) -> str:
    return reverse(name, args=args)


def environment(**options) -> Environment:
    env = Environment(autoescape=options.pop("autoescape", True), **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=False)
    env.globals["url"] = _url
    env.filters["clock"] = _clock
    env.filters["linebreaksbr"] = lambda value: linebreaksbr(value, autoescape=True)
    return env


def render(template_name: str, context: dict, request=None) -> str:
    return engines[ENGINE].get_template(template_name).render(context, request)
