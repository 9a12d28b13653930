"""Specs for the bounded sandbox: the same output as the docgen sandbox, until a limit is crossed."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from docgen.render.limits import BoundedSandbox, LimitExceeded, RenderLimits, render_chunks
from docgen.templating import DocgenSandbox

BENIGN = [
    "{% for u in units %}{{ loop.index }}.{{ u }}{% if not loop.last %}、{% endif %}{% endfor %}",
    "{{ '%06d' % 42 }}|{{ '{:>6}'.format('x') }}|{{ 'ab'|center(6) }}|{{ 'a\nb'|indent(2) }}",
    "{{ 'R&D <1>'|replace('&', '和') }}|{{ text|replace('粗', '<') }}|{{ '%s'|format('&') }}",
    "{{ units|length * 3 }}|{{ 2 ** 10 }}|{{ 'ab' * 3 }}|{{ [0] * 3 }}|{{ 7 % 3 }}",
    "{% for k, v in table.items() %}{{ k }}={{ v }};{% else %}空{% endfor %}",
    "{{ 12 | cn_number }}{{ 3 | ordinal('yishi') }}",
    "{{ units|join('、') }}|{{ [1, 2]|sum }}|{{ [[1], [2]]|sum(start=[]) }}|{{ 'a' + 'b' }}",
    "{% set ns = namespace(v='') %}{% for u in units %}{% set ns.v = ns.v ~ u %}{% endfor %}"
    "{{ ns.v }}|{{ (1,) + (2,) }}|{{ 1 + 2 }}|{{ 'x\ny'|indent('> ') }}|{{ '%*d'|format(4, 1) }}",
    "{{ [1, '<a>']|string }}|{{ 'a<' ~ [1] }}|{{ '%-5d|' % 3 }}|{{ ('{0:3}' * 3).format(1) }}",
    # A big number as a value, not as a width: "%*d" takes only its width from the arguments.
    "{{ '%*d' % (3, 10 ** 11) }}|{{ '%d%% %.*f' % (10 ** 11, 2, 0.5) }}|{{ '{:.{p}}'.format(1.5, p=2) }}",
    # Lists, tuples and dicts written in a template, unpacked in loops.
    "{% for a, b in [(1, '甲'), (2, '乙')] %}{{ a }}{{ b }}{% endfor %}|{{ {'a': [1, 2]} }}|"
    "{% set x, y = 1, 2 %}{{ x + y }}|{{ [] * 10 ** 12 }}|{{ [[0] * 10] * 10 == [[0] * 10] * 10 }}|"
    "{{ 1 < 2 < 3 }}|{{ 'a' in 'abc' }}|{{ 2 not in [1] }}|{{ 3 is eq(3) }}|{{ {'a': 1}['a'] }}",
]
CONTEXT: dict[str, Any] = {
    "units": ["市教育局", "市公安局", "市财政局"],
    "text": Markup("粗 &amp; 斜"),  # Markup made by docgen; markup in it is its own
    "table": {"甲": 1, "乙": 2},
}


@pytest.mark.parametrize("source", BENIGN)
@pytest.mark.parametrize("autoescape", [True, False])
def test_benign_templates_render_exactly_as_in_the_docgen_sandbox(
    source: str, autoescape: bool
) -> None:
    bounded = BoundedSandbox(autoescape=autoescape)
    bounded.meter.start()
    expected = DocgenSandbox(autoescape=autoescape).from_string(source).render(CONTEXT)
    assert render_limited(bounded.from_string(source), CONTEXT, bounded.meter) == expected


def render_limited(template: Any, context: dict[str, Any], meter: Any) -> str:
    """The whole text within the limits, as the fast path renders it."""
    return "".join(render_chunks(template, context, meter))


def test_the_iteration_budget_is_per_document() -> None:
    env = BoundedSandbox(RenderLimits(max_iterations=1000))
    template = env.from_string("{% for i in range(600) %}{% endfor %}")
    for _ in range(3):
        env.meter.start()
        render_limited(template, {}, env.meter)  # 600 each time: under 1000 per document


def test_iterations_are_counted_across_all_loops_of_a_document() -> None:
    env = BoundedSandbox(RenderLimits(max_iterations=1000))
    env.meter.start()
    source = "{% for i in range(600) %}{% endfor %}{% for i in range(600) %}{% endfor %}"
    with pytest.raises(LimitExceeded):
        render_limited(env.from_string(source), {}, env.meter)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{% if 备注 %}有{% else %}无{% endif %}", "无"),
        ("{% if 备注 == '' %}空{% endif %}{% if 备注 != '' %}非空{% endif %}", "空"),
        ("{% for t in 备注 %}{{ t }}{% endfor %}共{{ 备注|length }}项", "共0项"),
        ("{{ 备注|default('无') }}", "无"),
        ("{{ '有' if 备注 is defined else '缺' }}", "缺"),
    ],
)
def test_a_blank_value_is_blank_in_tests_and_loops(source: str, expected: str) -> None:
    env = BoundedSandbox()
    env.meter.start()
    assert env.from_string(source).render({}) == expected


def test_a_blank_value_printed_is_an_error_naming_it() -> None:
    from jinja2 import UndefinedError

    env = BoundedSandbox()
    env.meter.start()
    with pytest.raises(UndefinedError, match="备注"):
        env.from_string("备注：{{ 备注 }}").render({})


@pytest.mark.parametrize(
    "source",
    [
        # A value a loop carries from one iteration to the next, doubled each time.
        "{% set s = namespace(v='a') %}{% for i in range(60) %}{% set s.v = s.v ~ s.v %}"
        "{% endfor %}",
        "{% set s = namespace(v=[1]) %}{% for i in range(40) %}{% set s.v = s.v + s.v %}"
        "{% endfor %}",
        # One filter call building a huge value from small arguments.
        "{{ (range(9999)|list)|join('x' * 100000) }}",
        "{{ ('a\n' * 20000)|indent('x' * 100000) }}",
        "{{ '%*d'|format(10 ** 9, 1) }}",
        # Widths and precisions of "%" and format() wherever they stand (sized to fail fast,
        # with a MemoryError or Python's own refusal, were they not refused first).
        "{{ '%*d' % (10 ** 11, 1) }}",
        "{{ '%(a)100000000000s' % {'a': 'x'} }}",
        "{{ '%.*f' % (10 ** 11, 1.0) }}",
        "{{ '%.100000000000f' % 1.0 }}",
        "{{ '{:{w}}'.format('x', w=10 ** 11) }}",
        "{{ '{a:{w}}'.format_map({'a': 'x', 'w': 10 ** 11}) }}",
        # A mapping key holding parentheses, as Python reads it; a width pieced together from
        # small numbers, written as text, or held in a list.
        "{{ '%((a))100000000000s' % {'(a)': 'x'} }}",
        "{{ '{0:{1}{2}{2}{2}{2}{2}}'.format('x', 1000000, 0) }}",
        "{{ '{0:{1}}'.format('x', '100000000000') }}",
        "{{ '{0:{1[0]}}'.format('x', [10 ** 11]) }}",
        # ~ joins a value to itself a {% set %} at a time.
        "{% set a = 'x' * 600000 %}{% set b = a ~ a %}{{ b|length }}",
        # A star's negative width (left-justified), |format of a list's text, many fields
        # each under the limit, translate's mapping, a list written or joined as text.
        "{{ '%*d' % (-10 ** 11, 1) }}",
        "{{ ['%100000000000d']|format(1) }}",
        "{{ ('{0:999999}' * 100).format(1)|length }}",
        "{{ ('%(a)999999d' * 100) % {'a': 1} }}",
        "{{ ('a' * 100).translate({97: 'x' * 999999}) }}",
        "{% set l = ['x' * 999999] * 900 %}{{ l }}",
        "{% set l = ['x' * 999999] * 900 %}{{ (l ~ '')|length }}",
        "{% set l = ['x' * 999999] * 900 %}{{ l|string|length }}",
        # The values filled in, not only the widths; a translate table that is a list; what
        # str() makes of big numbers, a namespace, a dict's items.
        "{% set x = 'a' * 999999 %}{{ ('{0}' * 300).format(x)|length }}",
        "{% set x = 'a' * 999999 %}{{ ('%s' * 300 % ((x,) * 300))|length }}",
        "{% set x = 'b' * 999999 %}{{ ('a' * 2000).translate([x] * 98)|length }}",
        "{% set n = (10 ** 999) ** 4 %}{% set l = [n] * 100000 %}{{ (l ~ '')|length }}",
        "{% set x = 'a' * 999999 %}{% set ns = namespace(a=x, b=x) %}{{ (ns ~ '')|length }}",
        "{% set x = 'a' * 999999 %}{{ ({'a': x, 'b': x}.items() ~ '')|length }}",
        # Chained through namespaces and cyclers, a link a loop (security review 22).
        "{% set ns = namespace(c=none) %}{% for i in range(3000) %}"
        "{% set ns.c = namespace(p=ns.c, b='汉' * 999990 ~ i) %}{% endfor %}",
        "{% set ns = namespace(c=none) %}{% for i in range(3000) %}"
        "{% set ns.c = cycler(ns.c, '汉' * 999990 ~ i) %}{% endfor %}",
        "{{ ([[1] * 100000] * 3000)|sum(start=[]) }}",
        # What only the result shows: a string method, a filter's own argument, a macro.
        "{{ ('x' * 100000).join(range(300)|map('string')|list) }}",
        "{{ ('a b ' * 10000)|wordwrap(2, wrapstring='x' * 5000) }}",
        "{{ (range(100)|list)|tojson(indent=500000) }}",
        "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% endif %}{% endmacro %}{{ d('ab', 30) }}",
        "{{ range(3000)|batch(9000000, 'x')|list|length }}",
        # Lists nested by reference: a million items each; one == or in walks them all in C,
        # where no time limit reaches (security review 17: minutes for one row).
        "{% set a = [1] * 1000 %}{% set c = [a] * 1000 %}{{ c == c }}",
        "{% set a = [1] * 1000 %}{% set b = [a, a, a, a, a, a, a, a, a, a] %}"
        "{% set c = [b, b, b, b, b, b, b, b, b, b] %}{% set d = (c, c, c, c, c, c, c, c, c, c) %}"
        "{{ d == d }}",
        "{% set a = [1] * 1000 %}{% set b = {'k': [a] * 500, 'l': [a] * 500} %}{{ b == b }}",
        "{% set a = [1] * 1000 %}{% set b = [a] * 500 %}{{ (b + b) == b }}",
        # Nested by a loop's +, then compared, looked for, tested or hashed.
        *(
            "{% set a = range(1000)|list %}{% set ns = namespace(l=[], m=[]) %}"
            "{% for i in range(1000) %}{% set ns.l = ns.l + [a] %}{% set ns.m = ns.m + [a] %}"
            "{% endfor %}" + compare
            for compare in (
                "{{ ns.l == ns.m }}",
                "{{ ns.l in [ns.m] }}",
                "{{ ns.l is eq(ns.m) }}",
                "{{ {ns.l: 1} }}",
            )
        ),
        # Nested by a filter's fill value or a method (security review 19), then counted or
        # hashed in C.
        "{% set a = [0]|batch(1000, 'x')|first %}{% set b = [0]|batch(1000, a)|first %}"
        "{% set c = [0]|batch(1000, b)|first %}{{ c.count(b) }}",
        "{% set a = [0]|batch(1000, 'x')|first %}{% set d = {}.fromkeys(range(1000), a) %}"
        "{% set e = {}.fromkeys(range(1000), d) %}{{ e|length }}",
        # Nested by filters (security review 18), then compared or sorted in C.
        *(
            "{% set a = range(1000)|list %}{% set a2 = range(1000)|list %}"
            "{% set b = range(1)|batch(1000, a)|first %}{% set b2 = range(1)|batch(1000, a2)|first %}"
            "{% set c = range(1)|batch(300, b)|first %}{% set c2 = range(1)|batch(300, b2)|first %}"
            + compare
            for compare in ("{{ c == c2 }}", "{{ [c, c2]|sort|length }}", "{{ [c, c2]|max }}")
        ),
        # Bytes (security review 20): a text's .encode() repeated, joined, grown or padded.
        "{{ (('x' * 500000).encode() * 600)|length }}",
        "{% set b = ('x' * 900000).encode() %}{{ (b + b)|length }}",
        "{{ ('x'.encode()).center(2000000)|length }}",
        "{{ ('-'.encode().join([('x' * 600000).encode()] * 3))|length }}",
        # Tabs expanded, and joins of what is not a list (a text's characters, a range).
        "{{ ('\t' * 1000).expandtabs(999999)|length }}",
        "{{ ('x' * 2000).join('y' * 1000)|length }}",
        "{{ '--'.join(('y' * 999999)|map('upper'))|length }}",
    ],
)
def test_values_grown_past_the_size_limit_are_refused_before_they_are_built(source: str) -> None:
    bounded = BoundedSandbox()
    bounded.meter.start()
    with pytest.raises(LimitExceeded, match="生成的值过长"):
        render_limited(bounded.from_string(source), CONTEXT, bounded.meter)


def test_a_join_that_escaping_grows_past_the_limit_is_refused() -> None:
    """Each ' becomes &#39; when ~ joins it to markup: five times the text."""
    bounded = BoundedSandbox(autoescape=True)
    bounded.meter.start()
    source = "{% set q = \"'\" * 999999 %}{% set v = q ~ ('a'|e) %}{{ v|length }}"
    with pytest.raises(LimitExceeded, match="生成的值过长"):
        render_limited(bounded.from_string(source), CONTEXT, bounded.meter)


