"""`manage.py requeue_stuck`: queue again the jobs whose worker died, as beat does every minute."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from core.recovery import stuck_jobs_requeue
from core.services import outbox_flush


class Command(BaseCommand):
    help = (
        "Legger i kø på nytt eksemplarer av brev og arkivjobber som ikke har kommet videre på "
        "STUCK_JOB_SECONDS (arbeideren stoppet), slik beat gjør hvert minutt, og sender jobbene som venter "
        "i utboksen. For den innebygde standarden uten arbeider (make run): kjør den fra cron."
    )

    def handle(self, *args, **options):
        sent = outbox_flush()
        queued = stuck_jobs_requeue()
        self.stdout.write(
            _("Lagt i kø på nytt: %(counts)s; sendt fra utboksen: %(n)s.")
            % {"counts": ", ".join(f"{name} {n}" for name, n in queued.items()), "n": sent}
        )
