"""Organizations, org.nr. validation, roles, and the outbox."""

import pytest
from django.core.exceptions import ValidationError

from core.models import Organization, OutboxTask, Role
from core.selectors import has_role, organization_ids_for_user
from core.services import outbox_enqueue, outbox_flush
from core.validators import org_number_is_valid
from tests.factories import MunicipalityFactory, member


@pytest.mark.parametrize(
    "number, valid",
    [
        ("983544622", True),  # Helsedirektoratet
        ("983 544 622", True),
        ("983544623", False),  # wrong check digit
        ("98354462", False),  # eight digits
        ("98354462a", False),
        ("", False),
    ],
)
def test_org_number_mod11(number, valid):
    assert org_number_is_valid(number) is valid


@pytest.mark.django_db
def test_organization_with_bad_org_number_is_refused():
    org = Organization(name="Feil", kind="directorate", org_number="983544623")
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert "org_number" in exc.value.message_dict


@pytest.mark.django_db
def test_municipality_number_must_have_four_digits():
    org = Organization(name="Feil kommune", kind="municipality", municipality_number="540")
    with pytest.raises(ValidationError):
        org.full_clean()


@pytest.mark.django_db
def test_roles_are_scoped_to_their_organization():
    a, b = MunicipalityFactory(), MunicipalityFactory()
    user = member(Role.CASE_OFFICER, a)
    assert has_role(user, a, Role.CASE_OFFICER)
    assert not has_role(user, a, Role.COMMITTEE_SECRETARY)
    assert not has_role(user, b, Role.CASE_OFFICER)
    assert organization_ids_for_user(user) == {a.pk}


def _reset_connections(app):
    """Make the Celery app reconnect with its current broker_url."""
    from kombu import pools

    app.pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()  # kombu keeps a process-wide producer pool per connection


@pytest.mark.django_db(transaction=True)
def test_outbox_keeps_a_job_until_it_can_be_sent():
    from django.db import transaction

    from config.celery import app

    previous = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    try:
        # Nothing listens on port 1: the broker is "down".
        app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
        _reset_connections(app)
        with transaction.atomic():
            outbox_enqueue(task_name="core.tasks.outbox_flush", key="test-job", kwargs={})
        job = OutboxTask.objects.get(key="test-job")
        assert job.sent_at is None and job.last_error
        # The broker is back (an in-memory one here): the kept job goes out.
        app.conf.update(broker_url="memory://")
        _reset_connections(app)
        assert outbox_flush() == 1
        assert OutboxTask.objects.get(key="test-job").sent_at is not None
    finally:
        app.conf.update(previous)
        _reset_connections(app)


@pytest.mark.django_db
def test_healthz_answers(client):
    assert client.get("/healthz").json() == {"status": "ok"}
