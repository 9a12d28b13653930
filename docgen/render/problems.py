"""What went wrong while filling a template, said in Chinese with the template place."""

from __future__ import annotations

import functools
import re
import traceback
from dataclasses import replace

from jinja2 import Environment, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.exceptions import TemplateError as JinjaTemplateError

from docgen.errors import DocgenError, Location, RenderLimitError, TemplateError
from docgen.render.limits import LimitExceeded
from docgen.text.listing import excerpt

_UNSAFE = re.compile(r"access to attribute '([^']+)'")
# An element's start or end tag (an empty one closes itself: <w:p/>), of the names given.
_ELEMENT = r"<(/?)w:({names})(?=[\s/>])[^>]*?(/?)>"
_PARAGRAPH_OR_TABLE = _ELEMENT.format(names="p|tbl")
# ... or the older copy of a text box Word writes beside the new one (not counted twice).
_PARAGRAPH_TABLE_OR_FALLBACK = _PARAGRAPH_OR_TABLE + r"|<(/?)mc:Fallback(?=[\s/>])[^>]*?(/?)>"
# ... or a table row, or a block tag.
_PARAGRAPH_TABLE_ROW_OR_BLOCK = re.compile(_ELEMENT.format(names="p|tbl|tr") + r"|\{%")
_TABLE_OR_ROW = re.compile(_ELEMENT.format(names="tbl|tr"))
# XML tags only: a "<" inside a Jinja tag ({% if 经费 < 100 %}) is the template's own text.
_TAGS = re.compile(r"</?[A-Za-z][\w.-]*:[\w.-]+(?:\s[^>]*)?/?>")


# A list split as if it were a cell's text: a YAML roster gives the items as a list already.
_SPLIT_LIST = re.compile(r"'(?:list|tuple) object' has no attribute '(?:split|rsplit|splitlines)'")
_SPLIT_LIST_SAID = (
    "模板对一个列表用了 .split：数据中这一项已经是列表（如 YAML 中逐项以“- ”写出），"
    "不用再拆分，直接循环即可，如 {% for 项 in 任务列表 %}"
)

# A date's method or part asked of text: a cell typed as text (2026.12.31), not a date.
_DATE_OF_TEXT = re.compile(
    r"'str object' has no attribute '(strftime|year|month|day|weekday|isoweekday|isoformat)'"
)


def _date_of_text_said(attribute: str) -> str:
    return (
        f"模板对一段文字用了「.{attribute}」：名单中这一格是文字（如“2026.12.31”“2026年12月31日”），"
        "不是 Excel 的日期单元格，没有这一项（请在 Excel 中把这一列设为日期格式后重新填写；"
        "或直接输出这一列，docgen 会按“2026年12月31日”写出日期单元格）"
    )


class MissingValueError(TemplateError):
    """The template uses a name the data does not give (``field`` names it)."""

    def __init__(self, name: str, location: Location) -> None:
        super().__init__(f"模板用到「{name}」，但数据中没有这个值", replace(location, field=name))
        self.name = name


