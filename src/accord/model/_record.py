"""Value classes without the start-up cost of ``@dataclass(frozen=True)``.

``@dataclass(frozen=True, slots=True)`` writes ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__`` and ``__delattr__`` as source text and compiles each one when the
module is imported: about 4 M instructions per class, which every ``accord`` command and every
consumer test process paid for the model's, engine's and verifier's value classes. A record class
is still a dataclass (``dataclasses.fields``, ``replace``, ``asdict`` and ``__match_args__`` work);
it takes ``__repr__``, ``__eq__``, ``__hash__`` and frozenness from `Record` (or `MutableRecord`),
written once here, and gets one small generated ``__init__`` (`_init_for`), which behaves as the
dataclass one: every field in order, positional or by keyword, with its default or default factory.

A module declares its classes ``@dataclass(frozen=True, slots=True)`` as usual, importing
``dataclass`` from ``dataclasses`` for type checkers and from here at run time::

    if TYPE_CHECKING:
        from dataclasses import dataclass
    else:
        from accord.model._record import dataclass

so that checkers treat them as the dataclasses they behave as.
"""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, fields
from dataclasses import dataclass as _dataclass
from typing import Any, TypeVar, cast

_T = TypeVar("_T", bound=type)

_NAMES: dict[type, tuple[str, ...]] = {}


def _init_for(cls: type) -> Any:
    """An ``__init__`` for the dataclass ``cls``, as ``@dataclass`` would write it (one small compile).

    Fields take their arguments in declaration order; a default factory runs per instance; a field
    with ``init=False`` gets its default. Assignment goes through ``object.__setattr__``, so frozen
    records can be built.
    """
    params: list[str] = []
    lines: list[str] = []
    namespace: dict[str, Any] = {"_set": object.__setattr__, "_MISSING": MISSING}
    keyword_only = False
    for f in fields(cls):
        has_factory = f.default_factory is not MISSING
        if has_factory:
            namespace[f"_factory_{f.name}"] = f.default_factory
        if f.default is not MISSING:
            namespace[f"_default_{f.name}"] = f.default
        if not f.init:
            value = f"_factory_{f.name}()" if has_factory else f"_default_{f.name}"
            if f.default is not MISSING or has_factory:
                lines.append(f"    _set(self, {f.name!r}, {value})")
            continue
        if f.kw_only and not keyword_only:
            params.append("*")
            keyword_only = True
        if has_factory:
            params.append(f"{f.name}=_MISSING")
            lines.append(
                f"    _set(self, {f.name!r}, _factory_{f.name}() if {f.name} is _MISSING else {f.name})"
            )
        else:
            params.append(f"{f.name}=_default_{f.name}" if f.default is not MISSING else f.name)
            lines.append(f"    _set(self, {f.name!r}, {f.name})")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(lines) or "    pass") + "\n"
    exec(source, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def record(cls: _T, *, slots: bool = True) -> _T:
    """Make ``cls`` (a `Record` or `MutableRecord` subclass) a dataclass with a generated ``__init__``."""
    if not issubclass(cls, Record | MutableRecord):
        raise TypeError(f"{cls.__name__} must subclass Record or MutableRecord")
    if "__init__" in cls.__dict__:
        raise TypeError(f"{cls.__name__} must not define __init__: records generate it from their fields")
    made = cast("_T", _dataclass(slots=slots, init=False, repr=False, eq=False)(cls))
    made.__init__ = _init_for(made)  # type: ignore[misc]
    return made


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


__all__ = ["MutableRecord", "Record", "dataclass", "record"]
