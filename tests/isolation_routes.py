"""Every route of the app, classified for the cross-tenant matrix.

A new route must be added here, or tests/test_isolation.py fails. Classes:
- public: no tenant, no login (directory, health, static, sign-in pages)
- account: a signed-in user's own pages, no tenant
- tenant_public: a tenant's public pages
- tenant_sign_in_step: a later step of signing in on a tenant's page (the TOTP code),
  reached only through the password step on the same tenant's page
- tenant_link: a tenant's pages reached by an emailed token
- tenant_staff: a tenant's staff pages (need a membership)
- tenant_participant: a participant's portal pages (need a portal session)
- platform: /platform/ (platform roles)
- national: /national/ (national analysts)
"""

from __future__ import annotations

from datetime import timedelta

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Person

ROUTES = {
    "static": "public",
    "directory.index": "public",
    "health.healthz": "public",
    "health.readyz": "public",
    "accounts.login": "public",
    "accounts.login_code": "public",
    "accounts.logout": "public",
    "accounts.forgot_password": "public",
    "accounts.reset_password": "public",
    "accounts.account": "account",
    "accounts.change_password": "account",
    "accounts.two_factor_setup": "account",
    "accounts.disable_two_factor": "account",
    "accounts.confirm_identity": "account",
    "public.landing": "tenant_public",
    "public.accessibility": "tenant_public",
    "public.logo": "tenant_public",
    "public.brand_css": "tenant_public",
    "accounts_tenant.tenant_login": "tenant_public",
    "accounts_tenant.tenant_login_code": "tenant_sign_in_step",
    "accounts_tenant.accept_invitation": "tenant_link",
    "dashboard.home": "tenant_staff",
    "dashboard.audit_log": "tenant_staff",
    "dashboard.texts": "tenant_staff",
    "dashboard.settings": "tenant_staff",
    "dashboard.security_settings": "tenant_staff",
    "dashboard.controller": "tenant_staff",
    "dashboard.publication": "tenant_staff",
    "programme.group_list": "tenant_staff",
    "programme.group": "tenant_staff",
    "programme.set_leaders": "tenant_staff",
    "programme.add_pairs": "tenant_staff",
    "programme.remove_pair": "tenant_staff",
    "programme.move_pair": "tenant_staff",
    "programme.plan": "tenant_staff",
    "programme.meeting": "tenant_staff",
    "programme.month": "tenant_staff",
    "programme_public.group_feed": "tenant_link",
    "programme_public.rsvp": "tenant_link",
    "programme.invite": "tenant_staff",
    "programme.attendance": "tenant_staff",
    "meeting_notes.notes": "tenant_staff",
    "programme.send_portal_links": "tenant_staff",
    "programme.pair": "tenant_staff",
    "programme.end_pair": "tenant_staff",
    "pair_facts.record_meeting": "tenant_staff",
    "pair_facts.delete_meeting": "tenant_staff",
    "pair_facts.paper_agreement": "tenant_staff",
    "pair_facts.remove_paper_agreement": "tenant_staff",
    "pair_facts.scan": "tenant_staff",
    "programme_reports.report": "tenant_staff",
    "programme_events.event_list": "tenant_staff",
    "programme_events.event": "tenant_staff",
    "programme_events.invite": "tenant_staff",
    "programme_events.attendance": "tenant_staff",
    "programme_public.person_feed": "tenant_link",
    "portal.enter": "tenant_link",
    "portal.request_link": "tenant_public",
    "portal.sign_out": "tenant_public",
    "portal.home": "tenant_participant",
    "portal.answer_meeting": "tenant_participant",
    "portal.agreement": "tenant_participant",
    "portal.sign_agreement": "tenant_participant",
    "portal.diary_page": "tenant_participant",
    "portal.diary_entry": "tenant_participant",
    "portal.delete_diary_entry": "tenant_participant",
    "portal.diary_sharing": "tenant_participant",
    "portal.keeps_log": "tenant_participant",
    "portal.own_data": "tenant_participant",
    "portal.data_request": "tenant_participant",
    "surveys.survey_list": "tenant_staff",
    "surveys.question_sets": "tenant_staff",
    "surveys.question": "tenant_staff",
    "surveys.change_question": "tenant_staff",
    "surveys.group_survey": "tenant_staff",
    "surveys.open_survey": "tenant_staff",
    "surveys.send_links": "tenant_staff",
    "surveys.change_status": "tenant_staff",
    "surveys.paper": "tenant_staff",
    "surveys.paper_entry": "tenant_staff",
    "surveys.results": "tenant_staff",
    "surveys_public.answer": "tenant_link",
    "polls.new_poll": "tenant_staff",
    "polls.poll": "tenant_staff",
    "polls.close": "tenant_staff",
    "staff_members.members": "tenant_staff",
    "staff_members.change_role": "tenant_staff",
    "staff_members.remove": "tenant_staff",
    "mail.mailing_list": "tenant_staff",
    "mail.new_mailing": "tenant_staff",
    "mail.mailing": "tenant_staff",
    "mail.retry": "tenant_staff",
    "mail.outbox": "tenant_staff",
    "mail.outbox_message": "tenant_staff",
    "mail_public.unsubscribe": "tenant_link",
    "intake.join": "tenant_public",
    "intake.thanks": "tenant_public",
    "intake.privacy": "tenant_public",
    "intake.register": "tenant_link",
    "participants.people": "tenant_staff",
    "participants.person": "tenant_staff",
    "participants.change_status": "tenant_staff",
    "participants.add_note": "tenant_staff",
    "participants.export": "tenant_staff",
    "participants.subject_access": "tenant_staff",
    "participants.erase": "tenant_staff",
    "participants.privacy_records": "tenant_staff",
    "participants.end_portal_access": "tenant_staff",
    "dashboard.logo": "tenant_staff",
    "data_requests.request_list": "tenant_staff",
    "data_requests.receive": "tenant_staff",
    "data_requests.answer": "tenant_staff",
    "data_copy.download_page": "tenant_link",
    "data_copy.download": "tenant_link",
    "participants.ask_reconfirm": "tenant_staff",
    "participants.bulk_status": "tenant_staff",
    "participants.refer_onward": "tenant_staff",
    "participants.save_filter": "tenant_staff",
    "participants.delete_filter": "tenant_staff",
    "participants_public.interest": "tenant_link",
    "register_import.upload": "tenant_staff",
    "staff_entry.choose_role": "tenant_staff",
    "staff_entry.add_person": "tenant_staff",
    "staff_entry.correct": "tenant_staff",
    "register_import.example_file": "tenant_staff",
    "register_import.columns": "tenant_staff",
    "register_import.use_saved": "tenant_staff",
    "register_import.details": "tenant_staff",
    "register_import.show": "tenant_staff",
    "register_import.confirm": "tenant_staff",
    "partners.partner_list": "tenant_staff",
    "partners.partner": "tenant_staff",
    "partners.referral_qr": "tenant_staff",
    "partners.referrals": "tenant_staff",
    "partners.own_referral_qr": "tenant_staff",
    "materials.referral_poster": "tenant_staff",
    "materials.partner_poster": "tenant_staff",
    "form_editor.form_list": "tenant_staff",
    "form_editor.form_page": "tenant_staff",
    "form_editor.question": "tenant_staff",
    "form_editor.change_question": "tenant_staff",
    "form_editor.builtin": "tenant_staff",
    "form_editor.preview": "tenant_staff",
    "matching.overview": "tenant_staff",
    "matching.run": "tenant_staff",
    "matching.proposal": "tenant_staff",
    "matching.accept": "tenant_staff",
    "matching.reject": "tenant_staff",
    "matching.pin": "tenant_staff",
    "matching.rules": "tenant_staff",
    "matching.pair_list": "tenant_staff",
    "joint_invitations.page": "tenant_staff",
    "matching.end_pair": "tenant_staff",
    "matching_public.answer": "tenant_link",
    "matching.ask_preferences": "tenant_staff",
    "matching_public.shortlist": "tenant_link",
    "platform_admin.tenants": "platform",
    "platform_admin.tenant": "platform",
    "platform_admin.toggle_enabled": "platform",
    "platform_admin.export_tenant": "platform",
    "platform_admin.delete_tenant": "platform",
    "platform_admin.audit_log": "platform",
    "platform_admin.rule_sets": "platform",
    "platform_admin.settings": "platform",
    "national.dashboard": "national",
    "national.table_csv": "national",
    "national.yearly_pdf": "national",
    "outcomes.group_outcomes": "tenant_staff",
    "outcomes.remove_outcome": "tenant_staff",
    "outcomes_public.follow_up": "tenant_link",
    "materials.pack": "tenant_staff",
    "materials.pair_pack": "tenant_staff",
    "materials.pair_agreement": "tenant_staff",
    "materials.section_list": "tenant_staff",
    "materials.section": "tenant_staff",
    "materials_portal.pair_pack": "tenant_participant",
    "materials_portal.pair_agreement": "tenant_participant",
    "materials.start_group_pack": "tenant_staff",
    "materials.group_pack": "tenant_staff",
    "materials.group_pack_file": "tenant_staff",
    "reports.page": "tenant_staff",
    "reports.count_again": "tenant_staff",
    "reports.table_csv": "tenant_staff",
    "reports.year_report": "tenant_staff",
}

