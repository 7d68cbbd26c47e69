"""Value classes that cost little to define: the parts of `dataclasses` that dlint uses.

`dataclasses.dataclass` compiles five or six methods with `exec` for every class when
the module is imported, about half a millisecond per class. dlint defines about a
hundred such classes and starts once per commit. `record` gives the same behaviour: an
`__init__` taking the fields in order (keyword-only ones last), `__repr__`, `__eq__`
comparing the fields of two instances of the same class, `__hash__` for frozen
classes, and `FrozenInstanceError` on assignment to a frozen instance. It compiles
only `__init__`, once a class has many instances; the other methods are shared.

Type checkers see the `dataclasses` names, whose behaviour this module follows.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any, Callable, TypeVar

T = TypeVar("T")

_MISSING: Any = object()
# Instances of one class created by the generic __init__ before its own is compiled.
_COMPILE_AFTER = 50


class FrozenInstanceError(AttributeError):
    """Raised on assigning to or deleting a field of a frozen record."""


class Field:
    """One field of a record: its name, default or default factory, and how it compares."""

    __slots__ = ("name", "default", "default_factory", "kw_only", "compare", "hash", "repr")

    def __init__(
        self, default: Any = _MISSING, default_factory: Any = _MISSING, kw_only: bool = False,
        compare: bool = True, hash: bool | None = None, repr: bool = True,  # noqa: A002 - the dataclasses names
    ) -> None:
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.kw_only = kw_only
        self.compare = compare
        self.hash = hash
        self.repr = repr

    @property
    def hashed(self) -> bool:
        return self.compare if self.hash is None else self.hash


def _field(
    *, default: Any = _MISSING, default_factory: Any = _MISSING, kw_only: bool = False,
    compare: bool = True, hash: bool | None = None, repr: bool = True,  # noqa: A002 - the dataclasses names
) -> Any:
    """Describe a field whose default is computed per instance, or that is compared or shown differently."""
    if default is not _MISSING and default_factory is not _MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, kw_only, compare, hash, repr)


def _record(cls: type[T] | None = None, /, *, frozen: bool = False, eq: bool = True) -> Any:
    """Turn the annotated class attributes of `cls` into fields, like `dataclasses.dataclass`."""

    def wrap(target: type[T]) -> type[T]:
        return _process(target, frozen, eq)

    return wrap if cls is None else wrap(cls)


def _is_class_var(annotation: object) -> bool:
    return isinstance(annotation, str) and annotation.startswith(("ClassVar", "typing.ClassVar"))


def _collect_fields(cls: type) -> tuple[Field, ...]:
    found: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for inherited in base.__dict__.get("__record_fields__", ()):
            found[inherited.name] = inherited
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if _is_class_var(annotation):
            continue
        value = cls.__dict__.get(name, _MISSING)
        item = value if isinstance(value, Field) else Field(default=value)
        item.name = name
        if isinstance(value, Field):
            # As with dataclasses, the class attribute becomes the plain default, if any.
            if item.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, item.default)
        found[name] = item
    return tuple(found.values())


def _key_getter(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    if len(names) >= 2:
        return attrgetter(*names)
    if names:
        single = attrgetter(names[0])
        return lambda instance: (single(instance),)
    return lambda instance: ()


def _process(cls: type[T], frozen: bool, eq: bool) -> type[T]:
    fields = _collect_fields(cls)
    body = cls.__dict__
    setattr(cls, "__record_fields__", fields)
    setattr(cls, "__match_args__", tuple(item.name for item in fields if not item.kw_only))
    if "__init__" not in body:
        setattr(cls, "__init__", _lazy_init(cls, frozen))
    if "__repr__" not in body:
        setattr(cls, "__repr__", _repr)
    if eq:
        setattr(cls, "__record_compared__", _key_getter([item.name for item in fields if item.compare]))
        if "__eq__" not in body:
            setattr(cls, "__eq__", _eq)
    # A class body that defines __eq__ but not __hash__ gets __hash__ = None from Python.
    explicit_hash = "__hash__" in body and not (body["__hash__"] is None and "__eq__" in body)
    if eq and not explicit_hash:
        if frozen:
            setattr(cls, "__record_hashed__", _key_getter([item.name for item in fields if item.hashed]))
            setattr(cls, "__hash__", _hash)
        else:
            setattr(cls, "__hash__", None)
    if frozen:
        setattr(cls, "__setattr__", _frozen_setattr)
        setattr(cls, "__delattr__", _frozen_delattr)
    return cls


def _repr(self: Any) -> str:
    arguments = ", ".join(f"{item.name}={getattr(self, item.name)!r}" for item in self.__record_fields__ if item.repr)
    return f"{self.__class__.__qualname__}({arguments})"


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is self.__class__:
        compared = self.__record_compared__
        return bool(compared(self) == compared(other))
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__record_hashed__(self))


def _frozen_setattr(self: Any, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _lazy_init(cls: type, frozen: bool) -> Callable[..., None]:
    """Return an `__init__` that binds arguments by hand for the first few instances, then
    compiles a specialised one and replaces itself with it.

    Compiling costs about 0.1 ms, roughly what binding the arguments of a hundred
    instances by hand costs, and a short run creates only a few instances of most classes.
    """
    fields: tuple[Field, ...] = cls.__dict__["__record_fields__"]
    positional = [item.name for item in fields if not item.kw_only]
    known = {item.name for item in fields}
    post_init = hasattr(cls, "__post_init__")
    calls = 0

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == _COMPILE_AFTER:
            setattr(cls, "__init__", _compile_init(cls, frozen))
        if len(args) > len(positional):
            raise TypeError(f"{cls.__qualname__}.__init__() takes {len(positional) + 1} positional arguments but {len(args) + 1} were given")
        values = dict(zip(positional, args))
        for name, value in kwargs.items():
            if name not in known:
                raise TypeError(f"{cls.__qualname__}.__init__() got an unexpected keyword argument {name!r}")
            if name in values:
                raise TypeError(f"{cls.__qualname__}.__init__() got multiple values for argument {name!r}")
            values[name] = value
        for item in fields:
            value = values.get(item.name, _MISSING)
            if value is _MISSING:
                if item.default_factory is not _MISSING:
                    value = item.default_factory()
                elif item.default is not _MISSING:
                    value = item.default
                else:
                    raise TypeError(f"{cls.__qualname__}.__init__() missing required argument: {item.name!r}")
            object.__setattr__(self, item.name, value)
        if post_init:
            self.__post_init__()

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _compile_init(cls: type, frozen: bool) -> Callable[..., None]:
    fields: tuple[Field, ...] = cls.__dict__["__record_fields__"]
    namespace: dict[str, Any] = {"_rec_missing": _MISSING, "_rec_set": object.__setattr__}
    positional: list[str] = []
    keyword: list[str] = []
    lines: list[str] = []
    for item in fields:
        name = item.name
        if item.default_factory is not _MISSING:
            namespace[f"_rec_factory_{name}"] = item.default_factory
            parameter = f"{name}=_rec_missing"
            lines.append(f"    if {name} is _rec_missing:\n        {name} = _rec_factory_{name}()")
        elif item.default is not _MISSING:
            namespace[f"_rec_default_{name}"] = item.default
            parameter = f"{name}=_rec_default_{name}"
        else:
            parameter = name
        (keyword if item.kw_only else positional).append(parameter)
        lines.append(f"    _rec_set(self, {name!r}, {name})" if frozen else f"    self.{name} = {name}")
    if hasattr(cls, "__post_init__"):
        lines.append("    self.__post_init__()")
    parameters = ["self", *positional, *(["*", *keyword] if keyword else [])]
    source = f"def __init__({', '.join(parameters)}):\n" + ("\n".join(lines) or "    pass") + "\n"
    exec(source, namespace)  # noqa: S102 - source built from the field names above only
    init: Callable[..., None] = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _fields(class_or_instance: Any) -> tuple[Field, ...]:
    """Return the fields of a record class or instance, in the order they are defined, base classes first."""
    found: tuple[Field, ...] = class_or_instance.__record_fields__
    return found


def _replace(instance: T, /, **changes: Any) -> T:
    """Return a copy of the record `instance` with some fields changed."""
    for item in instance.__record_fields__:  # type: ignore[attr-defined]
        if item.name not in changes:
            changes[item.name] = getattr(instance, item.name)
    return instance.__class__(**changes)


if TYPE_CHECKING:
    from dataclasses import dataclass as record
    from dataclasses import field, fields, replace
else:
    record = _record
    field = _field
    fields = _fields
    replace = _replace