# Jinja's and Python's words for what goes wrong most often in a hand-written template.
_JINJA_WORDS = [
    (re.compile(r"^unexpected '([}%])'$"), "「\\1」用得不对：{{ 要用 }} 结束，{% 要用 %} 结束"),
    (
        re.compile(r"^unexpected '(.+)', expected '(.+)'$"),
        lambda m: f"缺少「{m[2]}」：在「{_token(m[1])}」之前应有「{m[2]}」",
    ),
    (
        re.compile(r"""^unexpected char (['"])(.+)\1 at \d+$"""),
        lambda m: (
            f"标签中有无法识别的字符「{m[2]}」"
            + (
                FULL_WIDTH_HINT
                if m[2] in _FULL_WIDTH
                else "（引号没有成对？）"
                if m[2] in "'\""
                else ""
            )
        ),
    ),
    (re.compile(r"^Missing end of comment tag$"), "注释 {# 没有用 #} 结束"),
    (
        re.compile(r"^Encountered unknown tag '(end\w+)'\..*", re.S),
        "多出的 {% \\1 %}：前面没有与它对应的开始标签",
    ),
    (re.compile(r"^Encountered unknown tag '(.+?)'\..*", re.S), "未知的标签「\\1」"),
    (
        re.compile(r"^Unexpected end of template\. Jinja was looking for .*'(end\w+)'.*", re.S),
        "模板结束了，但还缺少 {% \\1 %}",
    ),
    (re.compile(r"^unexpected end of template.*", re.S), "模板在标签没有写完时就结束了"),
    (
        re.compile(r"^expected token '(.+?)', got '(.+)'$"),
        lambda m: f"标签写得不完整：此处应是「{_token(m[1])}」，却是「{_token(m[2])}」",
    ),
    (re.compile(r"^unexpected '(.+)'$"), lambda m: f"标签中不应出现「{_token(m[1])}」"),
    (
        re.compile(r"^No filter named '(.+?)'\.?$"),
        "没有名为「\\1」的过滤器（| 后面的名字写错了？）",
    ),
    (re.compile(r"^No test named '(.+?)'\.?$"), "没有名为「\\1」的判断（is 后面的名字写错了？）"),
    (re.compile(r"^(?:float |integer )?division(?: or modulo)? by zero$"), "除数为零"),
    (
        re.compile(r"^unsupported operand type\(s\) for (.+): '([\w.]+)' and '([\w.]+)'$"),
        lambda m: f"不能对{_kind(m[2])}和{_kind(m[3])}做「{m[1]}」运算{_text_hint(m[2], m[3])}",
    ),
    (
        re.compile(r"^'(.+)' not supported between instances of '([\w.]+)' and '([\w.]+)'$"),
        lambda m: f"不能用「{m[1]}」比较{_kind(m[2])}和{_kind(m[3])}{_text_hint(m[2], m[3])}",
    ),
    (
        re.compile(r"^%(\w) format: an? (?:real )?(number|integer) is required, not (\w+)$"),
        lambda m: (
            f"格式「%{m[1]}」需要{'整数' if m[2] == 'integer' else '数字'}，"
            f"这里却是{_kind(m[3])}（数据中的数字是否写成了文字？）"
        ),
    ),
    (
        re.compile(r"^empty separator$"),
        "split() 的分隔符是空的：标签内不能换行（Word 的换行会从标签中去掉），按行拆分请用 splitlines()",
    ),
    (
        re.compile(r"^Expected an expression, got '(.+)'$"),
        "标签中缺少表达式（如 {{ }} 中没有写名字，{% if %} 后面没有写条件）",
    ),
    (re.compile(r"^tag name expected$"), "{% %} 中缺少标签名（如 if、for）"),
    (re.compile(r"^'(\w+)' object is not iterable$"), lambda m: f"{_kind(m[1])}不能用于 for 循环"),
    (re.compile(r"^'(\w+)' object is not callable$"), lambda m: f"{_kind(m[1])}不能当作函数调用"),
    (
        re.compile(r"^can only concatenate str \(not \"(\w+)\"\) to str$"),
        lambda m: f"文字不能直接和{_kind(m[1])}相加（可改用 ~ 连接）",
    ),
    (
        re.compile(r"^object of type '(\w+)' has no len\(\)$"),
        lambda m: f"{_kind(m[1])}没有长度（length、count 只能用于文字或列表）",
    ),
    (
        re.compile(r"^no loader for this environment specified$"),
        "模板不能引用其他模板文件（include、extends、import、from）：请把内容直接写进模板",
    ),
    (
        re.compile(r"^not all arguments converted during string formatting$"),
        "格式字符串（%）中的占位符比给的值少",
    ),
    (
        re.compile(r"^not enough arguments for format string$"),
        "格式字符串（%）中的占位符比给的值多",
    ),
    (
        re.compile(r"^(?:tuple index out of range|Replacement index \d+ out of range.*)$"),
        "format() 中的占位符 {} 比给的值多",
    ),
    (
        re.compile(r"^Exceeds the limit \(\d+ digits\) for integer string conversion.*", re.S),
        "数字过长（超过 4300 位），无法写出",
    ),
    (
        re.compile(r"^can't multiply sequence by non-int of type '([\w.]+)'$"),
        lambda m: f"文字或列表只能乘以整数，不能乘以{_kind(m[1])}{_text_hint(m[1])}",
    ),
    (re.compile(r"^int too large to convert to float$"), "整数过大，无法换算成小数"),
    (
        re.compile(
            r"^(?:math range error|\(34, '(?:Numerical )?[Rr]esult (?:out of range|too large)'\))$"
        ),
        "计算结果超出了数字的范围",
    ),
    (
        re.compile(r"^type ([\w.]+) doesn't define __round__ method$"),
        lambda m: f"{_kind(m[1])}不能取整（round 只能用于数字）",
    ),
    (re.compile(r"^could not convert string to float: ''$"), "空白不能换算成数字"),
    (
        re.compile(r"""^could not convert string to float: (['"])(.*)\1$""", re.S),
        "文字「\\2」不能换算成数字",
    ),
]
# What an error message quotes, each quotation from its opening mark to its closing one; a
# value quoted whole (a cell of 32,000 digits through cn_date) is cut to its start.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”|「[^」]*」")
_QUOTE_KEPT = 40


