"""What is said or refused before any row is rendered: the names a template reads that no
column of the roster has, Word merge fields and their columns, loops over text, tags in
full-width brackets, a template without any tag, a column's dates written in several ways."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import replace

from docgen.batch.report import Report
from docgen.batch.rows import row_context
from docgen.errors import (
    DocgenError,
    InputError,
    Location,
)
from docgen.load.roster import Roster, Row, other_sheets
from docgen.load.table import header_title
from docgen.render.fastpath import PreparedTemplate
from docgen.render.limits import item_separator, text_loop
from docgen.render.pattern import closest_column, columns_read
from docgen.render.problems import MissingValueError
from docgen.text.dates import date_shape
from docgen.text.listing import few, most_alike


def unfilled(prepared: PreparedTemplate, roster: Roster, template: str) -> list[str]:
    """Said before the rows: names the template reads that no column of the data has (each
    row would fail on it, unless the template tests it first). Refused instead, before any
    file, what would spoil every file alike: no tag at all (nor a Word mail-merge field, which
    sanitising made a tag), tags in full-width brackets, a tag's closing with no opening, a
    name no column has that the first row prints."""
    typed = prepared.typed_merge_fields()
    for name, place in typed.items():
        if not prepared.tagged or name in roster.columns or header_title(name) in roster.columns:
            raise InputError(
                _typed_merge_field(name) + "，未生成任何文件" + _how_to_insert(name), place
            )
    if not prepared.tagged:
        raise InputError(
            "模板中没有 {{ }} 标签，每一行生成的文件都会完全相同，未生成任何文件"
            "（在 Word 中把要替换的地方写成 {{ 单位名称 }} 这样的标签，名字与数据表的列名相同）",
            Location(file=template),
        )
    _refuse_loops_over_text(prepared, roster)
    full_width = prepared.full_width_tag()
    if full_width is not None:
        raise InputError(
            "标签的括号是全角字符（｛｛ ｝｝或 ％）：这不是标签，每个文件里都会原样留下，"
            "未生成任何文件（请改为半角的 {{ }}、{% %}：输入时切换到英文标点）",
            full_width,
        )
    stray = prepared.stray_closing()
    if stray is not None:
        raise InputError(
            "这里有多出的「}}」（或「%}」「#}」）：它前面没有对应的「{{」，不是标签，每个文件里都会"
            "原样留下，未生成任何文件（请补全开头的括号，如 {{ 单位名称 }}，或删掉多出的括号）",
            stray,
        )
    for column, place in prepared.merge_fields.items():
        if column not in roster.columns:
            said = _lacking_merge_column(column, roster.columns)
            sheets = other_sheets(roster, "用 --sheet 指定")
            raise InputError(said + (f"；{sheets}" if sheets else ""), place)
    said = [f"{place}：{_typed_merge_field(name)}" for name, place in typed.items()]
    said += _another_sheet(prepared, roster)
    said += _split_by_another(prepared, roster, template)
    said += _dates_written_differently(prepared, roster)
    unknown = _unknown_names(prepared, roster)
    if not unknown:
        return said
    sheets = other_sheets(roster, "用 --sheet 指定")
    if roster.rows:
        _refuse_if_the_first_row_misses(prepared, roster, unknown, sheets)
    return (
        said
        + [_unknown_column(name, roster.columns) for name in unknown]
        + ([sheets] if sheets else [])
    )


def _dates_written_differently(prepared: PreparedTemplate, roster: Roster) -> list[str]:
    """A column the template prints whose dates are written in more than one way (2026年12月20日,
    2026.12.20, 12月20日): each file prints its row's as written, as docxtpl does."""
    notes = []
    printed = prepared.names_printed()
    for column in roster.columns:
        if column not in printed:
            continue
        shapes: dict[str, Row] = {}
        seen: set[str | datetime.date] = set()  # a deadline many rows share is looked at once
        for row in roster.rows:
            value = row.values.get(column)
            if not isinstance(value, str | datetime.date) or value in seen:
                continue
            seen.add(value)
            shape = date_shape(value)
            if shape is not None:
                shapes.setdefault(shape, row)
        if len(shapes) > 1:
            written = (f"「{row.values[column]}」（{row.place}）" for row in shapes.values())
            notes.append(
                f"{roster.source}「{column}」列的日期写法不一：{few(written, 5, sep='、')}，"
                "各文件会照原样印出（请统一写法，或在表格中把这一列都设为同一种日期格式）"
            )
    return notes


def _another_sheet(prepared: PreparedTemplate, roster: Roster) -> list[str]:
    """Word's mail merge read another worksheet of this workbook than the one read here."""
    wanted = prepared.data_sheet
    read = roster.rows[0].location.sheet if roster.rows else None
    if wanted is None or read is None or wanted == read or wanted not in roster.sheets:
        return []
    return [
        f"Word 邮件合并用的是工作表「{wanted}」，这里读取的是「{read}」"
        f"（要用「{wanted}」时加 --sheet {wanted}）"
    ]


def _typed_merge_field(name: str) -> str:
    return f"«{name}» 是打上去的文字（或从合并好的文档中复制来的），不是 Word 的合并域，每个文件里都会原样留下"


