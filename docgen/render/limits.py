"""Bounds for rendering untrusted templates: time, output size, loop iterations, big strings.

``DocgenSandbox`` already refuses attribute tricks and caps ``range()``; a mail-merge template is
written by anyone, so ``BoundedSandbox`` also counts every ``for`` iteration, refuses operators
and string methods that would build a huge value in one step, and drops the globals and filters
that are random (``lipsum``, ``random``: same inputs must give the same bytes).
"""

from __future__ import annotations

import _signal
import functools
import itertools
import re
import threading
import time
import types
from collections.abc import (
    Callable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, Undefined, meta, nodes, pass_environment
from jinja2.compiler import CodeGenerator, Frame, operators
from jinja2.exceptions import SecurityError
from jinja2.runtime import Macro
from jinja2.sandbox import SandboxedFormatter
from jinja2.utils import Namespace
from markupsafe import EscapeFormatter, Markup, escape

from docgen.render.sizes import (
    CONTAINERS,
    HOLDERS,
    SEQUENCES,
    TEXTS,
    VIEWS,
    big_power,
    percent_specs,
    repeat_size,
    replace_size,
    spelled_size,
    text_size,
)
from docgen.templating import DocgenSandbox

LOOP_FILTER = "docgen_counted"
_SAFE_ATTRIBUTES_KEPT = 4096
_CAN_ALARM = hasattr(_signal, "setitimer")
# The numbers of a format spec as str.format gets it (its nested fields filled): width and
# precision ("{:>9999.99}").
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class RenderLimits:
    """What one document may cost; a hostile row fails instead of stalling the batch."""

    seconds: float = 20.0
    prepare_seconds: float = 60.0
    max_output_chars: int = 32 * 1024 * 1024
    max_iterations: int = 1_000_000
    max_value_chars: int = 1_000_000
    # Heap a process may add while it renders rows: what no single check above bounds (a
    # value built in one C call) fails its row with MemoryError instead of taking the machine.
    max_memory_bytes: int = 2 * 1024**3

    @property
    def stall_seconds(self) -> float:
        """How long a worker may stay on one row, all its steps together, before the main
        process ends it: past ``seconds`` only when stuck in one C call, which the time limit
        (a signal, handled between bytecodes) cannot interrupt."""
        return 2 * self.seconds + 5


DEFAULT_LIMITS = RenderLimits()


class LimitExceeded(SecurityError):
    """A render crossed one of the ``RenderLimits``."""


class Meter:
    """The running costs of one render, reset before each document."""

    def __init__(self, limits: RenderLimits) -> None:
        self.limits = limits
        self.iterations = 0
        self.deadline = 0.0

    def start(self) -> None:
        self.iterations = 0
        self.deadline = time.monotonic() + self.limits.seconds

    def tick(self) -> None:
        self.iterations += 1
        if self.iterations > self.limits.max_iterations:
            raise LimitExceeded(f"循环次数超过上限（{self.limits.max_iterations} 次）")
        if not self.iterations & 1023:
            self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceeded(f"渲染超时（超过 {self.limits.seconds:g} 秒）")


class BlankUndefined(StrictUndefined):
    """A value the row does not have. In a test or a loop it is a blank — ``{% if 备注 %}``,
    ``{% if 备注 == '' %}``, ``{% for t in 任务 %}`` serve a column left blank in some rows — and
    wherever it would be printed it is an error: a row lacking a field the template needs
    fails, named by its row."""

    __slots__ = ()
    __hash__ = StrictUndefined.__hash__

    def __bool__(self) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return other is None or other == "" or isinstance(other, Undefined)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __len__(self) -> int:
        return 0

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __contains__(self, item: object) -> bool:
        return False


# What ends an attribute value or starts an element: escaped in Markup a template made.
_MARKUP_CHARACTERS = re.compile("[\"'<>]")
_ENTITIES = {'"': "&#34;", "'": "&#39;", "<": "&lt;", ">": "&gt;"}


class _SizedCode(CodeGenerator):
    """Jinja's code, with what ``~`` joins passed through ``BoundedSandbox.joined``, and the
    lists, tuples and dicts a template writes and what it compares (``==``, ``in``, a dict's
    keys) through ``BoundedSandbox.sized``: 3.1's methods with those calls added
    (tests/render/test_limits.py checks they still are 3.1's; pyproject pins jinja2 below 3.2).
    Only literals are folded into the code (``_output_child_to_const``)."""

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self.write("environment.sized(")
        super().visit_List(node, frame)
        self.write(")")

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        if node.ctx != "load":  # a target: {% for a, b in … %}
            super().visit_Tuple(node, frame)
            return
        self.write("environment.sized(")
        super().visit_Tuple(node, frame)
        self.write(")")

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        # 3.1's visit_Dict, each key through environment.sized: hashed as the dict is made.
        self.write("environment.sized({")
        for index, item in enumerate(node.items):
            if index:
                self.write(", ")
            self.write("environment.sized(")
            self.visit(item.key, frame)
            self.write("): ")
            self.visit(item.value, frame)
        self.write("})")

    def visit_Compare(self, node: nodes.Compare, frame: Frame) -> None:
        # 3.1's visit_Compare and visit_Operand, each side through environment.sized.
        self.write("(environment.sized(")
        self.visit(node.expr, frame)
        self.write(")")
        for operand in node.ops:
            self.write(f" {operators[operand.op]} environment.sized(")
            self.visit(operand.expr, frame)
            self.write(")")
        self.write(")")

    def _output_child_to_const(self, node: nodes.Expr, frame: Frame, finalize: Any) -> str:
        # Jinja folds a printed expression it can work out here into the code as text, calling
        # its filters while it compiles — where an error, the time limit's too, only means "not
        # constant" (a tag of `"x"|center(199999)|wordwrap(1)` took seconds each, unlimited):
        # only literals are folded, the rest is worked out as it renders, under the limits.
        if not isinstance(node, nodes.TemplateData | nodes.Const):
            raise nodes.Impossible()
        return super()._output_child_to_const(node, frame, finalize)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"environment.joined({join}, (")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write("))")


