"""Status vocabularies: stored as their strings, labelled in the request's language."""

import pytest
from flask_babel import force_locale, get_translations
from wtforms import SelectChoice

from kaari.mail.models import MessageStatus
from kaari.matching.models import PairStatus
from kaari.participants.models import EXIT_STATUSES, ParticipantStatus, PersonRole
from kaari.programme.groups.models import GroupStatus

VOCABULARIES = (ParticipantStatus, PersonRole, PairStatus, MessageStatus, GroupStatus)


@pytest.mark.parametrize(
    ("member", "fi", "sv"),
    [
        (ParticipantStatus.WAITING, "Odottaa paria", "Väntar på ett par"),
        (PairStatus.PROPOSED, "Hyväksytty, ei vielä kutsuttu", "Godkänt, inte ännu inbjudet"),
        (MessageStatus.SENDING, "Lähetetään", "Skickas"),
        (GroupStatus.PLANNING, "Suunnitteilla", "Planeras"),
    ],
)
def test_a_label_follows_the_language(app, member, fi, sv):
    with app.test_request_context("/"):
        with force_locale("fi"):
            assert str(member.label) == fi
        with force_locale("sv"):
            assert str(member.label) == sv
        with force_locale("en"):
            assert str(member.label) != fi


@pytest.mark.parametrize("vocabulary", VOCABULARIES)
def test_every_label_is_translated_into_finnish_and_swedish(app, vocabulary):
    with app.test_request_context("/"):
        for language in ("fi", "sv"):
            with force_locale(language):
                catalogue = get_translations()._catalog
                for member in vocabulary:
                    assert catalogue.get(member.label._args[0]), (language, member)


def test_a_member_is_its_stored_string():
    assert ParticipantStatus.WAITING == "waiting"
    assert ParticipantStatus("waiting") is ParticipantStatus.WAITING
    assert "withdrawn" in EXIT_STATUSES
    assert "waiting" in ParticipantStatus.values() and "nonsense" not in ParticipantStatus.values()
    assert f"{PairStatus.ENDED}" == "ended"


def test_labels_choices_and_an_unknown_value(app):
    with app.test_request_context("/"), force_locale("en"):
        assert list(GroupStatus.labels()) == ["planning", "running", "closed"]
        choices = PairStatus.choices([PairStatus.INVITED, PairStatus.ENDED])
        assert all(isinstance(choice, SelectChoice) for choice in choices)
        assert [(c.value, str(c.label)) for c in choices] == [
            ("invited", "Invited"),
            ("ended", "Ended early"),
        ]
        assert str(MessageStatus.label_of("queued")) == "Waiting"
        assert MessageStatus.label_of("gone") == "gone"
