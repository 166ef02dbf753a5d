"""Every model module, imported so that the metadata is complete (Alembic, tests)."""

from kaari.accounts import models as accounts_models
from kaari.audit import models as audit_models
from kaari.core import schedule
from kaari.core.db import Base
from kaari.core.storage import database as storage_models
from kaari.intake import models as intake_models
from kaari.intake.imports import models as import_models
from kaari.mail import models as mail_models
from kaari.matching import models as matching_models
from kaari.materials import models as materials_models
from kaari.participants import models as participants_models
from kaari.platform_admin import models as platform_models
from kaari.programme.groups import models as group_models
from kaari.programme.outcomes import models as outcome_models
from kaari.programme.surveys import models as survey_models
from kaari.reporting import models as reporting_models
from kaari.tenancy import models as tenancy_models

metadata = Base.metadata

__all__ = [
    "accounts_models",
    "audit_models",
    "group_models",
    "import_models",
    "intake_models",
    "mail_models",
    "matching_models",
    "materials_models",
    "metadata",
    "outcome_models",
    "participants_models",
    "platform_models",
    "reporting_models",
    "schedule",
    "storage_models",
    "survey_models",
    "tenancy_models",
]
