"""Aggregate rows, the only thing national reporting reads.

A nightly job counts each opted-in organisation's people per year into
`ReportFact` rows: a measure (a funnel stage, an outcome, a waiting-time band…), the
category within it, and the fixed dimensions. No row names a person, so nothing
personal can cross from an organisation to the national pages.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kaari.core.db import Base, utcnow
from kaari.core.scoping import TenantOwned


class ReportFact(TenantOwned, Base):
    """How many people of one organisation fall in one cell of one year."""

    __tablename__ = "report_facts"
    __table_args__ = (
        UniqueConstraint(
            "tenant_id",
            "year",
            "measure",
            "category",
            "role",
            "target_group",
            "isco_major",
            "isced_broad",
            name="uq_report_facts_cell",
        ),
        Index("ix_report_facts_year_measure", "year", "measure"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    measure: Mapped[str] = mapped_column(String(40))  # e.g. "funnel", "outcome_end"
    category: Mapped[str] = mapped_column(String(40), default="")  # e.g. "matched"
    role: Mapped[str] = mapped_column(String(10), default="")  # actor, mentor or ""
    target_group: Mapped[str] = mapped_column(String(40), default="")  # the group's key
    isco_major: Mapped[str] = mapped_column(String(1), default="")  # ISCO-08 major group
    isced_broad: Mapped[str] = mapped_column(String(2), default="")  # ISCED-F broad field
    people: Mapped[int] = mapped_column(default=0)
    refreshed_at: Mapped[datetime] = mapped_column(default=utcnow)


class NationalFact(Base):
    """People summed over every organisation that reports nationally, for one year,
    measure, category and one value of one fixed dimension (role, region, target
    group, ISCO major group, ISCED broad field, or an organisation's id).

    Platform data, not tenant-owned: rebuilt from `ReportFact` by
    `kaari.reporting.rollup`, so that the national pages read a few thousand rows
    however many people the organisations have.
    """

    __tablename__ = "national_facts"
    __table_args__ = (
        UniqueConstraint(
            "year", "measure", "category", "dimension", "value", name="uq_national_facts_cell"
        ),
        Index("ix_national_facts_dimension_year", "dimension", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    measure: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(40))
    dimension: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(80))
    people: Mapped[int]


class ReportCache(TenantOwned, Base):
    """The staff reports page of one period in one language, as its tables were
    computed at `computed_at`: counting them is a pass over the whole register, so the
    page reads this row and counts again only when it is from an earlier day (or on
    request); the nightly job recounts this year's and last year's. See
    `kaari.reporting.cache`."""

    __tablename__ = "report_caches"
    __table_args__ = (
        UniqueConstraint(
            "tenant_id", "period_start", "period_end", "language", name="uq_report_caches_period"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_start: Mapped[date]
    period_end: Mapped[date]  # the first day after the period
    language: Mapped[str] = mapped_column(String(10))
    tables: Mapped[list] = mapped_column(JSON, default=list)  # [{key, title, header, rows, chart}]
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
