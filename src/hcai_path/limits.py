"""What a well-formed catalog value is: the patterns and bounds that the full validation
(pydantic, load/schema/catalog.py) and the quick proof of validity (load/schema/catalog_quick.py)
share.
No pydantic here, so the quick path can read them."""

# An id: lowercase letters and digits joined by single hyphens.
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX = 80
# An https URL of plain RFC 3986 characters: no spaces, quotes, angle brackets, backslashes or
# control characters, so that no output format (markdown links, terminals) can be broken by it.
HTTPS_URL_PATTERN = (
    r"^https://[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+"
    r"(:[0-9]{1,5})?([/?#][A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*)?$"
)
URL_MAX = 2000
# Free text: long enough for any real name or note, short enough to catch a pasted file.
TEXT_MAX = 20_000
# Bounds catch typos (months for weeks, cents for dollars), not real programs.
MONTHS_MAX = 180
DOLLARS_MAX = 2_000_000
# A price in any currency (a yen price is large) and a count of credits, terms or years.
AMOUNT_MAX = 1_000_000_000
UNITS_MAX = 1_000
MIN_YEARS_MAX = 60
