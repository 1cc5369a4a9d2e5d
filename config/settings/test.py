"""Settings for the test suite: fast hashing, local memory e-mail, SQLite unless DATABASE_URL."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file (not :memory:) so that a real Celery worker process can share the test database.
    # One file per test process so that parallel runs never share (and clobber) a database.
    # base.py's OPTIONS (IMMEDIATE transactions, WAL, busy timeout) apply to it as they do to
    # db.sqlite3: the live server's threads and the worker write to it alongside the tests.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")}  # noqa: F405
