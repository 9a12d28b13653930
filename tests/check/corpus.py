"""A corpus of .docx files built in the tests, the way people make them by hand in Word.

``formal()``, ``speech()`` and ``bulletin()`` give conforming documents (the checker finds
nothing); each test breaks one thing, through the keyword arguments or by editing the
python-docx ``Document`` before ``save()``. No binary fixtures.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import docx
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

FANGSONG, HEITI, KAITI, BIAOSONG, SONGTI = (
    "仿宋_GB2312",
    "黑体",
    "楷体_GB2312",
    "方正小标宋简体",
    "宋体",
)
A4 = (11906, 16838)
GBT_MARGINS = {"top": 2098, "bottom": 1984, "left": 1588, "right": 1474}
THEME_FONTS = {
    "asciiTheme": "minorHAnsi",
    "hAnsiTheme": "minorHAnsi",
    "eastAsiaTheme": "minorEastAsia",
    "cstheme": "minorBidi",
}


def _set(element, tag: str, **attrs: str) -> object:  # type: ignore[no-untyped-def]
    """Find or create a child ``tag`` (in schema order where python-docx knows it)."""
    child = element.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        element.append(child)
    for name, value in attrs.items():
        child.set(qn(f"w:{name}"), str(value))
    return child


def fonts(rpr, face: str | None, *, theme: bool = False) -> None:  # type: ignore[no-untyped-def]
    """rFonts with ``face`` in all four slots; ``theme`` adds the theme attributes Word writes."""
    old = rpr.find(qn("w:rFonts"))
    if old is not None:
        rpr.remove(old)
    node = OxmlElement("w:rFonts")
    if face:
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            node.set(qn(f"w:{slot}"), face)
    if theme:
        for name, value in THEME_FONTS.items():
            node.set(qn(f"w:{name}"), value)
    rpr.insert(0, node)


def border(paragraph: Paragraph, side: str, color: str = "000000", size: int = 8) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        # pBdr sits after keepNext/pageBreakBefore… and before spacing/ind/jc.
        anchor = next((c for c in ppr if c.tag in {qn("w:spacing"), qn("w:ind"), qn("w:jc")}), None)
        if anchor is not None:
            anchor.addprevious(bdr)
        else:
            ppr.append(bdr)
    _set(bdr, f"w:{side}", val="single", sz=size, space=1, color=color)


def red_line_shape(paragraph: Paragraph, color: str = "FF0000", width_mm: float = 156) -> None:
    """A floating DrawingML line, as Word's Insert > Shapes > Line writes it."""
    cx = round(width_mm * 36000)
    xml = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
        ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1"'
        ' behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>144000</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        '<wp:docPr id="1" name="Line 1"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="0"/></a:xfrm>'
        '<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        f'<a:ln w="19050"><a:solidFill><a:srgbClr val="{color}"/></a:solidFill></a:ln></wps:spPr>'
        "<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )
    from lxml import etree

    paragraph._p.append(etree.fromstring(xml))


