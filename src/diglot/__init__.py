"""diglot: a bilingual (English / Traditional Chinese) blog that is also a podcast."""

# The one place the version is written (pyproject.toml reads it from here): asking
# importlib.metadata instead costs every command ~70 ms at start.
__version__ = "0.1.0"
