"""Track how news articles change after they are published."""

#: The version, read by the build (pyproject.toml) and printed by ``revtrack --version``.
__version__ = "0.1.0"
