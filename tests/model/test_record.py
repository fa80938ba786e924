"""`record` classes behave as ``@dataclass(frozen=True, slots=True)`` ones, without their import cost."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

import pytest

from accord.model._record import FACTORY, Record, record


@record
class Point(Record):
    """A record with a required field, a default and a default factory."""

    x: int
    y: int = 0
    tags: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __init__(self, x: int, y: int = 0, tags: dict[str, Any] = FACTORY) -> None:
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "tags", {} if tags is FACTORY else tags)


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
