"""Migration 0041 on a database that has lived: the group's feedback survey keeps its
answers through the copy of `surveys` on SQLite, a group may then have polls beside
it but still one feedback survey, and the downgrade takes the polls away."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, exc, text

from kaari.core import migrate

WHEN = "2026-01-01 00:00:00"
SURVEY = (
    "INSERT INTO surveys (id, tenant_id, group_id, questions, status, opened_at{extra})"
    " VALUES (:id, 7, 3, '{{}}', 'closed', :when{values})"
)


def _a_group_with_a_feedback_survey(url: str) -> None:
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
        connection.execute(
            text(
                "INSERT INTO groups (id, tenant_id, name, status, venue, created_at)"
                " VALUES (3, 7, 'Ryhmä', 'planning', '', :when)"
            ),
            {"when": WHEN},
        )
        connection.execute(text(SURVEY.format(extra="", values="")), {"id": 4, "when": WHEN})
        connection.execute(
            text(
                "INSERT INTO survey_responses (id, tenant_id, survey_id, role, source, answers)"
                " VALUES ('a1b2', 7, 4, 'actor', 'paper', '{\"satisfaction\": 5}')"
            )
        )
    engine.dispose()


def _survey(connection, survey_id: int, kind: str) -> None:
    connection.execute(
        text(SURVEY.format(extra=", kind", values=", :kind")),
        {"id": survey_id, "when": WHEN, "kind": kind},
    )


def test_feedback_answers_stay_and_polls_come_and_go(tmp_path):
    url = f"sqlite:///{tmp_path / 'lived.sqlite'}"
    migrate.upgrade(url, "0040")
    _a_group_with_a_feedback_survey(url)
    migrate.upgrade(url, "0041")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        answers = connection.execute(text("SELECT answers FROM survey_responses")).scalars()
        assert list(answers) == ['{"satisfaction": 5}']
        assert connection.execute(text("SELECT kind, title FROM surveys")).one() == (
            "feedback",
            "{}",
        )
        _survey(connection, 5, "poll")
        _survey(connection, 6, "poll")
    with pytest.raises(exc.IntegrityError), engine.begin() as connection:
        _survey(connection, 8, "feedback")
    engine.dispose()

    migrate.downgrade(url, "0040")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        assert list(connection.execute(text("SELECT id FROM surveys")).scalars()) == [4]
        assert connection.execute(text("SELECT count(*) FROM survey_responses")).scalar() == 1
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        # The copied table is still the responses' parent: removing it takes them along.
        connection.execute(text("DELETE FROM surveys"))
        assert connection.execute(text("SELECT count(*) FROM survey_responses")).scalar() == 0
    engine.dispose()