class BoundedSandbox(DocgenSandbox):
    """The docgen sandbox with costs counted; output is the same as ``DocgenSandbox``'s."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _SizedCode

    def __init__(
        self, limits: RenderLimits = DEFAULT_LIMITS, *, blank_cells: bool = True, **options: Any
    ) -> None:
        super().__init__(**options)
        self.optimized = False  # its optimizer folds constants as above, anywhere in the tree
        if blank_cells:  # a name the context lacks is a roster's blank cell, not a typo
            self.undefined = BlankUndefined
        self.meter = Meter(limits)
        self.globals.pop("lipsum", None)
        self.filters.pop("random", None)
        self.filters[LOOP_FILTER] = _counted
        for name in ("center", "indent", "format", "replace", "batch", "string"):
            self.filters[name] = _guarded(self.filters[name], self)
        for name in ("join", "sum"):
            self.filters[name] = _measured(self.filters[name], self)
        for name in UNESCAPING_FILTERS:
            self.filters[name] = _unescaping(name)
        for name, original in list(self.filters.items()):
            if name != LOOP_FILTER:
                self.filters[name] = _sized(original, self)
        for name in _COMPARING_TESTS & self.tests.keys():  # {% if a is eq(b) %}
            self.tests[name] = _comparing(self.tests[name], self)
        self.globals["namespace"] = _bounded_namespace(self)
        self._safe_attributes: dict[tuple[type, str], bool] = {}
        self._given: dict[str, Any] = {}
        self.finalize = self._template_markup_escaped

    def trust(self, context: dict[str, Any]) -> None:
        """Before a render: the Markup values it is given (docgen's own documents pass their
        body's XML) are written as they are."""
        self._given = context

    def _template_markup_escaped(self, value: Any) -> Any:
        """What a ``{{ }}`` writes: Markup made in the template (a slice of ``xmlattr``'s or
        ``tojson``'s result, a macro's text, ``translate``'s) with its quotes and angle
        brackets escaped, so that in an attribute value (``w:fill="{{ … }}"``) it cannot end
        the value and write another attribute, nor write an element in text. Parsed, the
        text is the same."""
        if (
            isinstance(value, Markup)
            and _MARKUP_CHARACTERS.search(value)
            and not any(value is given for given in self._given.values())
        ):
            return Markup(_MARKUP_CHARACTERS.sub(lambda m: _ENTITIES[m[0]], value))
        if isinstance(value, CONTAINERS):  # {{ a_list }}: its text, sized before it is made
            self.check_size(self.text_size(value))
        return value

    def tree(self, source: str | nodes.Template) -> nodes.Template:
        """A template's syntax tree, as this sandbox parses it (loops counted); a tree as is."""
        return source if isinstance(source, nodes.Template) else self.parse(source)

    def names_read(self, source: str | nodes.Template) -> set[str]:
        """The names a template reads from its context (not those a loop or ``set`` makes, nor
        the sandbox's own globals)."""
        return meta.find_undeclared_variables(self.tree(source)) - set(self.globals)

    def keys_read(self, source: str | nodes.Template, name: str) -> set[str]:
        """The constant keys a template reads from the mapping ``name``: ``name["完成率（%）"]``
        and ``name.完成率``."""
        keys = set()
        for node in self.tree(source).find_all((nodes.Getitem, nodes.Getattr)):
            if isinstance(node.node, nodes.Name) and node.node.name == name:
                key = node.attr if isinstance(node, nodes.Getattr) else node.arg
                if isinstance(key, nodes.Const):
                    key = key.value
                if isinstance(key, str):
                    keys.add(key)
        return keys

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # The sandbox's answer depends on the object's type and the name only (isinstance
        # checks against ABCs are slow); a template asks the same few questions for every row.
        kind = type(obj)
        if obj.__class__ is not kind:  # isinstance would also look at __class__
            return super().is_safe_attribute(obj, attr, value)
        safe = self._safe_attributes.get((kind, attr))
        if safe is None:
            safe = super().is_safe_attribute(obj, attr, value)
            if len(self._safe_attributes) < _SAFE_ATTRIBUTES_KEPT:
                self._safe_attributes[kind, attr] = safe
        return safe

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            # The name walked, if a plain one, for the error when it is text.
            named = [nodes.Const(loop.iter.name)] if isinstance(loop.iter, nodes.Name) else []
            loop.iter = nodes.Filter(
                loop.iter, LOOP_FILTER, named, [], None, None, lineno=loop.lineno
            )
        return tree

    def names_printed(self, source: str | nodes.Template) -> set[str]:
        """The names read from the context that a template prints where a blank one fails the
        row: in a ``{{ }}``, not under an ``if`` that tests the name, nor given a ``default``
        (a blank name is false in a test and empty in a loop)."""
        tree = self.tree(source)
        printed: set[str] = set()

        def walk(node: nodes.Node, guarded: frozenset[str]) -> None:
            if isinstance(node, nodes.Filter) and node.name in ("default", "d"):
                return
            if isinstance(node, nodes.Name) and node.ctx == "load" and node.name not in guarded:
                printed.add(node.name)
            children = list(node.iter_child_nodes())
            if isinstance(node, nodes.If | nodes.CondExpr):
                tested = [node.test, *node.test.find_all(nodes.Name)]
                guarded |= {name.name for name in tested if isinstance(name, nodes.Name)}
                children = [child for child in children if child is not node.test]
            if isinstance(node, nodes.Stmt) and not isinstance(node, nodes.Output):
                # A statement's own expressions (a loop's list, a set's value) print nothing.
                children = [child for child in children if isinstance(child, nodes.Stmt)]
            for child in children:
                walk(child, guarded)

        walk(tree, frozenset())
        return printed & self.names_read(tree)

    def names_looped(self, source: str | nodes.Template) -> set[str]:
        """The names a template's loops walk as they are: 任务 in ``{% for 项 in 任务 %}``."""
        found = set()
        for loop in self.tree(source).find_all(nodes.For):
            walked = loop.iter
            if isinstance(walked, nodes.Filter) and walked.name == LOOP_FILTER:
                walked = walked.node
            if isinstance(walked, nodes.Name):
                found.add(walked.name)
        return found

    def names_split(self, source: str | nodes.Template) -> set[tuple[str, str]]:
        """Each name a template splits by a written separator, with it: (任务, "；") in
        ``任务.split('；')``."""
        found = set()
        for call in self.tree(source).find_all(nodes.Call):
            method, args = call.node, call.args
            if (
                isinstance(method, nodes.Getattr)
                and method.attr == "split"
                and isinstance(method.node, nodes.Name)
                and len(args) == 1
                and isinstance(args[0], nodes.Const)
                and isinstance(args[0].value, str)
            ):
                found.add((method.node.name, args[0].value))
        return found

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and big_power(left, right, self.meter.limits.max_value_chars):
            raise LimitExceeded("乘方结果过大")
        if operator == "*":
            limit = self.meter.limits.max_value_chars
            self.check_size(repeat_size(left, right, limit) or repeat_size(right, left, limit))
        if operator == "%" and isinstance(left, str):
            if isinstance(right, Mapping):
                arguments: tuple[Any, ...] = tuple(right.values())
            else:
                arguments = right if isinstance(right, tuple) else (right,)
            self.check_format(left, arguments)
        if operator == "+" and isinstance(left, SEQUENCES):  # grown a step a loop
            self.check_size(len(left) + (len(right) if isinstance(right, SEQUENCES) else 0))
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, SEQUENCES):  # what no check above foresaw
            self.check_size(len(result))
        return result

    def text_size(self, *values: Any) -> int:
        """How long the values' texts are together (``text_size``), counted up to the limit."""
        limit = self.meter.limits.max_value_chars
        return sum(text_size(value, limit) for value in values)

    def joined(self, join: Callable[[Iterable[Any]], str], parts: tuple[Any, ...]) -> str:
        """What ``~`` makes of ``parts``: refused when the join would be over the size limit
        (a value doubled a ``{% set %}`` at a time) — before it is built, and after, when
        escaping grew it (``'`` is ``&#39;``)."""
        self.check_size(self.text_size(*parts))
        result = join(parts)
        self.check_size(len(result))
        return result

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if "caller" in kwargs and not isinstance(__obj, Macro):
            # Jinja writes what a {% call %} returns unescaped: only a macro's output is safe.
            raise SecurityError("{% call %} 只能调用模板中定义的宏（macro）")
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if isinstance(owner, TEXTS):
            if __obj.__name__ == "join" and args:
                args = (__self.joined_items(args[0]), *args[1:])
            __self.check_str_method(owner, __obj.__name__, (*args, *kwargs.values()))
        for value in (*args, *kwargs.values()):  # a macro called with a value it doubled
            __self.sized(value)
        return __self.sized(super().call(__context, __obj, *args, **kwargs))

    def sized(self, value: Any) -> Any:
        """A value refused past the size limit — a text by its length, a container by its
        text, nested items counted: what a call or a filter took or made, a list, tuple or
        dict a template writes, what it compares, looks for or hashes. Lists nest by
        reference (``[a] * 1000``, ``|batch``'s fill value, ``{}.fromkeys``) past what any
        memory limit sees, and comparing, hashing or counting them runs in C, where no time
        limit reaches."""
        if isinstance(value, TEXTS):
            self.check_size(len(value))
        elif isinstance(value, (*CONTAINERS, *VIEWS, *HOLDERS)):
            self.check_size(self.text_size(value))
        return value

    def joined_items(self, items: Any) -> Any:
        """What ``str.join`` is given, as a list it can size: a text's characters, a range's
        or a generator's items, taken up to the size limit (refused past it)."""
        if isinstance(items, (list, tuple)):
            return items
        limit = self.meter.limits.max_value_chars
        taken = list(itertools.islice(items, limit + 1))
        self.check_size(len(taken))
        return taken

    def check_size(self, size: int) -> None:
        if size > self.meter.limits.max_value_chars:
            raise LimitExceeded(f"生成的值过长（{size} 个字符）")

    def check_format(self, text: str, arguments: Sequence[Any] = ()) -> None:
        """Refuse a "%" format string whose widths or precisions would build a value over the
        limit, before it is built: those it spells, and those its stars take from its
        ``arguments`` in turn ("%*d", "%.*f"). (str.format's are sized field by field, as
        it fills them: ``_SizedFormatter``.)"""
        spelled: list[str] = []
        starred: list[Any] = []
        position = 0  # the next positional argument a conversion consumes
        for width, precision, conversion in percent_specs(text):
            for size in (width, precision):
                if size == "*":
                    starred += arguments[position : position + 1]
                    position += 1
                spelled.append(size)
            position += conversion != "%"
        numbers = [abs(a) for a in starred if isinstance(a, int) and not isinstance(a, bool)]
        # Every field is as wide as its width or its value: together, no wider than the limit.
        filled = self.text_size(*arguments)
        self.check_size(len(text) + sum(map(spelled_size, spelled)) + sum(numbers) + filled)

    def spec_size(self, spec: str) -> int:
        """A str.format field's spec, its nested fields filled: its width or precision,
        refused when either is over the limit."""
        size = max(map(spelled_size, _NUMBER.findall(spec)), default=0)
        self.check_size(size)
        return size

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` and ``format_map`` as Jinja's sandbox makes them (3.1.5+: the same
        checks, another formatter), with each field sized before it is built: its spec is
        known only then ("{0:{1}{2}}" pieces a width together from small numbers)."""
        if not isinstance(
            value, (types.MethodType, types.BuiltinMethodType)
        ) or value.__name__ not in (
            "format",
            "format_map",
        ):
            return None
        owner = value.__self__
        if not isinstance(owner, str):
            return None
        formatter: _SizedFormatter = (
            _SizedEscapeFormatter(self, escape=owner.escape)
            if isinstance(owner, Markup)
            else _SizedFormatter(self)
        )
        kind, is_map = type(owner), value.__name__ == "format_map"

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                args, kwargs = (), args[0]
            return kind(formatter.vformat(owner, args, kwargs))

        return functools.update_wrapper(wrapper, value)

    def check_str_method(self, owner: str | bytes, method: str, args: tuple[Any, ...]) -> None:
        if method in ("ljust", "rjust", "center", "zfill"):
            self.check_size(max((a for a in args if isinstance(a, int)), default=0))
        elif method == "expandtabs":  # every tab up to tabsize wide
            tabsize = max((a for a in args if isinstance(a, int)), default=8)
            self.check_size(
                len(owner) + owner.count("\t" if isinstance(owner, str) else b"\t") * tabsize
            )
        elif method == "translate" and args:
            table = args[0].values() if isinstance(args[0], Mapping) else args[0]
            if not isinstance(table, (Iterable, Mapping)):
                raise LimitExceeded("translate 的对照表应是映射或列表")
            longest = max((len(v) for v in table if isinstance(v, str)), default=1)
            self.check_size(len(owner) * longest)
        elif method == "replace" and len(args) >= 2:
            self.check_size(replace_size(owner, *args[:2]))
        elif method == "join" and args and isinstance(args[0], (list, tuple)):
            sizes = [len(x) if isinstance(x, TEXTS) else 0 for x in args[0]]
            self.check_size(len(owner) * max(len(sizes) - 1, 0) + sum(sizes))


class _SizedFormatter(SandboxedFormatter):
    """str.format in the sandbox, each field sized by its spec (its nested fields filled)
    before it is built, and the fields so far together ("{0:999999}" a hundred times)."""

    _env: BoundedSandbox  # SandboxedFormatter's own (jinja2 3.1.5+, as wrap_str_format)

    def vformat(self, format_string: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> str:
        self._total = len(format_string)
        return super().vformat(format_string, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> Any:
        self._total += max(self._env.spec_size(format_spec), self._env.text_size(value))
        self._env.check_size(self._total)
        return super().format_field(value, format_spec)


class _SizedEscapeFormatter(_SizedFormatter, EscapeFormatter):
    pass


def text_loop(name: str | None, text: str, texts: Iterable[str] = ()) -> str:
    """Why a loop over text is refused: it would print the text a character a row. The split
    it advises is by the separator the texts (``text`` and ``texts``, a column's cells) use."""
    what = f"「{name}」" if name else "循环的对象"
    separator = item_separator([text, *texts])
    written = "\\n" if separator == "\n" else separator
    split = f"{{% for 项 in {name or '值'}.split('{written}') %}}"
    return (
        f"{what}是一段文字（“{text[:20]}”），不是列表，for 循环会把它逐字拆开："
        f"一格中写了几项时，按分隔符拆开再循环，如 {split}（表格中逐行重复时写 {{%tr for … %}}）"
    )


# How a cell lists several items, most usual first: 、 and ； in 公文, then what a keyboard
# left in English mode types, then a line break within the cell (Alt+Enter).
ITEM_SEPARATORS = ("；", "、", ";", "，", ",", "\n")


def item_separator(texts: Iterable[str]) -> str:
    """The separator most of ``texts`` use (；when none does)."""
    counts = dict.fromkeys(ITEM_SEPARATORS, 0)
    for text in texts:
        for separator in ITEM_SEPARATORS:
            counts[separator] += separator in text
    best = max(ITEM_SEPARATORS, key=lambda s: counts[s])  # the first of equals
    return best if counts[best] else "；"


@pass_environment
def _counted(
    env: BoundedSandbox, iterable: Iterable[Any], name: str | None = None
) -> Iterator[Any]:
    if isinstance(iterable, str):
        raise TypeError(text_loop(name, iterable))
    meter = env.meter
    for item in iterable:
        meter.tick()
        yield item


def _guarded(original: Callable[..., Any], env: BoundedSandbox) -> Callable[..., Any]:
    """A builtin filter whose size arguments are checked before it runs."""

    passes_context = hasattr(original, "jinja_pass_arg")

    def guarded(*args: Any, **kwargs: Any) -> Any:
        value, *rest = args[1:] if passes_context else args
        _check_filter(env, original.__name__, value, rest, kwargs)
        if original.__name__ == "do_indent" and hasattr(value, "__html__"):
            # Jinja makes a text prefix markup as it is, beside a value that is markup.
            args = tuple(escape(a) if isinstance(a, str) else a for a in args)
            kwargs = {k: escape(v) if isinstance(v, str) else v for k, v in kwargs.items()}
        return original(*args, **kwargs)

    # Jinja passes the eval context to filters marked for it; keep the original's marking.
    if passes_context:
        guarded.jinja_pass_arg = original.jinja_pass_arg  # type: ignore[attr-defined]
    guarded.__name__ = original.__name__
    return guarded


def _check_filter(
    env: BoundedSandbox, name: str, value: Any, args: list[Any], kwargs: dict[str, Any]
) -> None:
    if name.endswith("format"):  # Jinja formats str(value): a list's, say
        env.check_size(env.text_size(value))
        env.check_format(str(value), (*args, *kwargs.values()))
    elif name in ("soft_str", "do_string"):  # |string
        env.check_size(env.text_size(value))
    elif name.endswith("replace") and len(args) >= 2:
        env.check_size(replace_size(str(value), str(args[0]), str(args[1])))
    elif name.endswith("batch"):  # each batch is a list of that many, filled up
        count = args[0] if args else kwargs.get("linecount", 0)
        env.check_size(count if isinstance(count, int) else 0)
    else:
        width = args[0] if args else kwargs.get("width", 0)
        lines = str(value).count("\n") + 1
        if isinstance(width, str):  # indent's prefix
            width = len(width)
        env.check_size(width * lines if isinstance(width, int) else 0)


# Filters that let text into the output unescaped: refused wherever they are reached (the
# fast path names a template's own |safe before any row; map('safe') reaches them here).
UNESCAPING_FILTERS = frozenset({"safe", "urlize"})


def _unescaping(name: str) -> Callable[..., Any]:
    def refused(*_: Any, **__: Any) -> Any:
        raise SecurityError(f"不允许使用 {name}：它让文字不经转义写进文件")

    return refused


def _sized(original: Callable[..., Any], env: BoundedSandbox) -> Callable[..., Any]:
    """A filter whose result is checked against the value size (wordwrap's wrapstring,
    tojson's indent, a list of millions): what no check before it could size."""

    at = 1 if hasattr(original, "jinja_pass_arg") else 0  # the value, after the environment
    compares = original.__name__.removeprefix("do_") in _COMPARING_FILTERS

    def sized(*args: Any, **kwargs: Any) -> Any:
        if compares and len(args) > at:  # sorted or hashed in C: its items sized first
            value = args[at]
            if isinstance(value, Iterable) and not isinstance(value, (str, Mapping)):
                value = list(value)
            args = (*args[:at], env.sized(value), *args[at + 1 :])
        return env.sized(original(*args, **kwargs))

    if hasattr(original, "jinja_pass_arg"):
        sized.jinja_pass_arg = original.jinja_pass_arg  # type: ignore[attr-defined]
    sized.__name__ = original.__name__
    return sized


def _measured(original: Callable[..., Any], env: BoundedSandbox) -> Callable[..., Any]:
    """``join`` or ``sum`` with the size of what it would build checked before it builds it
    (a separator of 100,000 characters between 10,000 items; lists summed)."""

    def measured(first: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
        items = list(value) if isinstance(value, Iterable) else value
        if isinstance(items, list):
            if original.__name__.endswith("join"):
                separator = args[0] if args else kwargs.get("d", "")
                sizes = [len(x) if isinstance(x, str) else max(20, env.text_size(x)) for x in items]
                env.check_size(len(str(separator)) * max(len(items) - 1, 0) + sum(sizes))
            else:
                start = kwargs.get("start", args[1] if len(args) > 1 else 0)
                if isinstance(start, (str, list, tuple)):
                    sized = [len(x) for x in items if isinstance(x, (str, list, tuple))]
                    env.check_size(len(start) + sum(sized))
                attribute = kwargs.get("attribute", args[0] if args else None)
                if isinstance(start, (list, tuple)) and attribute is None:
                    # Lists joined in one pass: sum() copies the total at every item, a
                    # quadratic time in C that no time limit stops (and then fails on an item
                    # of another type: said at once).
                    for item in items:
                        if type(item) is not type(start):
                            raise TypeError(
                                f'can only concatenate {type(start).__name__} (not "'
                                f'{type(item).__name__}") to {type(start).__name__}'
                            )
                    return type(start)(itertools.chain(start, *items))
        return original(first, items, *args, **kwargs)

    measured.jinja_pass_arg = original.jinja_pass_arg  # type: ignore[attr-defined]
    measured.__name__ = original.__name__
    return measured


# Filters that compare or hash the items they are given (in C, where no time limit reaches).
_COMPARING_FILTERS = frozenset({"sort", "unique", "groupby", "dictsort", "min", "max"})
# Jinja's tests that compare their value with their argument (or look for it in it).
_COMPARING_TESTS = frozenset(
    {"eq", "equalto", "==", "ne", "!=", "lt", "lessthan", "<", "le", "<=", "gt",
     "greaterthan", ">", "ge", ">=", "in"}
)  # fmt: skip


def _comparing(original: Callable[..., Any], env: BoundedSandbox) -> Callable[..., Any]:
    @functools.wraps(original)
    def comparing(value: Any, *args: Any) -> Any:
        for compared in (value, *args):
            env.sized(compared)
        return original(value, *args)

    return comparing


def _bounded_namespace(env: BoundedSandbox) -> type:
    """``namespace()`` whose attributes are checked as they are set: the one value a loop can
    carry from one iteration to the next ({% set ns.v = ns.v ~ ns.v %} doubles it each time)."""

    class BoundedNamespace(Namespace):
        def __setitem__(self, name: str, value: Any) -> None:
            if isinstance(value, (str, list, tuple, dict)):
                env.check_size(len(value))
            super().__setitem__(name, value)

    return BoundedNamespace


@contextmanager
def memory_cap(limits: RenderLimits) -> Iterator[None]:
    """While rows render in this process (and the workers it forks), its data segment may
    grow by ``limits.max_memory_bytes`` at most (Linux: RLIMIT_DATA counts the heap and
    private mappings; elsewhere a no-op). Restored after: LibreOffice, run later, needs more."""
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as status:
            held = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmData"))
    except (ImportError, OSError, StopIteration, ValueError):
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    cap = held + limits.max_memory_bytes
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield  # already as tight
        return
    resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


class deadline:
    """Interrupt pure-Python work after ``seconds`` (Unix main thread; elsewhere a no-op).

    The meter checks the clock in loops too, so platforms without SIGALRM are bounded as well.
    Entered once per rendered document, so it calls signal's C functions directly: the
    ``signal`` module converts every handler to and from enums, several µs a document.
    """

    __slots__ = ("previous", "seconds", "usable")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.usable = _CAN_ALARM and threading.current_thread() is threading.main_thread()

    def __enter__(self) -> None:
        if self.usable:
            self.previous = _signal.signal(_signal.SIGALRM, self._expire)
            _signal.setitimer(_signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc_info: object) -> None:
        if self.usable:
            _signal.setitimer(_signal.ITIMER_REAL, 0)
            _signal.signal(_signal.SIGALRM, self.previous)

    def _expire(self, signum: int, frame: Any) -> None:
        raise LimitExceeded(f"渲染超时（超过 {self.seconds:g} 秒）")


def render_chunks(template: Any, context: dict[str, Any], meter: Meter) -> list[str]:
    """The pieces Jinja yields for ``context`` (its constants as they are), within the limits."""
    limit = meter.limits.max_output_chars
    chunks: list[str] = []
    append = chunks.append
    size = 0
    try:
        for chunk in template.root_render_func(template.new_context(context)):
            append(chunk)
            size += len(chunk)
            if size > limit:
                raise LimitExceeded(f"生成的文档过大（超过 {limit} 个字符）")
            if not len(chunks) & 1023:
                meter.check_time()
    except Exception:
        template.environment.handle_exception()
    return chunks
