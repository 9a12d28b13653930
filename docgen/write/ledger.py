"""The task ledger (台账): an .xlsx with one row per task, tracked to closure (销号).

A title row, the header (frozen, with filters), a status drop-down (未启动/推进中/已完成/长期坚持),
sensible widths and printing on landscape pages. The headers are the problem list's canonical
ones, so the ledger reads back as a problem list with nothing lost. Same tasks, same bytes: the
core properties come from the inputs and the zip is rewritten with fixed timestamps.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

from docgen.compose.task import COLUMNS, STATUSES, Ledger, Task
from docgen.ooxml.package import write_zip
from docgen.ooxml.workbook import ordered_styles

SHEET = "整改台账"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
SPARE_ROWS = 200  # the status drop-down also covers rows added by hand
WIDTHS = {
    "number": 6, "category": 14, "problem": 40, "measures": 48, "leader": 10, "unit": 18,
    "partners": 16, "deadline": 18, "status": 11, "progress": 30,
}  # fmt: skip
WRAPPED = {"problem", "measures", "progress"}


def ledger_bytes(ledger: Ledger) -> bytes:
    """The ledger workbook's bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    fields = list(COLUMNS)
    extras = list(dict.fromkeys(header for task in ledger.tasks for header, _ in task.extra))
    headers = [COLUMNS[f] for f in fields] + extras
    last = get_column_letter(len(headers))
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    sheet.append([ledger.title])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(name="黑体", size=16)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 32
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(name="黑体", size=11)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    for task in ledger.tasks:
        sheet.append([_value(v) for v in _row(task, fields, extras)])
        for column, cell in enumerate(sheet[sheet.max_row]):
            field = fields[column] if column < len(fields) else ""
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text beginning with "=" stays text, never a formula
            elif isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
            wrapped = field in WRAPPED or column >= len(fields)
            cell.alignment = Alignment(
                horizontal="left" if wrapped else "center", vertical="center", wrap_text=True
            )
            cell.border = border

    status = get_column_letter(fields.index("status") + 1)
    end = sheet.max_row
    choices = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="整改状态",
        error="请从下拉列表中选择：" + "、".join(STATUSES),
    )
    choices.add(f"{status}3:{status}{end + SPARE_ROWS}")
    sheet.add_data_validation(choices)
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{last}{end}"
    for index in range(1, len(headers) + 1):
        field = fields[index - 1] if index <= len(fields) else ""
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(field, 16)
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    moment = datetime.datetime.combine(ledger.created, datetime.time())
    props = book.properties
    props.title = ledger.title
    props.creator = ledger.author
    props.lastModifiedBy = "docgen"
    props.created = moment
    props.modified = moment
    buffer = io.BytesIO()
    # ExcelWriter rather than book.save(), which stamps the current time as "modified".
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _normalized(buffer.getvalue())


def _row(task: Task, fields: list[str], extras: list[str]) -> list[Any]:
    values: dict[str, Any] = {
        "number": int(task.number) if task.number.isdigit() else task.number,
        "category": task.category,
        "problem": task.problem,
        "measures": task.measures,
        "leader": task.leader,
        "unit": task.unit,
        "partners": task.partners,
        "deadline": _deadline(task),
        "status": task.status,
        "progress": task.progress,
    }
    extra = dict(task.extra)
    return [values[f] for f in fields] + [extra.get(header) for header in extras]


def _deadline(task: Task) -> Any:
    """A plain date as an Excel date (sortable, filterable); every other deadline as its text."""
    deadline = task.deadline
    if deadline.kind == "date" and not deadline.ongoing:
        return deadline.day
    return deadline.text()


def _value(value: Any) -> Any:
    """A cell value openpyxl accepts: no control characters, blank text as an empty cell."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value) or None
    return value


def _normalized(data: bytes) -> bytes:
    """Re-zip with fixed timestamps (openpyxl stamps the current time on every entry)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["xl/styles.xml"] = ordered_styles(parts["xl/styles.xml"])
    return write_zip(parts)
