"""The one helper that builds every e-mail from a subject/text/HTML triplet in ``templates/emails/``.

``TemplatedEmail`` loads the three templates once and builds any number of messages from them
(the daily digest renders thousands in one run); ``send_templated_email`` sends one.
"""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import get_template
from django.utils import translation


class TemplatedEmail:
    def __init__(self, template: str) -> None:
        self.subject = get_template(f"emails/{template}-subject.txt")
        self.text = get_template(f"emails/{template}-body.txt")
        self.html = get_template(f"emails/{template}-body.html")
        self.site_url = settings.SITE_URL.rstrip("/")

    def build(
        self, *, to: str, context: dict[str, Any], connection: BaseEmailBackend | None = None
    ) -> EmailMultiAlternatives:
        """The message for ``to``, written in the site's language (Vietnamese) whatever the caller's."""
        context = {"site_url": self.site_url, **context}
        with translation.override(settings.LANGUAGE_CODE):
            subject = " ".join(self.subject.render(context).split())
            text = self.text.render(context)
            html = self.html.render(context)
        message = EmailMultiAlternatives(subject=subject, body=text, to=[to], connection=connection)
        message.attach_alternative(html, "text/html")
        return message


def send_templated_email(*, template: str, to: str, context: dict) -> None:
    """Render ``emails/<template>-subject.txt``, ``-body.txt`` and ``-body.html`` and send them to ``to``."""
    TemplatedEmail(template).build(to=to, context=context).send()
