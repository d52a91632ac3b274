"""The data types that flow through hcai-path once the input boundary has validated them."""

from __future__ import annotations

import datetime as dt
import functools
from enum import StrEnum
from typing import NamedTuple

STALE_AFTER_MONTHS = 18


class ProgramType(StrEnum):
    """The three pathways of the field."""

    ACADEMIC = "academic"
    PROFESSIONAL = "professional"
    EXECUTIVE = "executive"


class Credential(StrEnum):
    """What a learner holds at the end."""

    DOCTORATE = "doctorate"
    MASTERS = "masters"
    GRADUATE_CERTIFICATE = "graduate-certificate"
    CERTIFICATE = "certificate"
    CERTIFICATION = "certification"
    SPECIALIZATION = "specialization"
    COURSE = "course"


class Delivery(StrEnum):
    """How a program is taught."""

    ONLINE = "online"
    IN_PERSON = "in-person"
    HYBRID = "hybrid"


TYPE_MEANINGS: dict[str, str] = {
    ProgramType.ACADEMIC: "degrees, graduate certificates and academic specializations",
    ProgramType.PROFESSIONAL: (
        "professional and industry certificates, exam-based and board certifications, "
        "vendor programs"
    ),
    ProgramType.EXECUTIVE: "university executive education",
}

CREDENTIAL_MEANINGS: dict[str, str] = {
    Credential.DOCTORATE: "a doctoral degree (PhD and similar)",
    Credential.MASTERS: "a master's degree",
    Credential.GRADUATE_CERTIFICATE: "a university graduate certificate",
    Credential.CERTIFICATE: "a certificate of completion from a program",
    Credential.CERTIFICATION: "an exam-based or board certification",
    Credential.SPECIALIZATION: "a course series",
    Credential.COURSE: "a single course",
}

DELIVERY_MEANINGS: dict[str, str] = {
    Delivery.ONLINE: "taught online",
    Delivery.IN_PERSON: "taught on site",
    Delivery.HYBRID: "online with some on-site parts",
}

DEGREE_CREDENTIALS = frozenset({Credential.DOCTORATE, Credential.MASTERS})
ACADEMIC_CREDENTIALS = frozenset(
    {
        Credential.DOCTORATE,
        Credential.MASTERS,
        Credential.GRADUATE_CERTIFICATE,
        Credential.SPECIALIZATION,
    }
)


class Eligibility(NamedTuple):
    """Who may enrol or sit the exam: any of `roles`, any of `degrees`, and `min_years`."""

    roles: tuple[str, ...] = ()
    degrees: tuple[str, ...] = ()
    min_years: int = 0
    note: str = ""


class Program(NamedTuple):
    """One program of the catalog. A NamedTuple because large catalogs build 100,000 of them."""

    id: str
    name: str
    provider: str
    type: str
    credential: str
    delivery: str
    duration_months: float | None
    duration_note: str
    cost_usd: float | None
    cost_note: str
    topics: tuple[str, ...]
    roles: tuple[str, ...]
    prerequisites: str
    eligibility: Eligibility | None
    awards: tuple[str, ...]
    counts_toward: tuple[str, ...]
    prepares_for: tuple[str, ...]
    url: str
    source: str
    verified: dt.date

    def is_stale(self, today: dt.date) -> bool:
        return is_stale(self.verified, today)


@functools.lru_cache(maxsize=16)  # asked once per program, always with the same day
def stale_cutoff(today: dt.date) -> dt.date:
    """The oldest `verified` date that is still fresh: 18 months before `today`."""
    months = today.year * 12 + today.month - 1 - STALE_AFTER_MONTHS
    year, month = divmod(months, 12)
    month += 1
    day = today.day
    while True:
        try:
            return dt.date(year, month, day)
        except ValueError:
            day -= 1


def is_stale(verified: dt.date, today: dt.date) -> bool:
    return verified < stale_cutoff(today)


PROGRAM_FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "provider",
    "type",
    "credential",
    "delivery",
    "duration_months",
    "duration_note",
    "cost_usd",
    "cost_note",
    "topics",
    "roles",
    "prerequisites",
    "eligibility",
    "awards",
    "counts_toward",
    "prepares_for",
    "url",
    "source",
    "verified",
)


class Catalog(NamedTuple):
    """A validated catalog: programs in file order, and where they came from."""

    path: str
    programs: tuple[Program, ...]

    def by_id(self) -> dict[str, Program]:
        return {p.id: p for p in self.programs}
