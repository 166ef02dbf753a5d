"""Every form of a tenant, filled with bad input: nothing breaks, nothing typed is lost.

The forms are found the way a browser finds them: each page of tenant A that a
visitor, a participant or an admin can open is read, and every POST form on it
is posted with values hypothesis makes up (unicode with control and astral
characters, huge strings, words where numbers or dates belong, fields left out
or sent twice). No answer is a 500. A 400 shows the form again with an error
message (the summary of a form's errors, or the one alert of a single-question
page) and at least one text the user typed; only a request no page could have
made (a choice that was never offered, a missing hidden field), with nothing
typed to lose, may get the plain error page instead.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

import pytest
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaari.errors import MESSAGES
from tests.alpha_world import complete_alpha, role_client, sample_url
from tests.helpers import World
from tests.isolation_routes import ROUTES

# The route classes whose forms each kind of user fills.
USERS = {
    "anonymous": ("tenant_public", "tenant_link"),
    "participant": ("tenant_participant",),
    "admin": ("tenant_staff",),
}
# Signing out is a form too, but fuzzing it would end the session the others need.
SIGN_OUTS = ("accounts.logout", "portal.sign_out")
# POST routes whose form no page of the test world shows, and why.
NOT_SHOWN = {
    "portal.sign_out": "signing out would end the session",
    "matching_public.shortlist": "no mentor is free for the actor to rank",
    "portal.sign_agreement": "the pair has not written its agreement yet",
    "mail.retry": "no message has failed",
    "matching.accept": "the matching run has no proposals",
    "matching.reject": "the matching run has no proposals",
    "matching.pin": "the matching run has no proposals",
    "joint_invitations.page": "no accepted pair is waiting for its invitation",
    "matching.ask_preferences": "the tenant has not turned actor preferences on",
    "participants.refer_onward": "the person is in a target group",
    "programme.add_pairs": "no confirmed pair is waiting for a group",
    "programme.move_pair": "the tenant has no second group to move to",
    "programme_events.attendance": "nobody is invited to the event",
    "surveys.open_survey": "the group's survey is open already",
    "pair_facts.delete_meeting": "staff have recorded no meeting in this world",
    "pair_facts.remove_paper_agreement": "no paper agreement has been recorded",
}
EXAMPLES = 5
# Each form field's typed value can be at most this long (the whole request stays
# under MAX_CONTENT_LENGTH, so the fuzzing reaches the forms, not the 413).
HUGE = 100_000

UNICODE = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
ASTRAL = st.text(st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF), min_size=1)
CONTROL = st.text(st.characters(max_codepoint=0x1F), min_size=1, max_size=5)
WRONG_TYPES = st.sampled_from(
    ["abc", "-1", "0", "1e309", "NaN", "2026-02-30", "31.12.2026", "99999999999999999999", " "]
)
HUGE_TEXT = st.integers(min_value=1, max_value=HUGE).map(lambda n: ("Ää€𝄞" * n)[:n])
VALUE = st.one_of(UNICODE, ASTRAL, CONTROL, WRONG_TYPES, HUGE_TEXT)
# A field is left out (no values), sent once, or sent twice.
FIELD = st.lists(VALUE, min_size=0, max_size=2)
# Inputs whose typed text a form shows again (passwords are typed but never shown).
FREE_TEXT = (None, "text", "email", "number", "date", "tel", "url", "search")
NOT_SENT = ("submit", "button", "image", "reset", "file")


class _Forms(HTMLParser):
    """The POST forms of a page: action, hidden fields, the texts a user types (and
    which of them the form may show again), and the offered values of each choice."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            if (attributes.get("method") or "get").lower() == "post":
                self._form = {"action": attributes.get("action"), "hidden": {},
                              "typed": [], "shown": set(), "choices": {},
                              "one_of": set(), "at_most_one": set()}  # fmt: skip
                self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "option" and self._select:
            self._form["choices"][self._select].append(attributes.get("value") or "")
            return
        name, kind = attributes.get("name"), attributes.get("type")
        if not name or tag not in ("input", "textarea", "select") or kind in NOT_SENT:
            return
        if kind == "hidden":
            self._form["hidden"][name] = attributes.get("value") or ""
        elif tag == "select":
            self._select = name
            self._form["choices"].setdefault(name, [])
            if "multiple" not in attributes:
                self._form["one_of"].add(name)
        elif kind in ("radio", "checkbox"):
            self._form["choices"].setdefault(name, []).append(attributes.get("value") or "on")
            if kind == "radio":
                self._form["at_most_one"].add(name)
        elif name not in self._form["typed"]:
            self._form["typed"].append(name)
            if tag == "textarea" or kind in FREE_TEXT:
                self._form["shown"].add(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _fields(form: dict):
    """Bad texts in the typed fields; in the choices, what a browser can send: one offered
    value of a select, one or no radio button, any of the checkboxes."""
    fields = dict.fromkeys(form["typed"], FIELD)
    for name, offered in form["choices"].items():
        if not offered:
            continue
        values = st.sampled_from(offered)
        if name in form["one_of"]:
            fields[name] = st.lists(values, min_size=1, max_size=1)
        elif name in form["at_most_one"]:
            fields[name] = st.lists(values, max_size=1)
        else:
            fields[name] = st.lists(values, max_size=len(offered), unique=True)
    return st.fixed_dictionaries(fields)


def _forms_of(client, page: str) -> list[dict]:
    response = client.get(page)
    if response.mimetype != "text/html":
        return []  # a PDF, CSV or calendar
    parser = _Forms()
    parser.feed(response.get_data(as_text=True))
    for form in parser.forms:
        form["action"] = (form["action"] or page).split("#")[0]
        form["page"] = page
    return parser.forms


def _pages(app, world: World, alpha, classes: tuple[str, ...]) -> list[str]:
    pages = []
    for rule in app.url_map.iter_rules():
        if ROUTES.get(rule.endpoint) in classes and "GET" in rule.methods:
            pages.append(sample_url(app, rule, world, alpha))
    return sorted(set(pages))


def _error_page_title(app, html: str) -> str:
    """The title of the plain 400 page, in the page's language."""
    language = re.search(r'<html lang="(\w+)"', html).group(1)
    with app.test_request_context(), force_locale(language):
        return str(MESSAGES[400][0])


def _typed(form: dict, sent: dict[str, list[str]]) -> list[str]:
    """The non-blank texts typed into free-text fields (a field sent twice is read as
    its first value, as the form reads it)."""
    first = [values[0].strip() for name, values in sent.items() if name in form["shown"]]
    return [value for value in first if value]


def _fuzz(client, form: dict, endpoint_of, problems: list):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(_fields(form))
    def post_bad_input(fields):
        # As a browser: the page is loaded afresh (its CSRF token, its hidden ids), then sent.
        hidden = next(
            (again["hidden"] for again in _forms_of(client, form["page"])
             if again["action"] == form["action"]),
            None,
        )  # fmt: skip
        if hidden is None:
            return  # an earlier example removed the object the form was about
        sent = {name: values for name, values in fields.items() if values}
        response = client.post(form["action"], data={**hidden, **sent})
        html = response.get_data(as_text=True)
        where = (endpoint_of(form["action"]), response.status_code)
        if response.status_code >= 500:
            problems.append((*where, "server error", sent))
        elif response.status_code == 400 and response.mimetype == "text/html":
            typed = _typed(form, sent)
            if "error-summary" in html or 'role="alert"' in html:
                if typed and not any(escape(value) in html for value in typed):
                    problems.append((*where, "nothing typed comes back", sent))
            elif typed:  # the plain error page: what the user typed is lost
                problems.append((*where, "typed text lost on a page without the form", sent))
            elif _error_page_title(client.app, html) not in html:
                problems.append((*where, "a 400 without any message", sent))

    post_bad_input()


@pytest.mark.parametrize("user", USERS)
def test_every_form_survives_bad_input(app, world, user):
    alpha = complete_alpha(app, world)
    world = World(a=alpha.side, b=world.b)
    client, _form_page = role_client(app, world, user)
    adapter = app.url_map.bind("localhost")

    def endpoint_of(action: str) -> str:
        return adapter.match(action.split("?")[0], method="POST")[0]

    forms = {}
    for page in _pages(app, world, alpha, USERS[user]):
        for form in _forms_of(client, page):
            endpoint = endpoint_of(form["action"])
            if ROUTES.get(endpoint) in USERS[user] and endpoint not in SIGN_OUTS:
                forms.setdefault(form["action"], form)
    problems: list = []
    for form in forms.values():
        _fuzz(client, form, endpoint_of, problems)
    posts = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and ROUTES.get(rule.endpoint) in USERS[user]
    }
    fuzzed = {endpoint_of(action) for action in forms}
    assert posts - fuzzed == posts & NOT_SHOWN.keys(), "a form no page of the world shows"
    assert not problems, "\n".join(repr(problem)[:500] for problem in problems)