# For each URL argument that names a tenant's object: how to find tenant B's
# object of that kind in the test world, and a form payload that would be
# valid for it. Later issues add their own argument names here.
OBJECT_ARGUMENTS = {
    "membership_id": lambda world: world.b.admin.membership_id,
    "mailing_id": lambda world: world.b.mailing_id,
    "message_id": lambda world: world.b.message_id,
    "person_id": lambda world: world.b.person_id,
    "partner_id": lambda world: world.b.partner_id,
    "link_id": lambda world: world.b.link_id,
    "filter_id": lambda world: world.b.filter_id,
    "run_id": lambda world: world.b.run_id,
    "pair_id": lambda world: world.b.pair_id,
    "group_id": lambda world: world.b.group_id,
    "meeting_id": lambda world: world.b.meeting_id,
    "invitation_id": lambda world: world.b.invitation_id,
    "entry_id": lambda world: world.b.entry_id,
    "outcome_id": lambda world: world.b.outcome_id,
    "pack_id": lambda world: world.b.group_pack_id,
    "poll_id": lambda world: world.b.poll_id,
    "request_id": lambda world: world.b.data_request_id,
    "import_id": lambda world: world.b.import_id,
}
FORM_DATA = {
    "staff_members.change_role": {"role": "partner"},
    "participants.change_status": {"status": "waiting"},
    "participants.add_note": {"kind": "note", "text": "A note"},
    "matching.end_pair": {"reason": "Moved away"},
    "programme.move_pair": {"reason": "Missed the kick-off"},
    "programme.end_pair": {"reason": "No time", "members": "waiting"},
    "portal.diary_sharing": {"allowed": "yes"},
    "portal.keeps_log": {"keeps": "no"},
    "pair_facts.record_meeting": {"met_on": "2027-01-05"},
    "pair_facts.paper_agreement": {"signed_on": "2027-01-05", "present": "actor"},
    "portal.data_request": {"kind": "access"},
    "surveys.send_links": {"audience": "everyone"},
    "surveys.change_status": {"action": "close"},
    "materials.start_group_pack": {"language": "fi"},
    "data_requests.receive": {"kind": "access"},
}


