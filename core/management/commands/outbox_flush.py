"""`manage.py outbox_flush`: send the outbox's waiting jobs now, as the beat schedule does every minute."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.selectors import outbox_waiting
from core.services import outbox_flush

BATCH = 500


class Command(BaseCommand):
    help = (
        "Sender jobbene som venter i utboksen (core.OutboxTask) til Celery nå, slik beat gjør hvert minutt, "
        "og skriver ut hvor mange som ble sendt og hvor mange som venter fortsatt. Avslutter med feil når "
        "jobber fortsatt venter (meldingskøen kan ikke nås)."
    )

    def handle(self, *args, **options):
        sent = 0
        # One batch after another until a batch comes back short: then every waiting job
        # has been tried, and those left could not be sent.
        while True:
            batch = outbox_flush(limit=BATCH)
            sent += batch
            if batch < BATCH:
                break
        waiting = outbox_waiting()
        left = waiting.count()
        self.stdout.write(
            ngettext("Sendte %(n)s jobb", "Sendte %(n)s jobber", sent) % {"n": sent}
            + "; "
            + ngettext("%(n)s venter fortsatt.", "%(n)s venter fortsatt.", left) % {"n": left}
        )
        if left:
            error = waiting.exclude(last_error="").values_list("last_error", flat=True).last()
            message = _("Jobbene som venter, kunne ikke sendes til meldingskøen (REDIS_URL).")
            raise CommandError(f"{message} {error}" if error else message)
