"""A docxtpl template prepared once and rendered for many rows, byte for byte as docxtpl does.

``render_one`` is the one-document path: docxtpl's ``DocxTemplate`` loaded, rendered and saved for
a single context. ``prepare`` does docxtpl's per-template work once — python-docx's reading of the
package, ``patch_xml`` on the body, headers, footers and footnotes, Jinja compilation, the zipping
of every part no row changes — and ``PreparedTemplate.render`` then repeats only what depends on the
row, calling docxtpl's own post-processing (``resolve_listing``, ``fix_tables``,
``fix_docpr_ids``) and python-docx's own serialisation, so both paths give the same bytes.
Both run on the sanitised template and in ``BoundedSandbox``.
"""

from __future__ import annotations

import copy
import html
import io
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from jinja2 import Template, TemplateSyntaxError, nodes
from lxml import etree

from docgen.errors import DocgenError, Location, TemplateError, UnreadableDocumentError
from docgen.ooxml.package import ZipCache, external, read_zip, write_zip
from docgen.ooxml.sanitize import rendered_reach, sanitize_template
from docgen.ooxml.table import drop_empty_tables
from docgen.ooxml.xml import parse, qn
from docgen.render.direct import DirectBody, self_close
from docgen.render.limits import (
    DEFAULT_LIMITS,
    UNESCAPING_FILTERS,
    BoundedSandbox,
    LimitExceeded,
    RenderLimits,
    deadline,
    memory_cap,
    render_chunks,
)
from docgen.render.markup import misplaced_tag
from docgen.render.problems import (
    bare_tag_error,
    jinja_words,
    nth_find,
    number_paragraphs,
    paragraph_number,
    render_problem,
    table_place,
    template_line,
    template_place,
    unclosed_block,
    unclosed_tag,
    written_paragraph,
)
from docgen.text.listing import excerpt
from docgen.text.rules import TAG_BRACKETS

# What docxtpl renders: the body, headers and footers, six core properties, footnotes.
CORE_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
CORE = "application/vnd.openxmlformats-package.core-properties+xml"
_W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_SECTIONS = etree.XPath("./w:body/w:p/w:pPr/w:sectPr | ./w:body/w:sectPr", namespaces=_W)
_BODY = f"{{{_W['w']}}}body"

CoreHook = Callable[[CoreProperties], None]


@dataclass
class _Part:
    """A part rendered for every row: its zip member, compiled Jinja and where it came from.

    ``fixed`` is the finished text of a part without any tag (Jinja would return it unchanged);
    ``last`` keeps the last rendered text and its serialisation, since footers rarely change.
    """

    member: str
    template: Template
    label: str
    encoding: str = "utf-8"
    fixed: str | None = None
    finished: str = ""
    last: tuple[Any, bytes] = (None, b"")
    source: str = ""  # the compiled text, kept for DirectBody's proof
    original: str = ""  # the part's XML before docxtpl's patch, to place errors by paragraph


# A tag holding an odd number of quotes (docxtpl makes Word's “” ‘’ in a tag ASCII ones).
_LONE_QUOTE = re.compile(
    r"""\{[{%](?:[^"'}%]*["'“”‘’][^"'}%]*(?:["'“”‘’][^"'}%]*["'“”‘’][^"'}%]*)*)[}%]\}"""
)


