"""Celery tasks: take ids, load, call one service."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from config.celery import archive_or_retry

from . import services
from .models import Meeting


@shared_task(name="meetings.tasks.archive_protocol_pdf", bind=True, acks_late=True, max_retries=5)
def archive_protocol_pdf(self, meeting_id: int) -> str:
    return archive_or_retry(self, services.protocol_archive_pdf, meeting_id=meeting_id)


@shared_task(name="meetings.tasks.archive_presentation_pdf", bind=True, acks_late=True, max_retries=5)
def archive_presentation_pdf(self, item_id: int) -> str:
    return archive_or_retry(self, services.presentation_archive_pdf, item_id=item_id)


@shared_task(name="meetings.tasks.send_notice")
def send_notice(meeting_id: int, user_id: int, url: str) -> None:
    """The innkalling to one member: the agenda and the link to the meeting page."""
    meeting = Meeting.objects.select_related("municipality").get(pk=meeting_id)
    user = get_user_model().objects.get(pk=user_id)
    if not user.email:
        return
    with translation.override("nb"):
        context = services.agenda.notice_mail_context(meeting) | {"user": user, "url": url}
        subject = render_to_string("meetings/notice_subject.txt", context).strip()
        body = render_to_string("meetings/notice_email.txt", context)
    send_mail(subject, body, None, [user.email])
