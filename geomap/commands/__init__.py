"""Subcommands of ``geomap``: each module lists its click commands in ``COMMANDS``.

Modules import their heavy dependencies inside the commands, so that ``geomap geocode`` does
not pay for SQLAlchemy or Flask.
"""