# For each tenant_link route: how to make a genuine link of tenant B's.
def _invitation_link(app, world) -> str:
    from kaari.accounts.services import invite, issue_invitation_token

    with app.app_context(), tenant_scope(world.b.tenant_id):
        raw = issue_invitation_token(invite("invitee@example.org", "partner", invited_by=None))
        db.session.commit()
    return f"/beta/invite/{raw}"


def _unsubscribe_link(app, world) -> str:
    from kaari.mail.services import unsubscribe_token

    with app.app_context():
        return f"/beta/unsubscribe/{unsubscribe_token(world.b.tenant_id, world.b.admin.email)}"


def _registration_link(app, world) -> str:
    from kaari.intake.services import issue_link

    with app.app_context(), tenant_scope(world.b.tenant_id):
        raw = issue_link(db.session.get(Person, world.b.person_id))
        db.session.commit()
    return f"/beta/register/{raw}"


def _interest_link(app, world) -> str:
    from kaari.participants.reconfirm import ANSWER_LINK

    with app.app_context():
        return f"/beta/interest/{ANSWER_LINK.dumps([world.b.person_id, world.b.tenant_id])}"


def _pair_answer_link(app, world) -> str:
    from kaari.matching.invitations import ANSWER_LINK

    with app.app_context():
        token = ANSWER_LINK.dumps([world.b.pair_id, world.b.person_id, world.b.tenant_id])
    return f"/beta/pair/{token}"


