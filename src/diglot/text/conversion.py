"""OpenCC conversions between Chinese scripts and regional wordings ('s2twp', 'tw2sp'),
with the real OpenCC library; one converter per configuration, made once.
"""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def _converter(conversion: str) -> Any:
    import opencc  # imported lazily: only Chinese projects pay for loading its tables

    name = conversion.removesuffix(".json")
    return opencc.OpenCC(name)


def convert(text: str, conversion: str) -> str:
    """Convert Chinese text with an OpenCC configuration such as 's2twp' or 'tw2sp'."""
    if not text:
        return text
    return str(_converter(conversion).convert(text))


def valid_conversion(conversion: str) -> bool:
    try:
        _converter(conversion)
    except Exception:  # opencc raises a bare RuntimeError or its own type
        return False
    return True
