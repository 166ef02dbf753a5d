"""Tenant settings: each domain declares its own, a tenant stores only what differs.

A domain declares its settings at import in a `SettingsProxy` (key, default, bounds,
further checks, and a translated label if a settings page shows it), registers the
proxy from its `init_app` with `register_settings`, and reads with
`proxy.get(tenant, key)`. Stored keys are flat (`tenant.settings["arc_months"]`), so
a setting can move between domains without a migration. The bundle loader, the
settings pages and templates (`tenant.setting(key)`) see every registered setting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l

from kaari.core.domains import RegistrationError, record, registering_domain

# The settings pages: what admins and coordinators change, and the controller's
# decisions (two-factor sign-in, portal links, retention) that only an admin changes,
# after giving the password again, each change audited with its old and new value
# (docs/SECURITY.md, "Who may change security and retention settings").
PROGRAMME_PAGE = "programme"
CONTROLLER_PAGE = "controller"
PAGES = (PROGRAMME_PAGE, CONTROLLER_PAGE)


@dataclass(frozen=True)
class Setting:
    """One tenant setting as its domain declares it.

    `default` fixes the type: a value must have exactly that type (`90`, not `"90"`).
    `bounds` limits a whole number, or each item of a list of them; `check` is any
    further test. With a `page` and a `label` (and `help`), the settings page shows
    it; `invalid` is the page's message for a value that `check` (or, for a list,
    `bounds`) turns down.
    """

    key: str
    default: Any
    bounds: tuple[int, int] | None = None
    check: Callable[[Any], bool] | None = None
    page: str | None = None
    label: Any = None
    help: Any = None
    invalid: Any = None

    def problem(self, value: Any) -> str | None:
        """What is wrong with `value` (in English, for bundle errors), or None."""
        expected = type(self.default)
        if type(value) is not expected:
            return f"expected {expected.__name__}, got {type(value).__name__}"
        items = value if expected is list else [value]
        if expected is list and not all(type(item) is int for item in items):
            return "expected a list of whole numbers, e.g. [3, 6, 12]"
        if self.bounds is not None and not all(
            self.bounds[0] <= item <= self.bounds[1] for item in items
        ):
            low, high = self.bounds
            return f"expected {'whole numbers' if expected is list else 'a number'} from {low} to {high}"
        if self.check is not None and not self.check(value):
            return f"{value!r} is not accepted"
        return None


class SettingsProxy:
    """The settings of one domain: declared at import, read with `get`.

    A declaration that contradicts itself (a key twice, a default its own checks turn
    down, a page without a label) fails here, when the domain's module is imported.
    """

    def __init__(self, domain: str, *settings: Setting) -> None:
        self.domain = domain
        self.settings: dict[str, Setting] = {}
        for setting in settings:
            if setting.key in self.settings:
                raise ValueError(f"{domain}: setting {setting.key!r} declared twice")
            if (problem := setting.problem(setting.default)) is not None:
                raise ValueError(f"{domain}: default of {setting.key!r}: {problem}")
            if setting.page is not None and (setting.page not in PAGES or setting.label is None):
                raise ValueError(f"{domain}: {setting.key!r} needs a label and a known page")
            if (
                setting.page is not None
                and setting.invalid is None
                and (setting.check is not None or isinstance(setting.default, list))
            ):
                raise ValueError(f"{domain}: {setting.key!r} needs the page's message `invalid`")
            self.settings[setting.key] = setting

    def get(self, tenant, key: str) -> Any:
        """The tenant's value of one of this domain's settings, or its default."""
        if key not in self.settings:
            raise KeyError(f"{key!r} is not a setting of {self.domain}")
        return (tenant.settings or {}).get(key, self.settings[key].default)


# Every registered setting by key, in registration order (the layer order of DOMAINS).
DECLARED: dict[str, Setting] = {}


def register_settings(proxy: SettingsProxy) -> None:
    """Register a domain's settings (from that domain's `init_app`)."""
    domain = registering_domain()
    if proxy.domain != domain:
        raise RegistrationError(f"{domain} registers the settings of {proxy.domain}")
    for key, setting in proxy.settings.items():
        if key in DECLARED and DECLARED[key] is not setting:
            raise RegistrationError(f"setting {key!r} is declared by two domains")
        record("setting", key)
        DECLARED[key] = setting


def on_page(page: str) -> list[Setting]:
    """The settings a settings page shows, in registration order."""
    return [setting for setting in DECLARED.values() if setting.page == page]


def setting(tenant, key: str) -> Any:
    """Any registered setting of the tenant (templates read this way)."""
    if key not in DECLARED:
        raise KeyError(f"unknown tenant setting {key!r}")
    return (tenant.settings or {}).get(key, DECLARED[key].default)


def validate_settings(values: dict[str, Any]) -> list[str]:
    """Return one message per unknown key or value its declaration turns down."""
    errors = []
    for key, value in values.items():
        if key not in DECLARED:
            errors.append(f"settings.{key}: unknown setting")
        elif (problem := DECLARED[key].problem(value)) is not None:
            errors.append(f"settings.{key}: {problem}")
    return errors


def change_setting(tenant, key: str, value: Any) -> None:
    """Store one setting of the tenant (checked like a bundle's); a default is dropped."""
    errors = validate_settings({key: value})
    if errors:
        raise ValueError(errors[0])
    values = {k: v for k, v in (tenant.settings or {}).items() if k != key}
    if value != DECLARED[key].default:
        values[key] = value
    tenant.settings = values


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


tenancy_settings = SettingsProxy(
    "tenancy",
    Setting(
        "timezone",
        "Europe/Helsinki",
        check=lambda zone: zone in _zones(),
        page=PROGRAMME_PAGE,
        label=_l("Time zone"),
        help=_l("Meeting times are entered and shown in it, e.g. Europe/Helsinki."),
        invalid=_l("Choose a time zone such as Europe/Helsinki."),
    ),
    # The version of the privacy notice that consents are given to; it follows the
    # notice's wording (tenancy.services.publish_privacy_notice), not set by hand.
    Setting("privacy_notice_version", 1),
    # Who answers data protection questions, as the default privacy notice names them;
    # empty: the organisation's contact. Set on the controller's contact page.
    Setting("data_protection_contact", "", check=lambda text: len(text) <= 300),
)