def _shortlist_link(app, world) -> str:
    from kaari.matching.preferences import SHORTLIST_LINK
    from kaari.tenancy.models import Tenant
    from kaari.tenancy.settings import change_setting

    with app.app_context():  # the page exists only where actors may rank
        change_setting(db.session.get(Tenant, world.b.tenant_id), "actor_preferences", True)
        db.session.commit()
        token = SHORTLIST_LINK.dumps([world.b.person_id, world.b.tenant_id])
    return f"/beta/mentors/{token}"


def _group_feed_link(app, world) -> str:
    from kaari.programme.groups.calendar import feed_token
    from kaari.programme.groups.models import Group

    with app.app_context(), tenant_scope(world.b.tenant_id):
        group = db.session.get(Group, world.b.group_id)
        return f"/beta/calendar/{feed_token(group)}.ics"


def _rsvp_link(app, world) -> str:
    from kaari.programme.groups.invitations import token_for
    from kaari.programme.groups.models import MeetingInvitation

    with app.app_context(), tenant_scope(world.b.tenant_id):
        invitation = db.session.get(MeetingInvitation, world.b.invitation_id)
        return f"/beta/meeting/{token_for(invitation)}"


def _person_feed_link(app, world) -> str:
    from kaari.programme.groups.calendar import feed_token

    with app.app_context(), tenant_scope(world.b.tenant_id):
        person = db.session.get(Person, world.b.person_id)
        return f"/beta/calendar/person/{feed_token(person)}.ics"


def portal_link(app, tenant_id: int, person_id: int) -> str:
    """A genuine portal link of the person (its page has the button that enters)."""
    from kaari.participants.portal_access import issue
    from kaari.tenancy.models import Tenant

    with app.app_context(), tenant_scope(tenant_id):
        raw = issue(db.session.get(Person, person_id), days=1)
        db.session.commit()
        return f"/{db.session.get(Tenant, tenant_id).slug}/portal/enter/{raw}"


def _portal_link(app, world) -> str:
    return portal_link(app, world.b.tenant_id, world.b.person_id)


def _follow_up_link(app, world) -> str:
    from kaari.programme.outcomes.follow_up_questions import token_for
    from kaari.programme.outcomes.models import FollowUp

    with app.app_context(), tenant_scope(world.b.tenant_id):
        question = FollowUp(person_id=world.b.person_id, group_id=world.b.group_id, months=3)
        db.session.add(question)
        db.session.commit()
        return f"/beta/follow-up/{token_for(question)}"


def _data_copy_link(app, world) -> str:
    from kaari.core.tokens import new_token
    from kaari.participants.models import DataRequest

    raw, token_digest = new_token()
    with app.app_context(), tenant_scope(world.b.tenant_id):
        db.session.add(DataRequest(person_id=world.b.person_id, kind="access", due_at=utcnow(),
                                   token_digest=token_digest,
                                   link_expires_at=utcnow() + timedelta(days=1)))  # fmt: skip
        db.session.commit()
    return f"/beta/my-data/{raw}"


def _survey_link(app, world) -> str:
    from kaari.programme.surveys.models import SurveyRecipient
    from kaari.programme.surveys.services import issue_token

    with app.app_context(), tenant_scope(world.b.tenant_id):
        recipient = SurveyRecipient(
            survey_id=world.b.survey_id, person_id=world.b.person_id, role="actor", invited=True
        )
        db.session.add(recipient)
        token = issue_token(recipient)
        db.session.commit()
        return f"/beta/survey/{token}"


LINKS = {
    "portal.enter": _portal_link,
    "programme_public.person_feed": _person_feed_link,
    "surveys_public.answer": _survey_link,
    "programme_public.rsvp": _rsvp_link,
    "programme_public.group_feed": _group_feed_link,
    "matching_public.shortlist": _shortlist_link,
    "matching_public.answer": _pair_answer_link,
    "participants_public.interest": _interest_link,
    "intake.register": _registration_link,
    "accounts_tenant.accept_invitation": _invitation_link,
    "mail_public.unsubscribe": _unsubscribe_link,
    "outcomes_public.follow_up": _follow_up_link,
    "data_copy.download_page": _data_copy_link,
    "data_copy.download": lambda app, world: _data_copy_link(app, world) + "/data.json",
}
