"""The one helper that builds every e-mail from a subject/text/HTML triplet in ``templates/emails/``."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_email(*, template: str, to: str, context: dict) -> None:
    """Render ``emails/<template>-subject.txt``, ``-body.txt`` and ``-body.html`` and send them to ``to``.

    E-mails are written in the site's language (Vietnamese), whatever language the caller runs in.
    """
    context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{template}-subject.txt", context).split())
        text = render_to_string(f"emails/{template}-body.txt", context)
        html = render_to_string(f"emails/{template}-body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
