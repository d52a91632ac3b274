"""Published program ids never change: scripts, profiles (`--have`) and links rely on them."""

from __future__ import annotations

import datetime as dt

from hcai_path.catalog import load_catalog, load_rules

# Every id ever shipped. This list may only grow: add new ids, never edit or remove one.
# (A program that ends stays in the catalog with its last `verified` date and goes stale.)
PUBLISHED_IDS = frozenset(
    {
        "aau-digital-health-master",
        "abaim-certification",
        "abii-ciip",
        "abpm-clinical-informatics",
        "ahima-chda",
        "ahima-rhia",
        "aidh-chia",
        "aim-ahead-clinaq",
        "amia-10x10-ohsu",
        "amia-ahic",
        "ancc-informatics-nursing",
        "cdc-phifp",
        "colorado-coursera-clinical-nlp",
        "columbia-dbmi-ma",
        "cornell-ai-healthcare-leadership",
        "deeplearningai-ai-for-medicine",
        "duke-clinical-informatics-fellowship",
        "durham-mds-health",
        "edinburgh-biomedical-ai-cdt",
        "edinburgh-nlp-health-social-care",
        "fhs-applied-ai-healthcare",
        "gatech-omscs-ml",
        "glasgow-coursera-clinical-decision-deep-learning",
        "gmu-ai-health-gc",
        "gstt-nhs-fellowship-clinical-ai",
        "harvard-chan-hds-sm",
        "himss-cahims",
        "himss-cphims",
        "hms-ai-clinical-medicine",
        "hms-aim-phd",
        "hms-dbmi-mmsc",
        "hood-mshi",
        "hsph-responsible-ai-health-care",
        "hunimed-daihs",
        "jhu-applied-hsi-ms-online",
        "jhu-applied-hsi-ms-onsite",
        "jhu-carey-strategic-healthcare-leadership",
        "jhu-clinical-informatics-pbc",
        "ki-su-health-informatics-msc",
        "lancaster-hds-msc",
        "liverpool-ai-healthcare-ethics-cpd",
        "liverpool-hds-msc",
        "maia-medical-imaging-applications-master",
        "mayo-aihc-masters",
        "michener-ai-healthcare-leaders",
        "mit-ocw-hst953-clinical-data-ml",
        "mit-sloan-transforming-healthcare-ai",
        "mitx-ml-healthcare",
        "mount-sinai-aiet-phd",
        "nhs-topol-digital-fellowship",
        "northwestern-mshi",
        "nus-bmi-msc",
        "ohsu-bmi-ms-online",
        "ohsu-health-clinical-informatics-cert",
        "oxford-hds-cdt",
        "penn-gcb-bmi-phd",
        "polytechnique-esa-innovhealth",
        "rsna-imaging-ai-certificate",
        "smu-cox-ai-healthcare-leaders",
        "stanford-bioinformatics-cert",
        "stanford-bmi-academic-ms",
        "stanford-bmi-hcp-ms",
        "stanford-coursera-ai-healthcare",
        "temple-medical-device-graduate-certificate",
        "toronto-mscac-aih",
        "ucdavis-hi-ms",
        "udacity-ai-healthcare",
        "uic-mshi",
        "umich-coursera-health-text-extraction",
        "unh-hds-ms",
        "unipi-biotech-ai-health-msc",
        "unito-aibh-msc",
        "unity-health-ai-academy",
        "utah-bmi-phd",
        "uthealth-sbmi-ms",
        "who-openwho-ethics-ai-design",
        "who-openwho-ethics-governance-ai-health",
        "yale-medical-software-ai",
        "yale-mhs-medical-ai",
    }
)


def test_every_published_id_is_still_in_the_shipped_catalog() -> None:
    rules = load_rules(use_cache=False)
    catalog = load_catalog(rules=rules, today=dt.date.today(), use_cache=False)
    missing = PUBLISHED_IDS - {p.id for p in catalog.programs}
    assert not missing, f"published ids removed or renamed: {sorted(missing)}"


def test_the_list_holds_every_shipped_id() -> None:
    """A new program's id is added to PUBLISHED_IDS when it ships."""
    rules = load_rules(use_cache=False)
    catalog = load_catalog(rules=rules, today=dt.date.today(), use_cache=False)
    new = {p.id for p in catalog.programs} - PUBLISHED_IDS
    assert not new, f"add these to PUBLISHED_IDS: {sorted(new)}"
