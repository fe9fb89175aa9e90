"""What the desk's forms share: running a form's action so that a refusal comes back as a
message for the editor (the form is shown again with it, or flashed), and the safe
``next`` of a redirect.

A refusal is the domain's (``InvalidData``, ``InvalidQuery``, ``UnknownPlace``,
``NotFound``: nothing was written), a value the form itself cannot use (a ``ValueError``
such as :class:`FormError`), or a server too busy for it now (``Busy``: the form comes back
with what the editor wrote). Anything else is a failure for the error table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from geomap.errors import NotFound

from ..core.errors import Busy

__all__ = ["FormError", "attempt", "safe_next"]

T = TypeVar("T")
#: What a form can be refused for.
REFUSALS: tuple[type[Exception], ...] = (ValueError, NotFound, Busy)


class FormError(ValueError):
    """A form value that cannot be used, said for the editor."""


def attempt(action: Callable[[], T]) -> tuple[T | None, str | None]:
    """(the action's result, None), or (None, why it was refused)."""
    try:
        return action(), None
    except REFUSALS as refusal:
        return None, str(refusal)


def safe_next(value: str | None, default: str) -> str:
    """``value`` when it is a path of the desk (never another site), else ``default``."""
    if value and value.startswith("/desk") and not value.startswith("//") \
            and "\\" not in value and "\n" not in value and "\r" not in value:
        return value
    return default
