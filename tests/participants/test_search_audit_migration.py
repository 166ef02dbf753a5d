"""Migration 0032 on a database that has lived: audit entries forget the
texts staff typed (a register search, a pair's reason), and a group's survey keeps
its answers through the new columns."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from kaari.core import migrate

WHEN = "2026-01-01 00:00:00"


def _entries_at_0027(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO tenants (id, slug, name, default_language, languages, contact_name,"
                " contact_email, contact_phone, contact_address, brand_colour, logo_key,"
                " logo_mimetype, region, municipality, national_reporting, enabled, texts,"
                " settings, created_at) VALUES (7, 'vanha', 'Vanha', 'fi', '[\"fi\"]', '', '',"
                " '', '', '#123456', NULL, '', '', '', 0, 1, '{}', '{}', :when)"
            ),
            {"when": WHEN},
        )
        events = [
            ("people.exported", '{"filters": {"q": "Zofia W", "municipality": "Kerava",'
             ' "status": "waiting"}, "columns": ["name"]}'),
            ("pair.cancelled", '{"reason": "Zofia is ill"}'),
            ("pair.ended", '{"reason": "", "members": "waiting"}'),
            ("person.status", '{"old": "waiting", "new": "withdrawn"}'),
        ]  # fmt: skip
        for number, (action, details) in enumerate(events, 1):
            connection.execute(
                text(
                    "INSERT INTO tenant_audit_events (id, tenant_id, at, action, object_type,"
                    " object_id, ip, details) VALUES (:id, 7, :when, :action, '', '', '', :details)"
                ),
                {"id": number, "when": WHEN, "action": action, "details": details},
            )
        connection.execute(
            text(
                "INSERT INTO groups (id, tenant_id, name, status, venue, created_at)"
                " VALUES (3, 7, 'Ryhmä', 'planning', '', :when)"
            ),
            {"when": WHEN},
        )
        connection.execute(
            text(
                "INSERT INTO surveys (id, tenant_id, group_id, questions, status, opened_at)"
                " VALUES (4, 7, 3, '{}', 'closed', :when)"
            ),
            {"when": WHEN},
        )
        connection.execute(
            text(
                "INSERT INTO survey_responses (id, tenant_id, survey_id, role, source, answers)"
                " VALUES ('a1b2', 7, 4, 'actor', 'paper', '{\"satisfaction\": 5}')"
            )
        )
    engine.dispose()


def test_typed_texts_leave_the_audit_log_and_survey_answers_stay(tmp_path):
    url = f"sqlite:///{tmp_path / 'lived.sqlite'}"
    migrate.upgrade(url, "0027")
    _entries_at_0027(url)
    migrate.upgrade(url, "0032")
    engine = create_engine(url)
    with engine.connect() as connection:
        details = connection.execute(
            text("SELECT details FROM tenant_audit_events ORDER BY id")
        ).scalars()
        assert list(details) == [
            '{"filters": {"q": true, "municipality": true, "status": "waiting"},'
            ' "columns": ["name"]}',
            '{"reason_given": true}',
            '{"members": "waiting", "reason_given": false}',
            '{"old": "waiting", "new": "withdrawn"}',
        ]
        answers = connection.execute(text("SELECT answers FROM survey_responses")).scalars()
        assert list(answers) == ['{"satisfaction": 5}']
        released = connection.execute(text("SELECT remainder_released FROM surveys")).scalar()
        assert released == 0
    engine.dispose()
    migrate.downgrade(url, "0027")
