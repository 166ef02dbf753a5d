"""`kaari check` names every setting that would stop a good start, and what to do."""

from __future__ import annotations

import os

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from click.testing import CliRunner

from kaari.cli import main
from kaari.core import migrate
from kaari.core.config import load_config
from kaari.ops.checks import ERROR, OK, WARNING, run_checks
from tests.mail.smtp_sink import Sink, free_port

GOOD_SECRET = "k" * 48
# The test SMTP server asks for a password over plain SMTP on loopback, on purpose.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def _accept_only(username: bytes, password: bytes):
    def authenticate(server, session, envelope, mechanism, auth_data):
        good = auth_data.login == username and auth_data.password == password
        return AuthResult(success=good, handled=False)  # handled=False: the server says 535

    return authenticate


@pytest.fixture
def smtp_with_login():
    port = free_port()
    controller = Controller(
        Sink(),
        hostname="127.0.0.1",
        port=port,
        authenticator=_accept_only(b"kaari", b"right-password"),
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    yield port
    controller.stop()


def _findings(**env) -> dict[str, list[tuple[str, str]]]:
    by_setting: dict[str, list[tuple[str, str]]] = {}
    for finding in run_checks(load_config(env)):
        by_setting.setdefault(finding.setting, []).append((finding.level, finding.message))
    return by_setting


def _levels(findings, setting: str) -> list[str]:
    return [level for level, _message in findings[setting]]


@pytest.fixture
def migrated_sqlite(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'kaari.sqlite'}"
    migrate.upgrade(url)
    return url


def test_a_good_development_setup_has_no_errors(migrated_sqlite, smtp_with_login):
    findings = _findings(
        DATABASE_URL=migrated_sqlite,
        SECRET_KEY=GOOD_SECRET,
        MAIL_URL=f"smtp://kaari:right-password@127.0.0.1:{smtp_with_login}",
        MAIL_FROM="Kaari <kaari@example.org>",
    )
    assert _levels(findings, "DATABASE_URL") == [OK]
    assert _levels(findings, "migrations") == [OK]
    assert _levels(findings, "MAIL_URL") == [OK]
    assert _levels(findings, "REDIS_URL") == [WARNING]  # jobs inline: fine for development
    assert not [f for f in findings.values() for level, _ in f if level == ERROR]


def test_production_names_every_unsafe_setting_at_once(migrated_sqlite):
    findings = _findings(
        KAARI_ENV="production",
        SECRET_KEY="short",
        BASE_URL="http://kaari.example.org",
        DATABASE_URL=migrated_sqlite,
    )
    assert findings["SECRET_KEY"] == [(ERROR, "only 5 characters; use at least 32 random ones")]
    assert _levels(findings, "BASE_URL") == [ERROR]
    assert "PostgreSQL" in findings["DATABASE_URL"][0][1]
    assert _levels(findings, "REDIS_URL") == [ERROR]
    assert _levels(findings, "MAIL_URL") == [ERROR]
    assert _levels(findings, "MAIL_FROM") == [ERROR]


def test_pending_migrations_say_which_command_to_run(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    migrate.upgrade(url, "0024")
    ((level, message),) = _findings(DATABASE_URL=url)["migrations"]
    assert level == ERROR
    assert "kaari db upgrade" in message


def test_an_unreachable_database_is_named_without_its_password():
    findings = _findings(DATABASE_URL="postgresql+psycopg://kaari:hunter2@127.0.0.1:1/kaari")
    ((level, message),) = findings["DATABASE_URL"]
    assert level == ERROR
    assert message == "cannot connect to 127.0.0.1:1/kaari (OperationalError)"


def test_a_wrong_mail_password_is_caught_before_the_first_mail(smtp_with_login):
    findings = _findings(MAIL_URL=f"smtp://kaari:wrong@127.0.0.1:{smtp_with_login}")
    ((level, message),) = findings["MAIL_URL"]
    assert level == ERROR
    assert message.startswith(f"127.0.0.1:{smtp_with_login} did not take us: 535")


def test_files_need_a_writable_folder_or_the_database(tmp_path):
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o500)
    findings = _findings(STORAGE_URL=read_only.as_uri())
    if os.geteuid() != 0:  # root writes anywhere
        assert findings["STORAGE_URL"] == [(ERROR, f"cannot write to {read_only}")]
    writable = _findings(STORAGE_URL=(tmp_path / "files").as_uri())["STORAGE_URL"]
    assert writable == [(OK, f"files are kept under {tmp_path / 'files'}")]
    assert _findings(STORAGE_URL="s3://bucket")["STORAGE_URL"][0][0] == ERROR
    production = _findings(KAARI_ENV="production", STORAGE_URL=(tmp_path / "files").as_uri())
    assert production["STORAGE_URL"][0][0] == ERROR
    assert _findings(STORAGE_URL="database:")["STORAGE_URL"] == [
        (OK, "files are kept in the database")
    ]


def test_unreachable_redis_is_an_error():
    findings = _findings(REDIS_URL="redis://127.0.0.1:1/0")
    assert findings["REDIS_URL"] == [(ERROR, "cannot connect to 127.0.0.1:1 (ConnectionError)")]


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis server at REDIS_URL")
def test_redis_must_not_evict_jobs():
    ((level, message),) = _findings(REDIS_URL=os.environ["REDIS_URL"])["REDIS_URL"]
    assert (level, message.split(",")[-1].strip()) == (OK, "maxmemory-policy noeviction")


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL")
def test_the_app_role_must_not_bypass_row_level_security(database_urls):
    superuser = _findings(DATABASE_URL=os.environ["TEST_DATABASE_URL"])["DATABASE_URL"]
    assert ERROR in [level for level, _ in superuser]
    assert "row-level security" in superuser[-1][1]
    app_role = _findings(DATABASE_URL=database_urls[0])["DATABASE_URL"]
    assert [level for level, _ in app_role] == [OK]


def test_off_postgresql_the_cross_tenant_url_is_the_same_database(migrated_sqlite):
    findings = _findings(DATABASE_URL=migrated_sqlite)
    assert _levels(findings, "CROSS_TENANT_DATABASE_URL") == [OK]
    other = _findings(DATABASE_URL=migrated_sqlite, CROSS_TENANT_DATABASE_URL="sqlite:///x")
    assert _levels(other, "CROSS_TENANT_DATABASE_URL") == [ERROR]


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL")
def test_the_cross_tenant_role_is_checked_and_the_app_role_kept_out_of_it(app, database_urls):
    app_url, owner_url = database_urls
    cross_url = app.config["CROSS_TENANT_DATABASE_URL"]

    def cross(**env) -> list[tuple[str, str]]:
        return _findings(DATABASE_URL=app_url, **env)["CROSS_TENANT_DATABASE_URL"]

    assert [level for level, _ in cross(CROSS_TENANT_DATABASE_URL=cross_url)] == [OK]
    ((level, message),) = cross()
    assert level == WARNING and "not set" in message
    ((level, message),) = cross(KAARI_ENV="production")
    assert level == ERROR
    ((level, message),) = cross(CROSS_TENANT_DATABASE_URL=app_url.replace("kaari_app", "nobody"))
    assert level == ERROR and "cannot connect" in message
    ((level, message),) = cross(CROSS_TENANT_DATABASE_URL=os.environ["TEST_DATABASE_URL"])
    assert level == ERROR and "superuser" in message
    ((level, message),) = cross(CROSS_TENANT_DATABASE_URL=owner_url)
    assert level == ERROR and "owns tables" in message
    ((level, message),) = cross(CROSS_TENANT_DATABASE_URL=f"{app_url}?application_name=x")
    assert level == ERROR and "not a member" in message


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL")
def test_an_app_role_that_can_switch_on_cross_tenant_reads_is_an_error(database_urls):
    """The owner is a member of kaari_cross (for migrations): as DATABASE_URL it is
    named, though it is neither superuser nor exempt from row-level security."""
    ((level, message),) = _findings(DATABASE_URL=database_urls[1])["DATABASE_URL"][1:]
    assert level == ERROR and "across tenants" in message


def test_the_command_exits_with_1_and_lists_the_problems(migrated_sqlite):
    result = CliRunner().invoke(
        main,
        ["check"],
        env={
            "KAARI_ENV": "production",
            "SECRET_KEY": "",
            "DATABASE_URL": migrated_sqlite,
            "REDIS_URL": None,
            "MAIL_URL": None,
        },
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].split() == ["ok", "KAARI_ENV", "production"]
    assert any(line.startswith("error    SECRET_KEY") for line in lines)
    assert any(line.startswith("error    TOTP_ENCRYPTION_KEY") for line in lines)
    assert lines[-1] == "7 error(s)"


@pytest.mark.parametrize(
    ("setting", "value"), [("LOG_LEVEL", "loud"), ("LOG_FORMAT", "xml"), ("PROXY_HOPS", "one")]
)
def test_a_bad_setting_is_named_before_anything_starts(setting, value):
    result = CliRunner().invoke(main, ["check"], env={setting: value})
    assert result.exit_code == 1
    assert result.output.startswith(f"error    settings     {setting} must be")


def test_a_misspelt_environment_is_named_not_a_traceback():
    result = CliRunner().invoke(main, ["check"], env={"KAARI_ENV": "prod"})
    assert result.exit_code == 1
    assert "KAARI_ENV must be one of development, production, not 'prod'" in result.output
    assert "Traceback" not in result.output