@dataclass
class Builder:
    """A python-docx document set up the way a secretariat's Word template is."""

    margins: dict[str, int] = field(default_factory=lambda: dict(GBT_MARGINS))
    page: tuple[int, int] = A4
    grid: str = "lines"  # "lines" (condensed runs) | "chars" (Word's character grid) | "none"
    theme_fonts: bool = False
    page_numbers: str = "odd_even"  # | "center" | "none"
    document: Document = field(init=False)

    def __post_init__(self) -> None:
        self.document = docx.Document()
        self._defaults()
        self._section()
        if self.page_numbers != "none":
            self._footers()

    # --- set-up -------------------------------------------------------------------------------

    def _defaults(self) -> None:
        styles = self.document.styles.element
        rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        fonts(rpr, None if self.theme_fonts else FANGSONG, theme=self.theme_fonts)
        for tag in ("w:sz", "w:szCs"):
            _set(rpr, tag, val=32)
        if self.grid == "lines":
            spacing = OxmlElement("w:spacing")
            spacing.set(qn("w:val"), "-5")
            rpr.find(qn("w:sz")).addprevious(spacing)
        ppr = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
        _set(ppr, "w:spacing", before=0, after=0, line=560, lineRule="exact")

    def _section(self) -> None:
        sect = self.document.sections[0]._sectPr
        _set(sect, "w:pgSz", w=self.page[0], h=self.page[1])
        # The page number's top 7 mm (397 twips) below the text block, its line 14 pt high.
        footer = self.margins["bottom"] - 397 - 280
        _set(sect, "w:pgMar", header=851, footer=footer, gutter=0, **self.margins)
        grid = sect.find(qn("w:docGrid"))
        for name in list(grid.attrib):
            del grid.attrib[name]
        if self.grid == "lines":
            grid.set(qn("w:type"), "lines")
            grid.set(qn("w:linePitch"), "579")
        elif self.grid == "chars":
            grid.set(qn("w:type"), "linesAndChars")
            grid.set(qn("w:linePitch"), "579")
            grid.set(qn("w:charSpace"), "-849")

    def _footers(self) -> None:
        section = self.document.sections[0]
        if self.page_numbers == "center":
            self.page_number(section.footer.paragraphs[0], "center")
            return
        self.document.settings.odd_and_even_pages_header_footer = True
        self.page_number(section.footer.paragraphs[0], "right")
        self.page_number(section.even_page_footer.paragraphs[0], "left")

    def page_number(self, paragraph: Paragraph, align: str, text: str = "— {n} —") -> None:
        """A footer paragraph holding a PAGE field, 4号 宋体."""
        ppr = paragraph._p.get_or_add_pPr()
        if align in ("left", "right"):
            _set(ppr, "w:ind", **{align: 280, f"{align}Chars": 100, "firstLine": 0})
        _set(ppr, "w:jc", val=align)
        before, _, after = text.partition("{n}")
        self._run(paragraph, before, SONGTI, 14)
        for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None)):
            run = self._run(paragraph, "", SONGTI, 14)
            if kind:
                _set(run._r, "w:fldChar", fldCharType=kind)
            else:
                node = OxmlElement("w:instrText")
                node.text = instr
                run._r.append(node)
        self._run(paragraph, "1", SONGTI, 14)
        _set(self._run(paragraph, "", SONGTI, 14)._r, "w:fldChar", fldCharType="end")
        self._run(paragraph, after, SONGTI, 14)

    # --- paragraphs ---------------------------------------------------------------------------

    def add(
        self,
        text: str | Sequence[tuple[str, str]] = "",
        face: str | None = FANGSONG,
        size: float = 16,
        align: str = "both",
        indent: float = 2,
        *,
        color: str | None = None,
        page_break: bool = False,
    ) -> Paragraph:
        """A paragraph of runs in ``face`` (None: inherit); ``text`` may be [(text, face), …]."""
        paragraph = self.document.add_paragraph()
        ppr = paragraph._p.get_or_add_pPr()
        if page_break:
            _set(ppr, "w:pageBreakBefore")
        _set(ppr, "w:ind", firstLine=round(indent * 320), firstLineChars=round(indent * 100))
        _set(ppr, "w:jc", val=align)
        pieces = [(text, face)] if isinstance(text, str) else list(text)
        for piece, piece_face in pieces:
            self._run(paragraph, piece, piece_face, size, color)
        return paragraph

    def _run(
        self,
        paragraph: Paragraph,
        text: str,
        face: str | None,
        size: float,
        color: str | None = None,
    ):  # type: ignore[no-untyped-def]
        run = paragraph.add_run(text)
        rpr = run._r.get_or_add_rPr()
        if face:
            fonts(rpr, face)
        if color:
            _set(rpr, "w:color", val=color)
        if size != 16:
            _set(rpr, "w:sz", val=round(size * 2))
            _set(rpr, "w:szCs", val=round(size * 2))
        return run

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.add("")

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


BODY = "全市各级各部门要认真落实安全生产责任制，深入开展隐患排查整治，确保人民群众生命财产安全。"


def formal(
    *,
    issuer: str = "临江市人民政府文件",
    doc_number: str = "临政〔2026〕5号",
    title: str = "临江市人民政府关于做好2026年秋季安全生产工作的通知",
    recipients: str = "各县（区）人民政府，市政府各部门：",
    headings: Sequence[str | tuple[str, str]] = ("一、", "二、", "三、"),
    body: str = BODY,
    note: Sequence[str] = (),
    attachments: Sequence[tuple[str, str]] = (),
    signature: str = "临江市人民政府",
    date: str = "2026年9月9日",
    cc: str | None = "抄送：市委办公室，市人大常委会办公室，市政协办公室。",
    printed: str | None = "临江市人民政府办公室　　　　　　　　2026年9月9日印发",
    red_line: str = "border",  # | "shape" | "none" | a colour for a border
    builder: Builder | None = None,
) -> Builder:
    """A 文件-style notice: 版头 with red line, title, body with headings, signature, 版记."""
    b = builder or Builder()
    b.add(issuer, BIAOSONG, 26, "center", 0, color="FF0000")
    b.blank(2)
    number = b.add(doc_number, FANGSONG, 16, "center", 0)
    if red_line == "border":
        border(number, "bottom", "FF0000", 12)
    elif red_line == "shape":
        red_line_shape(b.add("", None, 16, "both", 0))
    elif red_line != "none":
        border(number, "bottom", red_line, 12)
    b.blank(2)
    b.add(title, BIAOSONG, 22, "center", 0)
    b.blank()
    b.add(recipients, FANGSONG, 16, "left", 0)
    b.add(body)
    _sections(b, headings, body)
    if note:
        b.blank()
        b.add("附件：" + note[0])
        for line in note[1:]:
            b.add(line, indent=3)
    b.blank()
    b.add(signature, FANGSONG, 16, "right", 0)
    b.add(date, FANGSONG, 16, "right", 0)
    for label, heading in attachments:
        b.add(label, HEITI, 16, "left", 0, page_break=True)
        b.blank()
        b.add(heading, BIAOSONG, 22, "center", 0)
        b.add(body)
    if cc or printed:
        b.blank()
    lines = [t for t in (cc, printed) if t]
    for index, line in enumerate(lines):
        p = b.add(line, FANGSONG, 14, "left", 0)
        if index == 0:
            border(p, "top", "000000", 8)
        if index == len(lines) - 1:
            border(p, "bottom", "000000", 8)
    return b


