"""The input boundary: find, read, validate and cache the catalog and the rule set.

Whatever a data file holds, these return validated data or raise `DataFileError` (or
`UsageError` for a bad path named on the command line), never anything else.
"""

from hcai_path.load.catalog import load_catalog
from hcai_path.load.paths import shipped_data_path
from hcai_path.load.rules import load_rules
from hcai_path.load.validate import validate_paths

__all__ = ["load_catalog", "load_rules", "shipped_data_path", "validate_paths"]