# Jinja's names for the tokens it expected or met, as they are written in a template.
_TOKENS = {
    "end of print statement": "}}",
    "end of statement block": "%}",
    "begin of print statement": "{{",
    "begin of statement block": "{%",
    "end of comment": "#}",
    "begin of comment": "{#",
    "end of template": "模板结尾",
    "name": "名字",
    "string": "文字",
    "integer": "整数",
    "float": "小数",
}
FULL_WIDTH_HINT = "（标签内的括号、引号、逗号等须用半角字符）"
_FULL_WIDTH = set("（）【】《》，。：；！？“”‘’、　｛｝［］＝＋－＊／％｜")


def _token(description: str) -> str:
    return _TOKENS.get(description, description)


_KINDS = {
    "str": "文字",
    "int": "整数",
    "float": "小数",
    "NoneType": "空值",
    "bool": "真假值",
    "list": "列表",
    "tuple": "列表",
    "dict": "映射",
    "ShownNumber": "数字",
    "ShownInteger": "数字",
    "WrittenDate": "日期",
    "WrittenDateTime": "日期时间",
    "WrittenTime": "时间",
    "date": "日期",
    "datetime": "日期时间",
    "time": "时间",
    "ShownDate": "日期",
    "Markup": "文字",
    "BlankUndefined": "空白",
}


def _text_hint(*python_types: str) -> str:
    """Why a row's value may be of the wrong kind, when one of them is text."""
    texts = ("str", "Markup")
    return "（数据中的数字是否写成了文字？）" if any(t in texts for t in python_types) else ""


def _shortened(found: re.Match[str]) -> str:
    quoted = found[0]
    if len(quoted) <= _QUOTE_KEPT + 22:
        return quoted
    return quoted[: _QUOTE_KEPT + 1] + "…" + quoted[-1]


def _kind(python_type: str) -> str:
    name = python_type.rsplit(".", 1)[-1]  # datetime.datetime
    return _KINDS.get(name, name)


def jinja_words(message: str) -> str:
    """A Jinja or Python error message in Chinese when it is a common one, else as it is."""
    message = _QUOTED.sub(_shortened, message)
    for pattern, chinese in _JINJA_WORDS:
        if pattern.match(message):
            return pattern.sub(chinese, message)
    return message