class PreparedTemplate:
    """A template ready to render many contexts; ``notes`` lists what sanitising removed."""

    def __init__(
        self,
        template: bytes,
        name: str,
        limits: RenderLimits = DEFAULT_LIMITS,
        *,
        blank_cells: bool = True,
    ) -> None:
        self._arguments = (template, name, limits, blank_cells)
        clean = sanitize_template(template, name)
        self.name = name
        self.notes = clean.notes
        self.merge_fields = clean.merge_fields
        self.data_sheet = clean.data_sheet  # Word's mail merge's worksheet, if it named one
        self._merge_shown = tuple(clean.merge_shown.items())
        self.env = BoundedSandbox(limits, blank_cells=blank_cells, autoescape=True)
        self._variables: set[str] | None = None
        self._printed: set[str] | None = None
        self._parsed: list[Any] | None = None  # the tagged parts' syntax trees
        self._paragraph_texts: list[tuple[str, Callable[[], Location]]] | None = None
        self._numbered: dict[str, str] = {}  # by member: the source errors are placed in
        self._tpl = tpl = _open(clean.data, name)
        docx = tpl.docx
        self._static = read_zip(_save(docx), name)
        self._zip = ZipCache(self._static)
        self._document = docx.part.partname.membername
        _refuse_tables_without_grid(docx.element, name)
        self._skeleton = _skeleton(docx.element)
        original = tpl.get_xml()
        body = self_close(tpl.patch_xml(original))
        self._body = self._compile(body, self._document, "正文", original=original)
        self._headers_footers = [
            self._compile(
                tpl.patch_xml(xml), part.partname.membername, label, encoding, original=xml
            )
            for part, label, xml, encoding in _headers_footers(tpl)
        ]
        properties = docx.core_properties
        self._core = self._compile("", _member_of(docx, CORE), "文档属性")
        self._properties = [
            (prop, self._compile(getattr(properties, prop), self._core.member, "文档属性"))
            for prop in CORE_PROPERTIES
        ]
        self._footnotes = [
            (
                self._compile(tpl.patch_xml(blob), part.partname.membername, "脚注", original=blob),
                blob,
            )
            for part in docx.part.package.parts
            if part.content_type == FOOTNOTES
            for blob in [part.blob.decode("utf-8")]
        ]
        self._direct = None
        if self._body.fixed is None and _bare_body(docx.element):
            head, tail = _frame(self._skeleton)
            self._direct = DirectBody.of(self._body.source, self._body.template, head, tail)
        # Whether a body the direct path wrote may hold what the backstop looks at (set below).
        self._direct_may_reach = True
        self._refuse_unsupported_tags()
        self._refuse_misplaced_tags()
        self._external = {
            member: _external_ids(self._static, member)
            for member in [
                self._document,
                *(part.member for part in self._headers_footers),
                *(part.member for part, _ in self._footnotes),
            ]
        }
        if self._direct is not None:
            self._direct_may_reach = bool(self._external[self._document]) or self._direct.may_hold(
                _REACH_MARKERS
            )

    def _refuse_misplaced_tags(self) -> None:
        """Tags where Jinja could write markup the sanitiser never saw (``render.markup``)."""
        for part in self._tagged_parts():
            misplaced = misplaced_tag(self.env, part.source)
            if misplaced is not None:
                raise TemplateError(
                    f"{part.label}中的模板标签{misplaced.what}：这样的标签能改写文件的格式代码，"
                    "docgen 无法检查它会生成什么，未生成任何文件（请在 Word 中删掉这个标签，"
                    "作为普通文字重新输入）",
                    self._where(
                        misplaced.line, part.source, part.member, part.label, part.original
                    ),
                )

    def _refuse_unsupported_tags(self) -> None:
        """Tags every row would fail on, or that would write past the sanitiser, said before
        any row with the first paragraph that shows them (``_refused``)."""
        for tree in self._trees():
            for node in tree.find_all(_REFUSED_NODES):
                refused = _refused(node)
                if refused is not None:
                    word, message = refused
                    place = next(
                        (place() for text, place in self._paragraphs() if word in text),
                        Location(file=self.name),
                    )
                    raise TemplateError(message, place)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as the template's bytes and how it was prepared: a spawned worker (no fork)
        prepares it again, from the very bytes the main process read."""
        template, name, limits, blank_cells = self._arguments
        return (_prepared_again, (template, name, limits, blank_cells))

    def part(self, member: str) -> bytes:
        """A part of the (sanitised) template as read once at prepare, e.g. ``word/document.xml``."""
        return self._static[member]

    def variables(self) -> set[str]:
        """The names the template reads from a row: body, headers, footers, properties and
        footnotes (names a loop or ``{% set %}`` makes, and the sandbox's globals, excluded)."""
        if self._variables is None:  # asked by the batch's checks and each row writer
            self._variables = {name for tree in self._trees() for name in self.env.names_read(tree)}
        return set(self._variables)

    def keys_read(self, name: str) -> set[str]:
        """The constant keys the template reads from the mapping ``name`` in any part."""
        return {key for tree in self._trees() for key in self.env.keys_read(tree, name)}

    def names_printed(self) -> set[str]:
        """The names the template prints where a blank one fails the row, in any part."""
        if self._printed is None:  # asked before the rows and by the batch's failure notes
            self._printed = {n for tree in self._trees() for n in self.env.names_printed(tree)}
        return set(self._printed)

    def names_looped(self) -> set[str]:
        """The names the template's ``for`` loops walk as they are, in any part."""
        return {name for tree in self._trees() for name in self.env.names_looped(tree)}

    def loop_place(self, name: str) -> Location:
        """The first paragraph of a loop that walks ``name`` as it is (``{%tr for 项 in 任务 %}``),
        or the template when no paragraph shows one (a loop in a footnote)."""
        walks = re.compile(
            r"\{%-?\s*(?:tr|tc|p|r)?\s*for\s[^%]*?\bin\s+" + re.escape(name) + r"\s*-?%\}"
        )
        places = (place() for text, place in self._paragraphs() if walks.search(text))
        return next(places, Location(file=self.name))

    def names_split(self) -> set[tuple[str, str]]:
        """Each name the template splits by a written separator, with it, in any part."""
        return {pair for tree in self._trees() for pair in self.env.names_split(tree)}

    def _trees(self) -> list[Any]:
        """The tagged parts' syntax trees, parsed once for every question asked of them."""
        if self._parsed is None:
            self._parsed = [self.env.tree(part.source) for part in self._tagged_parts()]
        return self._parsed

    def full_width_tag(self) -> Location | None:
        """The first paragraph with a tag typed in full-width brackets (｛｛ 单位名称 ｝｝,
        {％ if ％}): Jinja sees no tag there, so every file would carry it as typed."""
        for text, place in self._paragraphs():
            if any(not m[0].isascii() for m in _TAG.finditer(text)):
                return place()
        return None

    def stray_closing(self) -> Location | None:
        """The first paragraph with a "}}", "%}" or "#}" that closes no tag (one "{" typed
        too few, or a tag's start deleted): Jinja takes it for text, so every file would
        carry it as typed."""
        expected = None  # the closing of the tag open at this point (tags may span paragraphs)
        for text, place in self._paragraphs():
            for mark in _TAG_MARK.findall(text):
                if expected is None and mark not in _CLOSINGS:
                    return place()  # a closing with no tag open
                if expected is None:
                    expected = _CLOSINGS[mark]
                elif mark == expected:
                    expected = None
        return None

    def typed_merge_fields(self) -> dict[str, Location]:
        """Each «单位名称» typed as text (or copied from a merged document) rather than
        inserted as a Word merge field — sanitising made every real one a tag —, with the
        first paragraph it is in: every file would carry it as typed."""
        found: dict[str, Location] = {}
        for text, place in self._paragraphs():
            for name in _TYPED_FIELD.findall(text):
                if name.strip() not in found:
                    found[name.strip()] = place()
        return found

    def _paragraphs(self) -> list[tuple[str, Callable[[], Location]]]:
        """The text of every paragraph of the body, the headers and the footers, with how to
        place it as a Word user counts (read once: the batch's checks ask more than once)."""
        if self._paragraph_texts is None:
            self._paragraph_texts = list(self._read_paragraphs())
        return self._paragraph_texts

    def _read_paragraphs(self) -> Iterator[tuple[str, Callable[[], Location]]]:
        for part in [self._body, *self._headers_footers]:
            numbered = number_paragraphs(part.original)
            where = self.name if part.label == "正文" else f"{self.name}（{part.label}）"
            for paragraph in _PARAGRAPH.finditer(numbered):
                text = html.unescape("".join(_TEXT.findall(paragraph[0])))

                def place(
                    paragraph: re.Match[str] = paragraph,
                    text: str = text,
                    numbered: str = numbered,
                    where: str = where,
                ) -> Location:
                    table, row = table_place(numbered, paragraph.start())
                    return Location(
                        file=where,
                        paragraph=paragraph_number(paragraph[1]),
                        excerpt=excerpt(text),
                        in_table=table is not None,
                        table=table,
                        table_row=row,
                    )

                yield text, place

    @property
    def tagged(self) -> bool:
        """Whether any part has a docxtpl tag (else every row gives the same document)."""
        return bool(self._tagged_parts())

    def _tagged_parts(self) -> list[_Part]:
        parts = [self._body, *self._headers_footers, *(part for _, part in self._properties)]
        parts += [part for part, _ in self._footnotes]
        return [part for part in parts if part.fixed is None]

    @property
    def direct(self) -> bool:
        """Whether rows may skip docxtpl's parse of the body (``render.direct``)."""
        return self._direct is not None

    def render(self, context: dict[str, Any], core: CoreHook | None = None) -> bytes:
        """One document for ``context``: the bytes ``render_one`` gives for it.

        ``core`` may change the core properties after docxtpl's rendering of them, as
        ``render.docx`` does for docgen's own documents. Whatever breaks docxtpl's steps
        after Jinja (tags that split Word's XML) is a ``TemplateError`` of this document: a
        batch fails the row, not the run.
        """
        try:
            return self._render(context, core)
        except DocgenError:
            raise
        except etree.XMLSyntaxError:
            raise TemplateError(
                "生成的内容不是合法的 Word 格式：模板中的标签拆开了 Word 的段落或文字格式"
                "（如 {{r }}、{%tr %} 写在了不该写的地方），请检查模板",
                Location(file=self.name),
            ) from None
        except Exception as exc:  # docxtpl's own steps, on what no check foresaw
            raise render_problem(exc, Location(file=self.name)) from None

    def _render(self, context: dict[str, Any], core: CoreHook | None) -> bytes:
        meter = self.env.meter
        meter.start()
        self.env.trust(context)
        with deadline(meter.limits.seconds):
            parts = dict(self._static)
            chunks = self._chunks(self._body, context)
            document = self._direct.finish(chunks) if self._direct else None
            if document is not None and self._direct_may_reach and self._may_reach(document):
                self._refuse_reaching(parse_xml(document), self._document)
            root = None
            if document is None:
                root = self._render_body(chunks)
                self._refuse_reaching(root, self._document)
                document = serialize_part_xml(root)
            parts[self._document] = document
            for part in self._headers_footers:
                parts[part.member] = self._render_xml_part(part, context)
            parts[self._core.member] = self._render_core(context, core)
            if not self._footnotes:
                sections = 0  # counted only for the footnotes
            elif root is None:  # DirectBody only takes bodies whose sections are all body-level
                sections = document.count(b"<w:sectPr")
            else:
                sections = len(_SECTIONS(root))
            for part, source in self._footnotes:
                parts[part.member] = self._render_footnotes(part, source, sections, context)
            return self._zip.write(parts)

    def _render_body(self, chunks: list[str]) -> Any:
        """docxtpl's build_xml, fix_tables, fix_docpr_ids and map_tree."""
        tpl = self._tpl
        limit = self.env.meter.limits.max_output_chars
        tree = tpl.fix_tables(_finish(tpl, "".join(chunks), limit))  # grids checked at prepare
        drop_empty_tables(tree)
        tpl.docx_ids_index = 1000
        tpl.fix_docpr_ids(tree)
        root = copy.deepcopy(self._skeleton)
        root.replace(root.find(_BODY), tree)
        return root

    def _render_xml_part(self, part: _Part, context: dict[str, Any]) -> bytes:
        """A header or footer: rendered, then loaded and saved as python-docx's XmlPart does."""
        xml = self._run(part, context).encode(part.encoding)
        if part.last[0] != xml:
            root = parse_xml(xml)
            self._refuse_reaching(root, part.member)
            part.last = (xml, serialize_part_xml(root))
        return part.last[1]

    def _may_reach(self, document: bytes, member: str | None = None) -> bool:
        """Whether a part as rendered holds anything ``rendered_reach`` looks at (most hold
        none of it: a few byte searches a row)."""
        return bool(self._external[member or self._document]) or any(
            marker in document for marker in _REACH_MARKERS
        )

    def _refuse_reaching(self, root: Any, member: str) -> None:
        """A row whose rendered part would reach outside fails (``sanitize.rendered_reach``)."""
        reached = rendered_reach(root, self._external.get(member, frozenset()))
        if reached is not None:
            raise TemplateError(
                f"{reached}：模板的写法让生成的文件能读取外部内容，这一行未生成",
                Location(file=self.name),
            )

    def _render_core(self, context: dict[str, Any], hook: CoreHook | None) -> bytes:
        values = tuple(self._run(part, context, listing=False) for _, part in self._properties)
        if hook is None and self._core.last[0] == values:
            return self._core.last[1]
        element = parse_xml(self._static[self._core.member])
        properties = CoreProperties(element)
        for (name, _), value in zip(self._properties, values, strict=True):
            try:
                setattr(properties, name, value)
            except ValueError:  # python-docx refuses values over 255 characters, lxml others
                said = (
                    f"的值过长（{len(value)} 字，上限 255 字）"
                    if len(value) > 255
                    else "的值中有 XML 不允许的字符（如从 Word 复制来的控制字符），请在名单中删去"
                )
                raise TemplateError(f"文档属性 {name} {said}", Location(file=self.name)) from None
        if hook is not None:
            hook(properties)
            return serialize_part_xml(element)
        self._core.last = (values, serialize_part_xml(element))
        return self._core.last[1]

    def _render_footnotes(
        self, part: _Part, source: str, sections: int, context: dict[str, Any]
    ) -> bytes:
        # docxtpl renders the footnotes once per section, each pass over the previous result:
        # a value holding a tag would run as template code in the next pass (a roster cell
        # reading the other columns, or writing raw XML past the escaping). Here a result with
        # a tag in it is final: the value stays text.
        xml = self._run(part, context)
        for _ in range(1, sections):
            patched = self._tpl.patch_xml(xml)  # it joins "{" and "{" split over runs
            if _JINJA_START.search(patched):
                break
            part = self._compile(patched, part.member, part.label)
            xml = self._run(part, context)
        notes = xml.encode("utf-8")
        root = parse(notes)  # strictly, as _Template does: docxtpl writes them unparsed
        if self._may_reach(notes, part.member):
            self._refuse_reaching(root, part.member)
        return notes

    def _compile(
        self,
        source: str,
        member: str,
        label: str,
        encoding: str = "utf-8",
        *,
        original: str = "",
    ) -> _Part:
        marked = _mark_paragraphs(source)
        try:
            template = self.env.from_string(marked)
        except TemplateSyntaxError as exc:
            line, at = exc.lineno, None
            if (exc.message or "").startswith("Unexpected end of template"):
                at = unclosed_block(self.env, marked)  # where the block opens
            else:
                at = bare_tag_error(self.env, marked)  # a {%tr %}'s tag, not the row above
            line = marked.count("\n", 0, at) + 1 if at is not None else line
            where = self._where(line, marked, member, label, original, at)
            left_open = self._left_open(where, original, label)
            said = f"{label}中的模板标签有语法错误：{jinja_words(exc.message or '')}"
            if _LONE_QUOTE.search(where.excerpt or ""):  # Word typed “ or ” into the tag
                said += "（标签中的引号没有成对：多半是输入时带进的中文引号“”，请补全或改为成对的英文引号）"
            error = left_open or TemplateError(said, where)
            crowded = _crowded_paragraph(original)
            if crowded is not None:
                error.message += (
                    f"（「{excerpt(crowded)}」这一段有两个 {{%p %}} 之类的标签：{{%p %}}、{{%tr %}}、"
                    "{%tc %} 会替换它所在的整段（整行、整格），要各占一段，中间的文字另起一段）"
                )
            raise error from None
        except (RecursionError, SyntaxError, MemoryError):  # Jinja's parser, Python's compiler
            raise TemplateError(
                f"{label}中的模板标签嵌套过深（括号、if、for 套了太多层），无法编译",
                Location(file=self.name),
            ) from None
        # Without "{" Jinja returns the text as it is (and "\r" is the only thing it rewrites).
        if "{" in marked or "\r" in marked:
            return _Part(member, template, label, encoding, source=marked, original=original)
        finished = _finish(self._tpl, marked)
        return _Part(member, template, label, encoding, marked, finished, original=original)

    def _where(
        self,
        line: int | None,
        source: str,
        member: str,
        label: str,
        original: str,
        at: int | None = None,
    ) -> Location:
        """The place of an error at ``line`` of a part's compiled ``source`` (at ``at`` when
        known), paragraphs numbered as in the template: docxtpl's patch redone on the
        ``original`` XML with its paragraphs numbered gives the same lines."""
        if original and line:
            numbered = self._numbered.get(member) or self._number(member, original)
            if at is not None:  # the same tag in the numbered source: the same count of "{%"
                at = nth_find(numbered, "{%", source.count("{%", 0, at))
            source = numbered
        place = self.name if label == "正文" else f"{self.name}（{label} {member}）"
        return template_place(place, source, line, self._merge_shown, at)

    def _left_open(self, where: Location, original: str, label: str) -> TemplateError | None:
        """A tag the paragraph at ``where`` opens and nothing after it closes, said as such:
        docxtpl's patch joins the paragraphs after it into the tag, and Jinja's own words
        would quote their text. (A tag closed in a later paragraph is docxtpl's to join.)"""
        if not original or where.paragraph is None or where.in_table:
            return None
        numbered = number_paragraphs(original)
        text, rest = written_paragraph(numbered, where.paragraph)
        opening = unclosed_tag(text, rest) if text else None
        if text is None or opening is None:
            return None
        for tag, field in self._merge_shown:
            text = text.replace(tag, field)
        closing = "}}" if opening == "{{" else "%}"
        return TemplateError(
            f"{label}中的模板标签有语法错误：「{opening}」之后没有「{closing}」"
            "（标签没有写完，或结束的括号少写了、写成了全角）",
            replace(where, excerpt=excerpt(text)),
        )

    def _number(self, member: str, original: str) -> str:
        """The part compiled again from its XML with the paragraphs numbered (kept: a template
        may fail every row at the same place)."""
        numbered = self._tpl.patch_xml(number_paragraphs(original))
        if member == self._document:
            numbered = self_close(numbered)
        self._numbered[member] = _mark_paragraphs(numbered)
        return self._numbered[member]

    def _run(self, part: _Part, context: dict[str, Any], listing: bool = True) -> str:
        if part.fixed is not None:
            return part.finished if listing else part.fixed
        xml = "".join(self._chunks(part, context))
        limit = self.env.meter.limits.max_output_chars
        return _finish(self._tpl, xml, limit) if listing else xml

    def _chunks(self, part: _Part, context: dict[str, Any]) -> list[str]:
        if part.fixed is not None:
            return [part.fixed]
        try:
            return render_chunks(part.template, context, self.env.meter)
        except Exception as exc:
            where = self._where(
                template_line(exc), part.source, part.member, part.label, part.original
            )
            raise render_problem(exc, where) from None


def _external_ids(parts: dict[str, bytes], member: str) -> frozenset[str]:
    """The ids of a part's external relationships (the hyperlinks the sanitiser kept)."""
    folder, base = posixpath.split(member)
    rels = parts.get(posixpath.join(folder, "_rels", f"{base}.rels"))
    if rels is None:
        return frozenset()
    root = parse_xml(rels)
    return frozenset(
        rel.get("Id", "") for rel in root if isinstance(rel.tag, str) and external(rel)
    )


def _refuse_tables_without_grid(document: Any, name: str) -> None:
    """docxtpl's fix_tables needs every table's w:tblGrid (Word always writes one; Word also
    refuses a table without it): said before any row, with the table as Word counts it."""
    outer = [t for t in document.iter(qn("w:tbl")) if t.getparent().tag != qn("w:tc")]
    for number, table in enumerate(outer, start=1):
        for inner in table.iter(qn("w:tbl")):
            if inner.find(qn("w:tblGrid")) is None:
                raise TemplateError(
                    "模板中的表格缺少列宽的定义（w:tblGrid），Word 也打不开这样的表格："
                    "请在 Word 中打开模板，另存为 .docx 后再试",
                    Location(file=name, in_table=True, table=number),
                )


# What lets text into the XML unescaped (docgen's own documents pass their XML as Markup values).
_LOADING = (nodes.Include, nodes.Extends, nodes.Import, nodes.FromImport)
_REFUSED_NODES = (nodes.Filter, nodes.FilterBlock, nodes.EvalContextModifier, *_LOADING)


def _refused(node: nodes.Node) -> tuple[str, str] | None:
    """For a tag docgen does not render: a word that finds its paragraph, and why.

    |safe, |urlize and {% autoescape false %} write text into the XML unescaped: a template
    (or a row's value through it) could write WordprocessingML past the sanitiser — a field
    that runs a program or fetches a file when the document opens. Another template file is
    nowhere to load from (and must not be: a template names no file of the user's)."""
    if isinstance(node, nodes.FilterBlock):  # Jinja writes what its filter returns unescaped
        return "filter", (
            "模板用了 {% filter %}：它的结果不经转义写进文件（如 wordwrap 的换行符、join 的"
            "分隔符），能写入 Word 的内部格式，docgen 不支持，未生成任何文件"
            "（请把筛选器写在 {{ }} 中，如 {{ 单位名称|upper }}）"
        )
    if isinstance(node, nodes.Filter) and node.name in UNESCAPING_FILTERS:
        shown = f"|{node.name}"
    elif isinstance(node, nodes.EvalContextModifier) and _escaping_off(node):
        shown = "{% autoescape false %}"
    elif isinstance(node, _LOADING):
        word = type(node).__name__.lower().replace("fromimport", "import")
        return word, (
            f"模板用了 {{% {word} %}}：模板不能引用其他模板文件，docgen 不支持，未生成任何文件"
            "（请把要引用的内容直接写进这个模板）"
        )
    else:
        return None
    word = shown.strip("|{%} ").split()[0]
    return word, (
        f"模板用了 {shown}：它让文字不经转义写进文件，能写入 Word 的内部格式"
        "（如打开文件时运行程序、读取外部文件的域），docgen 不支持，未生成任何文件"
        f"（请删掉 {shown}：标签的值会按文字原样写入）"
    )


def _escaping_off(node: nodes.EvalContextModifier) -> bool:
    """Whether an {% autoescape %} block may turn escaping off (anything but a literal true)."""
    return any(
        option.key == "autoescape"
        and not (isinstance(option.value, nodes.Const) and option.value.value is True)
        for option in node.options
    )


def _finish(tpl: DocxTemplate, xml: str, limit: int | None = None) -> str:
    """The tail of docxtpl's ``render_xml_part`` (its first ``re.sub``, as two replaces),
    with ``_Template.resolve_listing``'s dropping of characters XML forbids."""
    xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    xml = _NOT_XML_CHARACTERS.sub("", xml)
    if "{_" in xml or "_}" in xml:
        xml = (
            xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        )
    if not any(c in xml for c in "\t\n\a\f"):
        return xml  # resolve_listing changes nothing without these characters
    if limit is not None and _listing_size(xml) > limit:
        raise LimitExceeded(f"生成的文档过大（超过 {limit} 个字符）")
    return tpl.resolve_listing(xml)


def _listing_size(xml: str) -> int:
    """At most how long ``resolve_listing`` makes ``xml``: it copies a run's properties twice
    for each tab, and a paragraph's and a run's for each \\a and \\f (a row of tabs under a
    long <w:rPr> would grow past every limit after the render was measured)."""
    run = max(map(len, _RUN_PROPERTIES.findall(xml)), default=0)
    paragraph = max(map(len, _PARAGRAPH_PROPERTIES.findall(xml)), default=0)
    breaks = xml.count("\a") + xml.count("\f")
    return (
        len(xml)
        + xml.count("\t") * (2 * run + 80)
        + breaks * (paragraph + run + 160)
        + (xml.count("\n") * 50)
    )


_RUN_PROPERTIES = re.compile(r"<w:rPr>.*?</w:rPr>", re.S)
_PARAGRAPH_PROPERTIES = re.compile(r"<w:pPr>.*?</w:pPr>", re.S)


def prepare(
    template: bytes, name: str, limits: RenderLimits = DEFAULT_LIMITS, *, blank_cells: bool = True
) -> PreparedTemplate:
    """Read, sanitise and compile a docxtpl template once (docxtpl's regexes bounded in time).

    ``blank_cells``: a name the context lacks is a roster's blank cell — false in ``{% if %}``,
    an error only where printed. docgen's own documents pass False: their context is composed,
    so a name it lacks is a typo in the template, said wherever it is used."""
    try:
        with memory_cap(limits), deadline(limits.prepare_seconds):
            return PreparedTemplate(template, name, limits, blank_cells=blank_cells)
    except MemoryError:
        raise TemplateError(
            "模板过大：准备它所需的内存超过上限，疑似恶意构造", Location(file=name)
        ) from None
    except LimitExceeded:
        raise TemplateError(
            f"模板预处理超时（超过 {limits.prepare_seconds:g} 秒），疑似恶意构造",
            Location(file=name),
        ) from None
    except UnicodeDecodeError:
        raise UnreadableDocumentError(
            "模板中有不是 UTF-8 编码的部件", Location(file=name)
        ) from None


def _prepared_again(
    template: bytes, name: str, limits: RenderLimits, blank_cells: bool
) -> PreparedTemplate:
    return prepare(template, name, limits, blank_cells=blank_cells)


def render_one(
    template: bytes,
    name: str,
    context: dict[str, Any],
    limits: RenderLimits = DEFAULT_LIMITS,
    core: CoreHook | None = None,
    *,
    blank_cells: bool = True,
) -> bytes:
    """The one-document path: docxtpl loads, renders and saves the sanitised template
    (``blank_cells`` as for ``prepare``)."""
    clean = sanitize_template(template, name)
    document = _open(clean.data, name)
    env = BoundedSandbox(limits, blank_cells=blank_cells, autoescape=True)
    env.meter.start()
    env.trust(context)
    try:
        with deadline(limits.seconds):
            document.render(context, jinja_env=env, autoescape=True)
    except Exception as exc:
        raise render_problem(exc, Location(file=name)) from None
    drop_empty_tables(document.docx.element.body)
    if core is not None:
        core(document.docx.core_properties)
    return write_zip(read_zip(_save(document.docx), name))


class _Template(DocxTemplate):
    """docxtpl's template, with what its steps after Jinja leave parsed strictly.

    Its regexes assume every element has an end tag and every ``-%}`` stands in text: a
    self-closing ``<w:t/>`` makes ``resolve_listing`` split runs at a tab inside an attribute
    value, a ``-%}`` in an attribute value makes ``patch_xml`` cut through to the next text,
    a self-closing ``<w:p/>`` makes a ``{%p %}`` take half a paragraph. ``fix_tables`` parses
    with ``recover=True`` and would quietly make markup of what was text or an attribute's
    value; footnotes are not parsed at all. A part they left malformed fails its row
    instead, on both paths."""

    def resolve_listing(self, xml: str) -> str:
        # The characters XML forbids (a cell's \x0b from Word) dropped first, in every part,
        # as recover=True drops them in text: a value holding one still renders.
        return super().resolve_listing(_NOT_XML_CHARACTERS.sub("", xml))

    def fix_tables(self, xml: str) -> Any:
        parse(xml.encode("utf-8"))  # XMLSyntaxError: the row's error
        return super().fix_tables(xml)

    def render_footnotes(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        super().render_footnotes(context, jinja_env)
        for part in self.docx.part.package.parts:
            if part.content_type == FOOTNOTES:
                parse(part.blob)


def _open(data: bytes, name: str) -> DocxTemplate:
    document = _Template(io.BytesIO(data))
    try:
        document.init_docx()
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise UnreadableDocumentError(
            f"模板内部的 XML 有误（第 {line} 行第 {column} 列）：请用 Word 打开后另存一次再试",
            Location(file=name),
        ) from None
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise UnreadableDocumentError(f"模板无法打开：{exc}", Location(file=name)) from None
    return document


def _save(docx: Any) -> bytes:
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


_NOT_XML_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _bare_body(document: Any) -> bool:
    """Whether the body element has no attributes nor namespaces of its own: the direct path
    writes the skeleton's bare <w:body>, and would drop them."""
    body = document.find(_BODY)
    return not body.attrib and body.nsmap == document.nsmap


def _skeleton(document: Any) -> Any:
    """The document element with an empty body, copied for each row and given its body."""
    skeleton = copy.deepcopy(document)
    body = skeleton.find(_BODY)
    skeleton.replace(body, etree.Element(_BODY))
    return skeleton


def _frame(skeleton: Any) -> tuple[str, str]:
    """The serialised document before and after its body's content."""
    document = copy.deepcopy(skeleton)
    mark = "\ue000"  # a private-use character no serialiser escapes
    document.find(_BODY).text = mark
    head, tail = serialize_part_xml(document).decode("utf-8").split(mark)
    return head, tail


def _member_of(docx: Any, content_type: str) -> str:
    return next(
        p.partname.membername for p in docx.part.package.parts if p.content_type == content_type
    )


def _headers_footers(tpl: DocxTemplate) -> list[tuple[Any, str, str, str]]:
    found = []
    for uri, label in ((tpl.HEADER_URI, "页眉"), (tpl.FOOTER_URI, "页脚")):
        for _, part in tpl.get_headers_footers(uri):
            xml = tpl.get_part_xml(part)
            found.append((part, label, xml, tpl.get_headers_footers_encoding(xml)))
    return found


def _mark_paragraphs(xml: str) -> str:
    """Every paragraph on a line of its own, as docxtpl's ``render_xml_part`` marks them."""
    return _PARAGRAPH_START.sub(r"\n<w:p\1", xml)


_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_PARAGRAPH = re.compile(r"(<w:p(?:\s[^>]*)?(?<!/)>).*?</w:p>", re.S)  # not <w:p/>: no end to find
_WHOLE_BLOCK_TAG = re.compile(r"\{%-?\s*(?:p|tr|tc)\s")


def _crowded_paragraph(xml: str) -> str | None:
    """The text of the first paragraph of a part's XML holding two {%p %}/{%tr %}/{%tc %}
    tags: docxtpl makes the whole paragraph (row, cell) the first, so the second is lost."""
    for paragraph in _PARAGRAPH.finditer(xml):
        text = html.unescape("".join(_TEXT.findall(paragraph[0])))
        if len(_WHOLE_BLOCK_TAG.findall(text)) > 1:
            return text
    return None


_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_TAG = re.compile(TAG_BRACKETS)
# What a body must hold for ``rendered_reach`` to find anything in it (fields, embedded
# content, VML addresses): local names, any prefix, any spacing.
_REACH_MARKERS = (b"fld", b"altChunk", b"subDoc", b"control", b"src", b"href")
_JINJA_START = re.compile(r"\{[{%#]")
_TYPED_FIELD = re.compile(r"«([^«»<>]{1,60})»")
_TAG_MARK = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
_CLOSINGS = {"{{": "}}", "{%": "%}", "{#": "#}"}
