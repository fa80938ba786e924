"""`record` classes behave as ``@dataclass(frozen=True, slots=True)`` ones, without their import cost."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

import pytest

from accord.model._record import MutableRecord, Record, record


@record
class Point(Record):
    """A record with a required field, a default and a default factory."""

    x: int
    y: int = 0
    tags: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True, slots=True)
class Point2:
    """The same class as a frozen dataclass, to compare with."""

    x: int
    y: int = 0
    tags: dict[str, Any] = dataclasses.field(default_factory=dict)


def test_record_repr_eq_and_hash_are_the_dataclass_ones() -> None:
    """repr, equality (same class, field by field) and hashing match the generated methods."""
    assert repr(Point(1, 2, {"a": 1})) == repr(Point2(1, 2, {"a": 1})).replace("Point2", "Point")
    assert Point(1) == Point(1, 0, {})
    assert Point(1) != Point(2)
    assert Point(1) != Point2(1)
    assert (Point(1) == 1) is False
    assert hash(Point(1, 2, ())) == hash(Point2(1, 2, ())) == hash((1, 2, ()))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unhashable"):
        hash(Point(1))  # a dict field, as with the dataclass


def test_record_is_a_frozen_slotted_dataclass() -> None:
    """fields, replace, match_args, slots, default factories, no assignment; copies and pickles."""
    point = Point(1, tags={"t": 1})
    assert [f.name for f in dataclasses.fields(Point)] == ["x", "y", "tags"]
    assert Point.__match_args__ == ("x", "y", "tags")
    assert dataclasses.replace(point, y=5) == Point(1, 5, {"t": 1})
    assert not hasattr(point, "__dict__")
    assert Point(1).tags is not Point(1).tags
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x
    assert copy.deepcopy(point) == point
    assert copy.copy(point) == point
    assert pickle.loads(pickle.dumps(point)) == point


def _all_records() -> list[type]:
    import importlib
    import pkgutil

    import accord

    for info in pkgutil.walk_packages(accord.__path__, "accord."):
        if not info.name.startswith(("accord.cli", "accord.broker")) and not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    found: list[type] = []
    pending = [Record, *Record.__base__.__subclasses__()]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("accord.") and sub not in found:
                found.append(sub)
            pending.append(sub)
    return found


RECORDS = _all_records()


def test_project_records_are_found() -> None:
    """The walk finds the project's record classes (a guard on the next test's table)."""
    names = {cls.__name__ for cls in RECORDS}
    assert {"HttpRequest", "HttpResponse", "Mismatch", "Pact"} <= names
    assert len(RECORDS) >= 20


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_generated_init_matches_the_fields(cls: type) -> None:
    """Each record's generated ``__init__`` takes exactly its fields, in order, with the fields' defaults."""
    import inspect

    params = list(inspect.signature(cls.__init__).parameters.values())[1:]  # type: ignore[misc]
    declared = [f for f in dataclasses.fields(cls) if f.init]
    assert [p.name for p in params] == [f.name for f in declared]
    for param, declared_field in zip(params, declared, strict=True):
        if declared_field.default is not dataclasses.MISSING:
            assert param.default == declared_field.default or param.default is declared_field.default
        elif declared_field.default_factory is not dataclasses.MISSING:
            assert param.default is dataclasses.MISSING
        else:
            assert param.default is inspect.Parameter.empty


def test_generated_init_behaves_as_the_dataclass_one() -> None:
    """Positional and keyword arguments, defaults, a fresh default per instance, and the same errors."""
    assert Point(1, 2) == Point(x=1, y=2) == Point(1, y=2, tags={})
    assert Point(1).tags is not Point(1).tags
    for call in (Point, lambda: Point(1, 2, {}, 4), lambda: Point(1, z=3), lambda: Point(1, x=1)):
        with pytest.raises(TypeError):
            call()
    assert Point.__init__.__qualname__ == "Point.__init__"


@record
class Counter(MutableRecord):
    """A mutable record with a field that ``__init__`` does not take."""

    name: str
    hits: int = dataclasses.field(default=0, init=False)
    seen: list[str] = dataclasses.field(default_factory=list, init=False)
    extra: dict[str, Any] = dataclasses.field(default_factory=dict, kw_only=True)


def test_generated_init_handles_init_false_and_kw_only_fields() -> None:
    """``init=False`` fields get their defaults; ``kw_only`` fields are keyword-only; mutable records assign."""
    counter = Counter("a", extra={"k": 1})
    assert (counter.name, counter.hits, counter.seen, counter.extra) == ("a", 0, [], {"k": 1})
    with pytest.raises(TypeError):
        Counter("a", 1)  # type: ignore[call-arg]
    assert counter == Counter("a", extra={"k": 1})
    counter.hits = 3
    assert counter.hits == 3
    assert counter != Counter("a", extra={"k": 1})


def test_a_record_must_not_write_its_own_init() -> None:
    """Writing ``__init__`` by hand is refused: it would drift from the fields."""

    class Hand(Record):
        x: int

        def __init__(self, x: int) -> None:
            object.__setattr__(self, "x", x)

    with pytest.raises(TypeError, match="must not define __init__"):
        record(Hand)