def render_problem(exc: BaseException, where: Location) -> DocgenError:
    """A user-facing error for an exception raised while rendering at ``where``."""
    if isinstance(exc, DocgenError):
        return exc
    if isinstance(exc, UndefinedError):
        if _SPLIT_LIST.match(exc.message or ""):
            return TemplateError(_SPLIT_LIST_SAID, where)
        if found := _DATE_OF_TEXT.fullmatch(exc.message or ""):
            return TemplateError(_date_of_text_said(found[1]), where)
        return MissingValueError(undefined_name(exc), where)
    if isinstance(exc, LimitExceeded):
        return RenderLimitError(f"超出安全限制：{exc}", where)
    if isinstance(exc, SecurityError):
        found = _UNSAFE.search(str(exc))
        detail = f"不允许访问「{found.group(1)}」" if found else str(exc)
        return TemplateError(f"模板触犯了安全限制：{detail}", where)
    if isinstance(exc, TemplateSyntaxError):
        return TemplateError(f"模板标签有语法错误：{jinja_words(exc.message or '')}", where)
    if isinstance(exc, RecursionError):
        return TemplateError("模板递归过深", where)
    if isinstance(exc, MemoryError):  # past RenderLimits.max_memory_bytes, most likely
        return RenderLimitError("超出安全限制：渲染所需内存过多", where)
    if isinstance(exc, (JinjaTemplateError, TypeError, ValueError, ArithmeticError, LookupError)):
        return TemplateError(f"模板渲染失败：{jinja_words(str(exc))}", where)
    return TemplateError(f"模板渲染失败：{type(exc).__name__}：{exc}", where)


# An attribute docxtpl's patch keeps on a paragraph: its number as the template's author counts.
PARAGRAPH_NUMBER = "docgen-p"
_NUMBERED = re.compile(PARAGRAPH_NUMBER + r'="(\d+)"')


def paragraph_number(start_tag: str) -> int | None:
    """The number ``number_paragraphs`` gave the paragraph with this start tag, if any."""
    found = _NUMBERED.search(start_tag)
    return int(found[1]) if found else None


def number_paragraphs(xml: str) -> str:
    """A part's XML, before docxtpl's patch, with each paragraph outside tables numbered. The
    patch joins the paragraphs a tag spans ("{{ 单位" ⏎ "名称 }}"), so counting paragraphs
    after it would place every later error a paragraph too early."""
    pieces, last, depth, number = [], 0, 0, 0
    fallback = 0  # inside a text box's older copy: the same paragraphs again
    for match in re.finditer(_PARAGRAPH_TABLE_OR_FALLBACK, xml):
        closing, tag, empty, fallback_closing, fallback_empty = match.groups()
        if tag is None:
            fallback += 0 if fallback_empty else -1 if fallback_closing else 1
        elif tag == "tbl":
            depth += 0 if empty else -1 if closing else 1
        elif not closing and depth == 0 and fallback == 0:
            number += 1
            at = match.start() + len("<w:p")
            pieces += [xml[last:at], f' {PARAGRAPH_NUMBER}="{number}"']
            last = at
    return "".join(pieces) + xml[last:]


def written_paragraph(numbered: str, number: int) -> tuple[str | None, str]:
    """The text, tags included, of paragraph ``number`` of a part's XML as the user wrote it
    (``number_paragraphs``'s output, before docxtpl's patch joins anything), and the text of
    the part after it."""
    start = numbered.find(f'<w:p {PARAGRAPH_NUMBER}="{number}"')
    if start < 0:
        return None, ""
    end = numbered.find("</w:p>", start)
    end = end if end > 0 else len(numbered)
    return _TAGS.sub("", numbered[start:end]).strip(), _TAGS.sub("", numbered[end:])


# A tag opened and never closed before the text ends; the first opening or closing of a tag.
_UNCLOSED_TAG = re.compile(r"(\{\{|\{%)(?:(?!\}\}|%\}).)*$", re.S)
_OPENING_OR_CLOSING = re.compile(r"\{\{|\{%|\}\}|%\}")


def unclosed_tag(text: str, after: str = "") -> str | None:
    """The opening ("{{" or "{%") of a tag ``text`` leaves open — its last opening, with no
    closing after it — that the text ``after`` it does not close before opening another."""
    found = _UNCLOSED_TAG.search(text)
    if found is None:
        return None
    first = _OPENING_OR_CLOSING.search(after)
    return found[1] if first is None or first[0] in ("{{", "{%") else None