def _how_to_insert(name: str) -> str:
    tag = f"{{{{ {name} }}}}" if name.isidentifier() else f'{{{{ 列["{name}"] }}}}'
    return f"（请删掉它，在 Word 中从“邮件 → 插入合并域”插入 «{name}»，或改写为 {tag}）"


def merge_field_columns(roster: Roster, prepared: PreparedTemplate, report: Report) -> Roster:
    """The roster with a column also under the name Word gave its merge field: Word writes a
    header's spaces as _ ("联 系 人", read as 联系人, is «联_系_人»). Said: which column each
    merge field fills from."""
    spelled = {}
    for column in prepared.merge_fields:  # «联_系_人», or "联 系 人" quoted in the field
        if column not in roster.columns and ("_" in column or " " in column):
            header = header_title(column.replace("_", " "))
            if header in roster.columns:
                spelled[column] = header
    same = [c for c in prepared.merge_fields if c not in spelled and c in roster.columns]
    if same:
        report.note(f"Word 邮件合并域 {'、'.join(f'«{c}»' for c in same)} 按同名的列填写")
    for column, header in spelled.items():
        why = "Word 插入合并域时把列名中的空格写成“_”" if "_" in column else "列名中的空格不计"
        report.note(f"Word 邮件合并域 «{column}» 按列「{header}」填写（{why}）")
    if not spelled:
        return roster
    rows = [
        replace(
            row,
            values=row.values | {c: row.values[h] for c, h in spelled.items() if h in row.values},
        )
        for row in roster.rows
    ]
    return replace(roster, columns=roster.columns + tuple(spelled), rows=rows)


def _lacking_merge_column(column: str, columns: Sequence[str]) -> str:
    """What to say of a Word merge field no column has: every file would lack its value, and
    \\b/\\f text or an IF would hide that."""
    said = f"Word 邮件合并域 «{column}» 在名单中没有同名的列，每一份都会缺这一项，未生成任何文件"
    alike = most_alike(column, columns)
    if alike is not None:
        return (
            f"{said}：是不是「{alike}」？请在 Word 中删掉这个域，从“邮件 → 插入合并域”重新插入"
            f"«{alike}»，或把名单的列名改为「{column}」"
        )
    return f"{said}（现有列：{few(columns, 30, '列')}）"


def _refuse_loops_over_text(prepared: PreparedTemplate, roster: Roster) -> None:
    """A loop over a column no row holds a list in (a sheet's cells never do) would print its
    text a character a table row in every file."""
    for name in sorted(prepared.names_looped() & set(roster.columns)):
        if any(isinstance(row.values.get(name), (list, tuple, dict)) for row in roster.rows):
            continue
        texts = _text_cells(roster, name)
        if texts:
            text = next((t for t in texts if item_separator([t]) in t), texts[0])
            raise InputError(text_loop(name, text, texts), prepared.loop_place(name))


def _text_cells(roster: Roster, name: str) -> list[str]:
    """The column's cells that hold text, in row order."""
    return [v for row in roster.rows if isinstance(v := row.values.get(name), str)]


def _split_by_another(prepared: PreparedTemplate, roster: Roster, template: str) -> list[str]:
    """A column the template splits by a separator none of its cells has, while they use
    another: every file would list the cell as one item."""
    notes = []
    for name, separator in sorted(prepared.names_split()):
        texts = _text_cells(roster, name)
        used = item_separator(texts)
        if any(separator in t for t in texts) or not any(used in t for t in texts):
            continue
        shown, advised = ("换行", "\\n") if used == "\n" else (f"「{used}」", used)
        notes.append(
            f"{template}：模板按「{separator}」拆分「{name}」，但名单这一列没有「{separator}」，"
            f"各项之间用的是{shown}：每个文件中这一格只会是一项（可改为 {name}.split('{advised}')）"
        )
    return notes


def _unknown_names(prepared: PreparedTemplate, roster: Roster) -> list[str]:
    """The names the template reads that no column of the data has, sorted."""
    names = columns_read(prepared.variables(), roster.columns, prepared.keys_read)
    return sorted(names - set(roster.columns))


def _refuse_if_the_first_row_misses(
    prepared: PreparedTemplate, roster: Roster, unknown: list[str], sheets: str
) -> None:
    """A name no column has that the first row prints (not one a {% if %} only tests): every
    row would fail on it, a misspelt column name most likely. Refused before any file."""
    try:
        prepared.render(row_context(prepared)(roster.rows[0].values))
    except MissingValueError as exc:
        if exc.name in unknown:
            raise InputError(
                _unknown_column(exc.name, roster.columns, "，每一行都会因此失败")
                + (f"；{sheets}" if sheets else ""),
                exc.location,
            ) from None
    except DocgenError:
        pass  # the row's own problem: said when its turn comes


def _unknown_column(name: str, columns: Sequence[str], consequence: str = "") -> str:
    """What to say of a name the template reads that no column has: the column most like it,
    if one is alike, with how a tag reaches it; else every column."""
    return f"模板用到「{name}」，但数据表中没有这一列{consequence}" + closest_column(name, columns)