@pytest.mark.parametrize(
    "source",
    ["{{ [text]|map('safe')|first }}", "{{ [text]|map('urlize')|join }}"],
)
def test_unescaping_filters_are_refused_however_they_are_reached(source: str) -> None:
    bounded = BoundedSandbox(autoescape=True)
    bounded.meter.start()
    with pytest.raises(SecurityError, match="不允许使用"):
        render_limited(bounded.from_string(source), {"text": "<w:r/>"}, bounded.meter)


def test_a_text_prefix_beside_markup_is_escaped_by_indent() -> None:
    """Jinja makes the prefix markup as it is when the value is markup (a {% set %} block)."""
    bounded = BoundedSandbox(autoescape=True)
    bounded.meter.start()
    source = "{% set s %}\n{% endset %}{{ s|indent(prefix, true) }}"
    out = render_limited(bounded.from_string(source), {"prefix": "<w:r/>"}, bounded.meter)
    assert out == "&lt;w:r/&gt;\n"


def test_tabs_under_long_run_properties_are_measured_before_docxtpl_copies_them() -> None:
    """docxtpl's listing copies a run's properties twice for each tab, after the render was
    measured: a long <w:rPr> and a row of tabs would take gigabytes."""
    from docxtpl_support import paragraphs_template, parts_of, with_parts

    from docgen.errors import RenderLimitError
    from docgen.render.fastpath import prepare

    template = paragraphs_template("{{ 单位名称 }}", "{{ 值 }}")
    fonts = "".join(f'<w:rFonts w:hint="eastAsia{n}"/>' for n in range(3000))  # ~90 KB
    document = parts_of(template)["word/document.xml"].replace(
        b'<w:rPr><w:sz w:val="32"/></w:rPr>',
        f'<w:rPr><w:sz w:val="32"/>{fonts}</w:rPr>'.encode(),
    )
    prepared = prepare(with_parts(template, {"word/document.xml": document}), "制表.docx")
    prepared.render({"单位名称": "甲", "值": "a\tb"})  # a few tabs are fine
    with pytest.raises(RenderLimitError, match="过大"):
        prepared.render({"单位名称": "甲", "值": "a" + "\t" * 1000 + "b"})


