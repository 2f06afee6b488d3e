"""diglot: a bilingual (English / Traditional Chinese) blog that is also a podcast."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("diglot")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+source"