def table_place(xml: str, at: int) -> tuple[int | None, int | None]:
    """The table and its row holding position ``at`` of a part's XML, as a Word user counts
    them (tables of the part from 1, a nested table's paragraphs placed by the outer table's
    row); (None, None) outside tables."""
    depth = tables = rows = 0
    for match in _TABLE_OR_ROW.finditer(xml, 0, at):
        closing, tag, empty = match.groups()
        if empty:
            continue
        if tag == "tbl":
            depth += -1 if closing else 1
            if depth == 1 and not closing:
                tables, rows = tables + 1, 0
        elif depth == 1 and not closing:
            rows += 1
    return (tables, rows) if depth else (None, None)


def template_place(
    file: str,
    source: str,
    line: int | None,
    shown: tuple[tuple[str, str], ...] = (),
    at: int | None = None,
) -> Location:
    """Where Jinja's ``line`` is in a docxtpl part's compiled ``source``, as a Word user finds
    it: the paragraph's number among the body's own paragraphs (table cells not counted, a
    paragraph in a table said so; taken from ``number_paragraphs`` where ``source`` has it)
    and its text with its tags — those made from Word's merge fields as the user sees them
    there (``shown``: tag, the field's shown text). ``at``: where on the line the error is, when
    known — the "{%" of a tag, which may stand alone where docxtpl made its row ({%tr %}) or
    paragraph ({%p %}) into it."""
    if not line:
        return Location(file=file)
    if at is None:
        at = _lone_bare_tag(source, line)
    number, excerpt, table, row = _paragraph_at(source, line, shown, at)
    return Location(
        file=file,
        paragraph=number,
        excerpt=excerpt,
        in_table=table is not None,
        table=table,
        table_row=row,
    )


def _lone_bare_tag(source: str, line: int) -> int | None:
    """On a line whose paragraph holds no tag, the bare tag after it (a {%tr for %} made from
    the row below): the only place on the line an error can come from."""
    begin = nth_find(source, "\n", line - 2) if line > 1 else -1
    if begin is None:
        return None
    end = source.find("\n", begin + 1)
    text = source[begin + 1 : end if end >= 0 else None]
    bare = _BARE_BLOCK.search(text)
    if bare is None or "{{" in text[: bare.end()] or "{%" in text[: bare.end()]:
        return None
    return begin + 1 + bare.end()


@functools.lru_cache(maxsize=256)
def _paragraph_at(
    source: str, line: int, shown: tuple[tuple[str, str], ...] = (), at: int | None = None
) -> tuple[int | None, str | None, int | None, int | None]:
    """The paragraph's number outside tables, its text, and in a table, the table's number and
    its row's."""
    # docxtpl's marker puts every <w:p> on a new line; the line's start is inside a paragraph.
    position = nth_find(source, "\n", line - 2) if line > 1 else -1
    if position is None:
        return None, None, None, None
    depth, number, start, in_paragraph = 0, 0, -1, False
    tables = rows = 0
    in_row = False
    # Up to the end of the line's first tag (the paragraph starting it, numbered or not), or
    # of the tag at ``at``.
    if at is None:
        until = source.find(">", max(position, 0)) + 1
    else:
        until = source.find("%}", at) + 2 if "%}" in source[at:] else len(source)
    for match in _PARAGRAPH_TABLE_ROW_OR_BLOCK.finditer(source, 0, until):
        closing, tag, empty = match.group(1), match.group(2), match.group(3)
        if tag == "tbl":
            depth += 0 if empty else -1 if closing else 1
            if depth == 1 and not closing and not empty:
                tables, rows = tables + 1, 0
        elif tag == "tr":
            if depth == 1:  # a nested table's rows are its own
                in_row = not closing and not empty
                rows += in_row
        elif tag == "p":
            in_paragraph = not closing and not empty
            if not closing:
                start = match.start()
                numbered = paragraph_number(match.group(0)) if depth == 0 else None
                number = numbered if numbered is not None else number + (depth == 0)
        elif depth == 0 and not in_paragraph:
            number += 1  # a {%p %} tag: docxtpl made its paragraph into the bare tag
        elif depth == 1 and not in_row and not in_paragraph:
            rows += 1  # a {%tr %} tag: docxtpl made its row into the bare tag
    if start < 0:
        return None, None, None, None
    # The whole line: its paragraph and any tag after it (a {%tr for %} before the next row);
    # or the tag at ``at`` standing alone.
    end = source.find("\n", position + 1)
    text = _TAGS.sub("", source[start : end if end > 0 else None]).strip()
    if at is not None and not in_paragraph:
        text = source[at:until]
    for tag, field in shown:
        text = text.replace(tag, field)
    if depth:
        return None, excerpt(text) or None, tables, rows
    return number, excerpt(text) or None, None, None