def test_the_jinja_code_the_sandbox_mirrors_is_still_there() -> None:
    """``_SizedCode`` and ``wrap_str_format`` copy jinja2 3.1's: a Jinja that changed them
    needs them looked at again (pyproject pins jinja2 below 3.2)."""
    import inspect

    from jinja2.compiler import CodeGenerator
    from jinja2.sandbox import SandboxedEnvironment, SandboxedFormatter

    concat = inspect.getsource(CodeGenerator.visit_Concat)
    assert "markup_join" in concat and "str_join" in concat
    assert 'self.write(": ")' in inspect.getsource(CodeGenerator.visit_Dict)
    assert "operators[node.op]" in inspect.getsource(CodeGenerator.visit_Operand)
    assert "SandboxedFormatter" in inspect.getsource(SandboxedEnvironment.wrap_str_format)
    assert "self._env" in inspect.getsource(SandboxedFormatter)


def test_lists_summed_are_joined_in_one_pass_within_the_time_limit() -> None:
    """Security review 18: sum() of 300,000 one-item lists copies the total at every step,
    a quadratic time in C (109 s; 150,000: about 27 s) that no time limit stops; joined in one
    pass instead, and a last item of another type refused at once (security review 19)."""
    bounded = BoundedSandbox(RenderLimits(seconds=10))
    bounded.meter.start()
    source = (
        "{{ (('x' * 150000)|list|batch(1)|sum(start=[]))|length }}|{{ [[1], [2]]|sum(start=[]) }}"
    )
    assert render_limited(bounded.from_string(source), {}, bounded.meter) == "150000|[1, 2]"
    mixed = "{{ (('x' * 50000)|list|batch(1)|list + [(0,)])|sum(start=[]) }}"
    with pytest.raises(TypeError, match="can only concatenate list"):
        render_limited(bounded.from_string(mixed), {}, bounded.meter)
