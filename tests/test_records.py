"""records: the dataclass behaviour dlint relies on, checked against `dataclasses` itself."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any, ClassVar

import pytest

from dlint.records import FrozenInstanceError, field, fields, record, replace


@record(frozen=True)
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    note: str = field(default="", compare=False)
    kind: ClassVar[str] = "point"


@dataclasses.dataclass(frozen=True)
class PointDc:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    note: str = dataclasses.field(default="", compare=False)
    kind: ClassVar[str] = "point"


@record
class Box:
    items: list[int] = field(default_factory=list)
    size: int = 0


@record(eq=False)
class Base:
    mark: int
    tag: str | None = field(default=None, kw_only=True)


@record(eq=False)
class Child(Base):
    text: str
    plain: bool = True
    raw: str | None = field(default=None, kw_only=True)


@record
class Counted:
    start: int
    doubled: int = 0

    def __post_init__(self) -> None:
        self.doubled = 2 * self.start


@pytest.mark.parametrize(
    ("left", "right", "equal"),
    [
        pytest.param(Point(1, 2), Point(1, 2), True, id="same-fields"),
        pytest.param(Point(1, 2), Point(1, 3), False, id="other-field"),
        pytest.param(Point(1, 2, note="a"), Point(1, 2, note="b"), True, id="compare-false-ignored"),
        pytest.param(Point(1, 2), PointDc(1, 2), False, id="other-class"),
        pytest.param(Box([1]), Box([1]), True, id="mutable"),
    ],
)
def test_equality(left: Any, right: Any, equal: bool) -> None:
    assert (left == right) is equal


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        pytest.param(Point(1), PointDc(1), id="defaults"),
        pytest.param(Point(1, 2, ("a",), "n"), PointDc(1, 2, ("a",), "n"), id="all-fields"),
        pytest.param(Point(x=3, tags=("b",)), PointDc(x=3, tags=("b",)), id="keywords"),
    ],
)
def test_repr_matches_dataclasses(ours: Point, theirs: PointDc) -> None:
    assert repr(ours) == repr(theirs).replace("PointDc", "Point")


def test_hash_follows_equality() -> None:
    assert hash(Point(1, 2, note="a")) == hash(Point(1, 2, note="b"))


def test_mutable_is_unhashable() -> None:
    with pytest.raises(TypeError):
        hash(Box())


def test_eq_false_compares_identity() -> None:
    assert Base(1) != Base(1)


def test_eq_false_is_hashable() -> None:
    assert len({Base(1), Base(1)}) == 2


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda point: setattr(point, "x", 5), id="assign"),
        pytest.param(lambda point: delattr(point, "x"), id="delete"),
        pytest.param(lambda point: setattr(point, "other", 5), id="new-attribute"),
    ],
)
def test_frozen(change: Any) -> None:
    with pytest.raises(FrozenInstanceError):
        change(Point(1))


def test_frozen_error_is_attribute_error() -> None:
    assert issubclass(FrozenInstanceError, AttributeError)


def test_default_factory_per_instance() -> None:
    first, second = Box(), Box()
    first.items.append(1)
    assert second.items == []


def test_class_var_is_not_a_field() -> None:
    assert Point.__match_args__ == ("x", "y", "tags", "note")


@pytest.mark.parametrize(
    ("child", "expected"),
    [
        pytest.param(Child(1, "t"), (1, None, "t", True, None), id="defaults"),
        pytest.param(Child(1, "t", False, tag="!a", raw="r"), (1, "!a", "t", False, "r"), id="keyword-only"),
    ],
)
def test_inherited_fields(child: Child, expected: tuple[Any, ...]) -> None:
    assert (child.mark, child.tag, child.text, child.plain, child.raw) == expected


def test_keyword_only_not_positional() -> None:
    with pytest.raises(TypeError):
        Child(1, "t", False, "!a")  # type: ignore[misc]


def test_missing_argument() -> None:
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]


def test_post_init_runs() -> None:
    assert Counted(4).doubled == 8


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, Point(1, 2, ("a",)), id="copy"),
        pytest.param({"y": 5}, Point(1, 5, ("a",)), id="one-field"),
    ],
)
def test_replace(changes: dict[str, Any], expected: Point) -> None:
    assert replace(Point(1, 2, ("a",)), **changes) == expected


def test_replace_unknown_field() -> None:
    with pytest.raises(TypeError):
        replace(Point(1), z=3)


@pytest.mark.parametrize(
    "value",
    [pytest.param(Point(1, 2, ("a",), "n"), id="frozen"), pytest.param(Box([1, 2], 3), id="mutable")],
)
def test_pickle_round_trip(value: Any) -> None:
    assert pickle.loads(pickle.dumps(value)) == value


def test_class_default_stays() -> None:
    assert Point.y == 0


def test_factory_field_has_no_class_attribute() -> None:
    assert "items" not in Box.__dict__


def _fresh_class(compiled: bool) -> type:
    """A new record class, warmed past the point where its own __init__ is compiled, or not."""

    @record(frozen=True)
    class Item:
        name: str
        size: int = 1
        parts: list[str] = field(default_factory=list)
        tag: str | None = field(default=None, kw_only=True)

    if compiled:
        for _ in range(60):
            Item("warm-up")
    return Item


@pytest.mark.parametrize("compiled", [pytest.param(False, id="generic"), pytest.param(True, id="compiled")])
@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        pytest.param(("a",), {}, ("a", 1, [], None), id="defaults"),
        pytest.param(("a", 2, ["p"]), {"tag": "t"}, ("a", 2, ["p"], "t"), id="all"),
        pytest.param((), {"name": "a", "size": 3}, ("a", 3, [], None), id="keywords"),
    ],
)
def test_init_binding(compiled: bool, args: tuple[Any, ...], kwargs: dict[str, Any], expected: tuple[Any, ...]) -> None:
    item = _fresh_class(compiled)(*args, **kwargs)
    assert (item.name, item.size, item.parts, item.tag) == expected


@pytest.mark.parametrize("compiled", [pytest.param(False, id="generic"), pytest.param(True, id="compiled")])
@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        pytest.param((), {}, id="missing"),
        pytest.param(("a", 1, [], "t"), {}, id="keyword-only-given-positionally"),
        pytest.param(("a",), {"name": "b"}, id="twice"),
        pytest.param(("a",), {"colour": "red"}, id="unknown"),
    ],
)
def test_init_rejects(compiled: bool, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    cls = _fresh_class(compiled)
    with pytest.raises(TypeError):
        cls(*args, **kwargs)


def test_init_compiled_after_many_instances() -> None:
    cls = _fresh_class(compiled=True)
    assert "_lazy_init" not in cls.__init__.__code__.co_qualname


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        pytest.param(Point, ["x", "y", "tags", "note"], id="class"),
        pytest.param(Point(1), ["x", "y", "tags", "note"], id="instance"),
        pytest.param(Child, ["mark", "tag", "text", "plain", "raw"], id="inherited"),
    ],
)
def test_fields(subject: Any, expected: list[str]) -> None:
    assert [item.name for item in fields(subject)] == expected