# Jinja's tags that open a block closed by "end" + their name.
_BLOCKS = frozenset({"for", "if", "macro", "call", "filter", "with", "autoescape", "raw"})


def unclosed_block(environment: Environment, source: str) -> int | None:
    """Where in ``source`` the innermost block a template opens and never closes starts (the
    "{%" of a "{%tr for %}" without its endfor): Jinja reports the end of the template, where
    there is nothing to fix."""
    opened: list[tuple[str, int, int]] = []  # the tag, its line, its number among the line's
    on_line: dict[int, int] = {}
    tokens = iter(environment.lex(source))  # lexed once already: the error is the parser's
    for line, kind, _ in tokens:
        if kind != "block_begin":
            continue
        nth = on_line[line] = on_line.get(line, -1) + 1
        name = next((value for _, k, value in tokens if k != "whitespace"), "")
        if name in _BLOCKS:
            opened.append((name, line, nth))
        elif name.startswith("end") and opened and opened[-1][0] == name[3:]:
            opened.pop()
    if not opened:
        return None
    _, line, nth = opened[-1]
    start = nth_find(source, "\n", line - 2) if line > 1 else -1
    return None if start is None else nth_find(source, "{%", nth, start + 1)


# A block tag standing between XML elements: where docxtpl made a {%tr %} row or {%p %}
# paragraph into the bare tag.
_BARE_BLOCK = re.compile(r">(?=\{%)")


def bare_tag_error(environment: Environment, source: str) -> int | None:
    """Where in ``source`` the bare block tag with a syntax error starts, if the error is in
    one: Jinja gives only the line, and a bare tag shares its line with the paragraph before
    it (the last of the row above). Parsed again with each bare tag on a line of its own."""
    starts = [match.end() for match in _BARE_BLOCK.finditer(source)]
    if not starts:
        return None
    try:
        environment.parse(_BARE_BLOCK.sub(">\n", source))
    except TemplateSyntaxError as exc:
        line = exc.lineno
    else:
        return None
    # The k-th bare tag begins line (its line in ``source``) + k + 1 of the variant.
    newlines = last = 0
    for number, start in enumerate(starts):
        newlines, last = newlines + source.count("\n", last, start), start
        if newlines + number + 2 == line:
            return start
    return None


def nth_find(text: str, sub: str, n: int, start: int = 0) -> int | None:
    """Where the ``n``-th (from 0) ``sub`` in ``text`` from ``start`` begins; None if fewer."""
    at = start - 1
    for _ in range(n + 1):
        at = text.find(sub, at + 1)
        if at < 0:
            return None
    return at


def template_line(exc: BaseException) -> int | None:
    """The template line an error happened on (Jinja rewrites tracebacks to point there)."""
    line = getattr(exc, "lineno", None)
    if line:
        return int(line)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == "<template>":
            return frame.lineno
    return None


def undefined_name(exc: UndefinedError) -> str:
    """Jinja says "'unit' is undefined" or "'dict object' has no attribute 'x'"; keep the name."""
    message = exc.message or ""
    if message.startswith("'") and "' is undefined" in message:
        return message[1 : message.index("' is undefined")]
    if "has no attribute '" in message:
        return message.rsplit("has no attribute '", 1)[1].rstrip("'")
    return message