_HEADING_TEXTS = ("提高思想认识", "突出工作重点", "强化组织保障", "严格督查考核")
_LEVEL_FACES = ((r"^[一二三四五六七八九十]+、", HEITI), (r"^（[一二三四五六七八九十]+）", KAITI))


def heading_face(label: str) -> str:
    """The face GB/T 9704 gives a heading: 一、 黑体, （一） 楷体, 1. and （1） 仿宋."""
    import re

    return next((face for pattern, face in _LEVEL_FACES if re.match(pattern, label)), FANGSONG)


def _sections(b: Builder, headings: Sequence[str | tuple[str, str]], body: str) -> None:
    """Each heading (a label, or (label, face)) followed by a body paragraph."""
    for index, heading in enumerate(headings):
        label, face = heading if isinstance(heading, tuple) else (heading, heading_face(heading))
        b.add(label + _HEADING_TEXTS[index % len(_HEADING_TEXTS)], face)
        b.add(body)


def speech(
    *,
    title: str = "在全市安全生产工作会议上的讲话",
    speaker: str = "市长　周明远",
    date: str = "（2026年9月9日）",
    salutation: str = "同志们：",
    headings: Sequence[str] = ("一、", "二、", "三、"),
    body: str = BODY,
    builder: Builder | None = None,
) -> Builder:
    """A speech: title, speaker and date in 楷体, salutation, numbered sections; centred page numbers."""
    b = builder or Builder(page_numbers="center")
    b.add(title, BIAOSONG, 22, "center", 0)
    b.add(speaker, KAITI, 16, "center", 0)
    b.add(date, KAITI, 16, "center", 0)
    b.blank()
    b.add(salutation, FANGSONG, 16, "left", 0)
    b.add(body)
    _sections(b, headings, body)
    b.add("谢谢大家！")
    return b


def bulletin(
    *, issue: str = "第12期", red_line: bool = True, builder: Builder | None = None
) -> Builder:
    """A weekly bulletin: red masthead, 第N期, editor and date over a red line, article, tail."""
    b = builder or Builder(page_numbers="center")
    b.add("作风纪律整治工作简报", BIAOSONG, 36, "center", 0, color="FF0000")
    b.add(issue, KAITI, 16, "center", 0)
    head = b.add(
        "临江市作风纪律整治工作领导小组办公室　　　　2026年11月20日", FANGSONG, 16, "both", 0
    )
    if red_line:
        border(head, "bottom", "FF0000", 12)
    b.blank()
    b.add("全市作风纪律整治工作稳步推进", BIAOSONG, 22, "center", 0)
    b.add(BODY)
    b.add("一、" + _HEADING_TEXTS[0], HEITI)
    b.add(BODY)
    b.blank()
    b.add("报：市委、市政府领导同志。", FANGSONG, 14, "left", 0)
    b.add("发：各县（区）、市直各单位。", FANGSONG, 14, "left", 0)
    return b


def acceptance() -> bytes:
    """The hand-made document of issue 7: 1-inch margins, theme fonts, "[2026]", "2026年09月09日",
    a "××", and headings 一、二、四、 — right in every other respect."""
    b = Builder(margins=dict.fromkeys(("top", "bottom", "left", "right"), 1440), theme_fonts=True)
    formal(
        builder=b,
        doc_number="临政[2026]5号",
        date="2026年09月09日",
        headings=("一、", "二、", "四、"),
    )
    body = [p for p in b.document.paragraphs if p.text == BODY]
    body[0].runs[0].text = PLACEHOLDER_TEXT
    # Body runs inherit the theme fonts of docDefaults; everything else names its face.
    for paragraph in body:
        for run in paragraph.runs:
            rpr = run._r.get_or_add_rPr()
            rpr.remove(rpr.find(qn("w:rFonts")))
    return b.save()


PLACEHOLDER_TEXT = "请各县（区）于××前将自查情况报市应急管理局，逾期未报的予以通报。"


def run_check(data: bytes, kind: str = "auto", profile: str = "gbt9704"):  # type: ignore[no-untyped-def]
    """The findings of ``data`` under a bundled profile."""
    from docgen.check import check_document
    from docgen.layout.profile import load_profile

    return check_document(data, "test.docx", load_profile(profile), kind)


def places(findings) -> set[tuple[str, int | None]]:  # type: ignore[no-untyped-def]
    """(rule, paragraph or section) of every finding: what a test expects, exactly."""
    return {(f.rule, f.where.paragraph if f.where.paragraph is not None else f.where.section)
            for f in findings}  # fmt: skip


def number_of(b: Builder, text: str) -> int:
    """The 1-based paragraph number of the first body paragraph starting with ``text``."""
    for index, paragraph in enumerate(b.document.paragraphs, start=1):
        if paragraph.text.startswith(text):
            return index
    raise AssertionError(f"no paragraph starts with {text!r}")
