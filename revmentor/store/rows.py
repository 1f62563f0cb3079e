"""Rows as the program's tables store them."""

from __future__ import annotations

import json
from functools import partial

# A list or mapping as the JSON text a column stores, non-ASCII text kept as it is.
json_text = partial(json.dumps, ensure_ascii=False)
