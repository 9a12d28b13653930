"""Build docxtpl templates the way users make them in Word, and rosters, for the batch tests."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.shared import Pt

# A notice a secretariat might type in Word: tags split over runs, a task table looping over
# rows, a header with the unit's name.
NOTICE_LINES = (
    ["{{ 单位", "名称 }}："],
    ["根据市委工作安排，现将贵单位需完成的整改任务通知如下，请于{{ 截止日期 }}前完成。"],
    ["{%p if 备注 is defined %}"],
    ["备注：{{ 备注 }}"],
    ["{%p endif %}"],
    ["联系人：{{ 联系人 }}"],
)


def user_template(
    lines: Sequence[Sequence[str]] = NOTICE_LINES,
    *,
    header: str | None = "临江市人民政府办公室　{{ 单位名称 }}",
    task_table: bool = True,
    tasks: str = "任务",
) -> bytes:
    """A .docx with docxtpl tags; each line's pieces become separate runs, as Word splits them."""
    document = Document()
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    for pieces in lines:
        paragraph = document.add_paragraph()
        for piece in pieces:
            paragraph.add_run(piece).font.size = Pt(16)
    if task_table:
        table = document.add_table(rows=4, cols=2)
        table.style = "Table Grid"
        table.cell(0, 0).text, table.cell(0, 1).text = "序号", "任务"
        table.cell(1, 0).text = f"{{%tr for t in {tasks} %}}"
        table.cell(2, 0).text, table.cell(2, 1).text = "{{ loop.index }}", "{{ t }}"
        table.cell(3, 0).text = "{%tr endfor %}"
    document.core_properties.title = "{{ 单位名称 }}整改通知"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def paragraphs_template(*texts: str) -> bytes:
    """A .docx whose body is the given paragraphs, one run each."""
    return user_template([[text] for text in texts], header=None, task_table=False)


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def with_parts(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """The package with some parts replaced, added or (None) removed."""
    parts = parts_of(data)
    for name, blob in changes.items():
        if blob is None:
            parts.pop(name, None)
        else:
            parts[name] = blob
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in parts.items():
            archive.writestr(name, blob)
    return buffer.getvalue()


def merge_field(column: str, switches: str = "") -> str:
    """A MERGEFIELD as Word writes it: begin, instruction, separate, «column» in bold, end."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        f" MERGEFIELD {column} {switches} </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:rPr><w:b/><w:noProof/></w:rPr><w:t>«{column}»</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def mail_merge_document() -> bytes:
    """A Word mail-merge main document, no docxtpl tag in it: «单位名称» in the header and the
    body, «截止日期», «联系人» with text before it (\\b), an IF over «单位名称» (*局: 局属单位,
    else 其他单位), and Word's link to its data source."""
    document = Document()
    document.sections[0].header.paragraphs[0].text = "HEADER"
    for text in ("UNIT：", "请于DEADLINE前报送整改情况。CONTACT", "IF", "临江市人民政府办公室"):
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    parts = parts_of(buffer.getvalue())
    body = parts["word/document.xml"].decode("utf-8")
    for text, fields in [
        ("UNIT：", merge_field("单位名称", "\\* MERGEFORMAT") + "<w:r><w:t>：</w:t></w:r>"),
        (
            "请于DEADLINE前报送整改情况。CONTACT",
            '<w:r><w:t xml:space="preserve">请于</w:t></w:r>'
            + merge_field("截止日期")
            + "<w:r><w:t>前报送整改情况。</w:t></w:r>"
            + merge_field("联系人", '\\b "联系人："'),
        ),
        (
            "IF",
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>'
            + merge_field("单位名称")
            + '<w:r><w:instrText xml:space="preserve"> = "*局" "（局属单位）" "（其他单位）" '
            "</w:instrText></w:r>"
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>（局属单位）</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        ),
    ]:
        body = body.replace(f"<w:r><w:t>{text}</w:t></w:r>", fields)
    header = parts["word/header1.xml"].decode("utf-8")
    header = header.replace(
        "<w:r><w:t>HEADER</w:t></w:r>",
        '<w:fldSimple w:instr=" MERGEFIELD 单位名称 "><w:r><w:t>«单位名称»</w:t></w:r></w:fldSimple>',
    )
    settings = parts["word/settings.xml"].replace(
        b"</w:settings>",
        b'<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:linkToQuery/>'
        b'<w:dataType w:val="native"/><w:query w:val="SELECT * FROM `Sheet1$`"/>'
        b"</w:mailMerge></w:settings>",
    )
    assert body.count("MERGEFIELD") == 4 and "MERGEFIELD" in header
    return with_parts(
        buffer.getvalue(),
        {
            "word/document.xml": body.encode("utf-8"),
            "word/header1.xml": header.encode("utf-8"),
            "word/settings.xml": settings,
        },
    )


REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def with_body_and_relationship(
    template: bytes, body: str, rid: str, kind: str, target: str, external: bool = True
) -> bytes:
    """The package with ``body`` XML at the start of the body and one more document relationship."""
    parts = parts_of(template)
    mode = ' TargetMode="External"' if external else ""
    relationship = f'<Relationship Id="{rid}" Type="{REL}{kind}" Target="{target}"{mode}/>'
    rels = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", f"{relationship}</Relationships>".encode()
    )
    document = parts["word/document.xml"].replace(b"<w:body>", f"<w:body>{body}".encode())
    return with_parts(
        template, {"word/document.xml": document, "word/_rels/document.xml.rels": rels}
    )


UNIT_ROWS: list[dict[str, Any]] = [
    {
        "单位名称": "市教育局",
        "截止日期": "2025年4月30日",
        "联系人": "王芳",
        "任务": ["整改一", "整改二"],
    },
    {
        "单位名称": "市委办公室/市政府办公室",
        "截止日期": "2025年5月15日",
        "联系人": "李强 & <张敏>",
        "备注": "第一行\n第二行\t缩进",
        "任务": ["统一公文格式"],
    },
    {"单位名称": "CON", "截止日期": "2025年6月1日", "联系人": "赵磊", "任务": ["“回头看”"]},
]


def write_roster(path: Path, rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> Path:
    """An .xlsx roster: a header row, then one row per mapping (lists joined by newlines)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "单位名单"
    sheet.append(list(columns))
    for row in rows:
        values = [row.get(c) for c in columns]
        sheet.append(["\n".join(v) if isinstance(v, list) else v for v in values])
    book.save(path)
    return path
