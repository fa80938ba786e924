"""Frozen value classes without the start-up cost of ``@dataclass(frozen=True)``.

``@dataclass(frozen=True, slots=True)`` writes ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__`` and ``__delattr__`` as source text and compiles each one when the
module is imported: about 4 M instructions per class, which every ``accord`` command and every
consumer test process paid for the model's fourteen classes (~60 M, a third of ``accord
--version``). A record class is still a dataclass (``dataclasses.fields``, ``replace``,
``asdict`` and ``__match_args__`` work) but writes its ``__init__`` in its own source, assigning
with ``object.__setattr__``, and takes the other methods, which behave as the generated ones
(``Name(field=value, ...)``, equality of same-class instances field by field, hashing by value,
no assignment), from `Record`.

A module declares its classes ``@dataclass(frozen=True, slots=True)`` as usual, importing
``dataclass`` from ``dataclasses`` for type checkers and from here at run time::

    if TYPE_CHECKING:
        from dataclasses import dataclass
    else:
        from accord.model._record import dataclass

so that checkers treat them as the frozen dataclasses they behave as.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields
from dataclasses import dataclass as _dataclass
from typing import Any, TypeVar, cast

_T = TypeVar("_T", bound=type)

FACTORY: Any = object()
"""The default of an ``__init__`` argument whose field has a ``default_factory``."""

_NAMES: dict[type, tuple[str, ...]] = {}


def record(cls: _T, *, slots: bool = True) -> _T:
    """Make ``cls`` (a `Record` or `MutableRecord` subclass with an ``__init__`` of its own) a dataclass."""
    if not issubclass(cls, Record | MutableRecord) or "__init__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} must subclass Record or MutableRecord and define __init__")
    return cast("_T", _dataclass(slots=slots, init=False, repr=False, eq=False)(cls))


def dataclass(cls: _T | None = None, /, *, frozen: bool = False, slots: bool = False) -> Any:
    """``@dataclass``, ``@dataclass(frozen=True)`` or ``(frozen=True, slots=True)`` at run time.

    Frozen classes subclass `Record`, the others `MutableRecord`; no other option is supported.
    """

    def wrap(cls: _T) -> _T:
        base = Record if frozen else MutableRecord
        if not issubclass(cls, base):
            raise TypeError(f"{cls.__name__} must subclass {base.__name__}")
        return record(cls, slots=slots)

    return wrap if cls is None else wrap(cls)


def _names(cls: type) -> tuple[str, ...]:
    found = _NAMES.get(cls)
    if found is None:
        found = _NAMES[cls] = tuple(f.name for f in fields(cls))
    return found


class _Fields:  # noqa: PLW1641 -- each subclass sets __hash__: by value (frozen) or None (mutable)
    """Equality and repr by fields, as dataclasses generate them."""

    __slots__ = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in _names(type(self))])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__ and isinstance(other, _Fields):
            return self._values() == other._values()
        return NotImplemented

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _names(type(self)))
        return f"{type(self).__qualname__}({shown})"


class Record(_Fields):
    """The behaviour of a frozen record class (as ``@dataclass(frozen=True)`` generates it)."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._values())

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self) -> list[Any]:
        return list(self._values())

    def __setstate__(self, state: list[Any]) -> None:
        for name, value in zip(_names(type(self)), state, strict=True):
            object.__setattr__(self, name, value)


class MutableRecord(_Fields):
    """The behaviour of a mutable record class (as ``@dataclass`` generates it: unhashable)."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]  # as a dataclass with eq and without frozen


__all__ = ["FACTORY", "MutableRecord", "Record", "dataclass", "record"]
