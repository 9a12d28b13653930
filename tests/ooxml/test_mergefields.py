"""Word mail-merge fields become docxtpl tags: the run Word would fill, with its formatting."""

from __future__ import annotations

import pytest
from lxml import etree

from docgen.errors import InputError
from docgen.ooxml.mergefields import fields_to_tags
from docgen.ooxml.xml import NS, parse, qn
from docgen.render.limits import BoundedSandbox
from docgen.text.numbers import ShownNumber

_W = NS["w"]


def _document(body: str) -> etree._Element:
    return parse(f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'.encode())


def _field(instruction: str, shown: str, bold: bool = True) -> str:
    """A field as Word writes it: begin, instruction (split over two runs), separate, the shown
    result, end."""
    head, tail = instruction[: len(instruction) // 2], instruction[len(instruction) // 2 :]
    properties = "<w:rPr><w:b/><w:noProof/></w:rPr>" if bold else ""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{head}</w:instrText></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{tail}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{properties}<w:t>{shown}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _texts(root: etree._Element) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in root.iter(qn("w:p"))]


def _filled(root: etree._Element, row: dict[str, object]) -> list[str]:
    """Each paragraph rendered as a roster row renders (docgen's sandbox, a blank a blank)."""
    environment = BoundedSandbox()
    environment.meter.start()
    values = {key: value for key, value in row.items() if value != ""}  # as a sheet reads it
    return [environment.from_string(text).render(列=values, **values) for text in _texts(root)]


def test_a_complex_merge_field_becomes_one_run_with_the_results_formatting() -> None:
    root = _document(
        "<w:p>"
        + _field(" MERGEFIELD 单位名称 \\* MERGEFORMAT ", "«单位名称»")
        + '<w:bookmarkStart w:id="0" w:name="甲"/><w:r><w:t>：</w:t></w:r></w:p>'
    )
    found = fields_to_tags("word/document.xml", root, "主文档.docx")
    assert list(found.columns) == ["单位名称"] and found.notes == []
    paragraph = root.find(f".//{qn('w:p')}")
    runs = paragraph.findall(qn("w:r"))
    assert len(runs) == 2  # the field's five runs are one now; the bookmark stays
    assert runs[0].find(qn("w:rPr")).find(qn("w:b")) is not None
    assert runs[0].find(qn("w:t")).get(f"{{{NS['xml']}}}space") == "preserve"
    assert paragraph.find(qn("w:bookmarkStart")) is not None
    assert root.find(f".//{qn('w:fldChar')}") is None
    assert _filled(root, {"单位名称": "市教育局"}) == ["市教育局："]


def test_a_simple_field_is_converted_in_document_order_with_the_complex_ones() -> None:
    root = _document(
        '<w:p><w:fldSimple w:instr=" MERGEFIELD 联系人 "><w:r><w:rPr><w:i/></w:rPr>'
        "<w:t>«联系人»</w:t></w:r></w:fldSimple></w:p>"
        f"<w:p>{_field(' MERGEFIELD 截止日期 ', '«截止日期»')}</w:p>"
    )
    found = fields_to_tags("word/document.xml", root, "主文档.docx")
    assert list(found.columns) == ["联系人", "截止日期"]
    assert [place.paragraph for place in found.columns.values()] == [1, 2]
    assert root.find(f".//{qn('w:fldSimple')}") is None
    assert root.find(f".//{qn('w:i')}") is not None
    assert _filled(root, {"联系人": "张三", "截止日期": "12月15日"}) == ["张三", "12月15日"]


@pytest.mark.parametrize(
    ("instruction", "row", "shown"),
    [
        # \b and \f: text before and after, only when the cell is not empty (as Word does).
        (' MERGEFIELD 联系人 \\b "联系人：" \\f "。" ', {"联系人": "张三"}, "联系人：张三。"),
        (' MERGEFIELD 联系人 \\b "联系人：" \\f "。" ', {"联系人": ""}, ""),
        (' MERGEFIELD 联系人 \\b "联系人：" \\f "。" ', {"联系人": None}, ""),
        # \\b of no text: still a blank prints nothing (a blank cell is no error there).
        (' MERGEFIELD 联系人 \\b "" ', {"联系人": None}, ""),
        # 0 is a value: Word writes "共0个".
        (' MERGEFIELD 问题数 \\b "共" \\f "个" ', {"问题数": 0}, "共0个"),
        # \m and \v take no argument: the switch after them still counts.
        (' MERGEFIELD 联系人 \\m \\b "联系人：" \\v ', {"联系人": "张三"}, "联系人：张三"),
        # A column whose name is no tag name is read through 列, quotes and XML marks intact.
        (' MERGEFIELD "完成率（%）" ', {"完成率（%）": "80"}, "80"),
        (' MERGEFIELD "A&B\\甲" \\b "<" \\f "\'" ', {"A&B\\甲": "1"}, "<1'"),
        (" MERGEFIELD 2025年目标 ", {"2025年目标": "九成"}, "九成"),
        (" MERGEFIELD not ", {"not": "仍是列名"}, "仍是列名"),
        (" MERGEFIELD name \\* Upper ", {"name": "abc"}, "ABC"),
    ],
)
def test_switches_and_column_names_fill_as_word_fills_them(
    instruction: str, row: dict[str, str], shown: str
) -> None:
    root = _document(
        f"<w:p>{_field(instruction.replace('&', '&amp;').replace('<', '&lt;'), '«x»')}</w:p>"
    )
    fields_to_tags("word/document.xml", root, "主文档.docx")
    assert _filled(root, row) == [shown]


def test_date_and_number_switches_show_values_as_word_does_and_others_are_named() -> None:
    """\\@ applies to a date cell, and to text that reads as a date (Word does the same), its
    Chinese numerals too (EEEE年O月A日); \\# to a number, or text that is one (clerk review 17:
    1234.567 went out under \\# "0.00"); a switch not applied (CHINESENUM3) is said."""
    import datetime

    root = _document(
        "<w:p>"
        + _field(' MERGEFIELD 截止日期 \\@ "yyyy年M月d日" ', "«截止日期»")
        + "</w:p><w:p>"
        + _field(' MERGEFIELD 金额 \\# "0.00" ', "«金额»")
        + _field(" MERGEFIELD 序号 \\* CHINESENUM3 \\* MERGEFORMAT ", "«序号»")
        + "</w:p><w:p>"
        + _field(' MERGEFIELD 截止日期 \\@ "EEEE年O月A日" ', "«截止日期»")
        + "</w:p><w:p>"
        + _field(' MERGEFIELD 金额 \\# "#,##0" ', "«金额»")
        + "</w:p>"
    )
    found = fields_to_tags("word/document.xml", root, "主文档.docx")
    for value in (datetime.date(2026, 3, 21), "2026/3/21", "2026-03-21"):
        row = {"截止日期": value, "金额": 1234.567, "序号": 3}
        assert _filled(root, row) == [
            "2026年3月21日",
            "1234.573",
            "二〇二六年三月二十一日",
            "1,235",
        ]
    other = {"截止日期": "另行通知", "金额": "待定", "序号": 3}
    assert _filled(root, other) == ["另行通知", "待定3", "另行通知", "待定"]
    assert _filled(root, {"截止日期": "2026-03-21", "金额": "50", "序号": 3})[1] == "50.003"
    assert found.notes == [
        "邮件合并域 «序号» 的格式开关 \\* CHINESENUM3 未采用：按名单中显示的样子填入",
    ]


def _if_field(head: str, tail: str, *nested: str) -> str:
    """An IF field as Word writes it: ``head``, the merge fields nested in it (complex ones,
    each with its own begin and end), ``tail``, then the last merge's shown result."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{head}</w:instrText></w:r>'
        + "".join(nested)
        + f'<w:r><w:instrText xml:space="preserve">{tail}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>先生</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _instruction(text: str) -> str:
    return f'<w:r><w:instrText xml:space="preserve">{text}</w:instrText></w:r>'


def _escaped(instruction: str) -> str:
    return instruction.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.mark.parametrize(
    ("head", "tail", "row", "shown"),
    [
        (" IF ", ' = "男" "先生" "女士" \\* MERGEFORMAT ', {"性别": "男"}, "先生"),
        (" IF ", ' = "男" "先生" "女士" ', {"性别": "女"}, "女士"),
        # A blank cell compares as an empty text, as Word's empty result does.
        (" IF ", ' = "男" "先生" "女士" ', {}, "女士"),
        (" IF ", ' <> "" "已填" "未填" ', {"性别": ""}, "未填"),
        (" IF ", ' = "男" "先生" ', {"性别": "女"}, ""),
        # Quoted field, numbers compared as numbers (a sheet shows 1,200), wildcards at the ends.
        (' IF "', '" > 1000 "大额" "小额" ', {"性别": "1,200"}, "大额"),
        (" IF ", " >= 90.5 达标 未达标 ", {"性别": "90"}, "未达标"),
        (" IF ", ' = "市*" "市属" "区属" ', {"性别": "市教育局"}, "市属"),
        (" IF ", ' <> "*局" "非局" "局" ', {"性别": "市教育局"}, "局"),
        (" IF ", ' = "*教育*" "教育口" "其他" ', {"性别": "市教育局"}, "教育口"),
        (" IF ", ' = "市?局" "两字" "其他" ', {"性别": "市教育局"}, "其他"),
        (" IF ", ' = "市??局" "三字" "其他" ', {"性别": "市教育局"}, "三字"),
        # A number cell is its number, however shown (95.6% is 0.956), as Word reads it.
        (" IF ", ' >= 0.9 "达标" "未达标" ', {"性别": ShownNumber(0.956, "95.6%")}, "达标"),
        (" IF ", ' >= 90 "达标" "未达标" ', {"性别": ShownNumber(0.956, "95.6%")}, "未达标"),
        # Text against a number compares as text: "无" and a blank are not 0.
        (" IF ", ' = 0 "无问题" "有问题" ', {"性别": "无"}, "有问题"),
        (" IF ", ' = 0 "无问题" "有问题" ', {"性别": ""}, "有问题"),
        (" IF ", ' = 0 "无问题" "有问题" ', {"性别": 0}, "无问题"),
        # Quotes, XML marks and curly quotes in the texts stay as typed.
        (" IF ", ' = "男" "“先生”&<>" "" ', {"性别": "男"}, "“先生”&<>"),
    ],
)
def test_an_if_field_over_a_merge_field_prints_what_word_prints(
    head: str, tail: str, row: dict[str, str], shown: str
) -> None:
    root = _document(
        f"<w:p><w:r><w:t>尊敬的</w:t></w:r>"
        f"{_if_field(_escaped(head), _escaped(tail), _field(' MERGEFIELD 性别 ', '«性别»'))}</w:p>"
    )
    found = fields_to_tags("word/document.xml", root, "主文档.docx")
    assert list(found.columns) == ["性别"]
    assert (
        root.find(f".//{qn('w:fldChar')}") is None and root.find(f".//{qn('w:instrText')}") is None
    )
    runs = root.findall(f".//{qn('w:r')}")
    assert len(runs) == 2 and runs[1].find(f"{qn('w:rPr')}/{qn('w:u')}") is not None
    assert _filled(root, row) == ["尊敬的" + shown]


def test_an_if_field_prints_merge_fields_in_its_texts_and_compares_two_columns() -> None:
    simple = '<w:fldSimple w:instr=" MERGEFIELD 备注 \\b &quot;（&quot; \\f &quot;）&quot; "/>'
    root = _document(
        "<w:p>"
        + _if_field(
            " IF ",
            '" "尚有任务未完成" ',
            _field(" MERGEFIELD 完成数 ", "«完成数»"),
            _instruction(" = "),
            _field(" MERGEFIELD 任务数 ", "«任务数»"),
            _instruction(' "已全部完成'),
            simple,
        )
        + "</w:p>"
    )
    found = fields_to_tags("word/document.xml", root, "主文档.docx")
    assert list(found.columns) == ["完成数", "任务数", "备注"]
    assert _filled(root, {"完成数": "3", "任务数": "3", "备注": "已验收"}) == [
        "已全部完成（已验收）"
    ]
    assert _filled(root, {"完成数": "2", "任务数": "3", "备注": ""}) == ["尚有任务未完成"]


@pytest.mark.parametrize(
    ("done", "total", "shown"),
    [
        (9, 10, "尚未全部完成"),
        ("9", "10", "尚未全部完成"),
        (10, 10, "已全部完成"),
        ("", 10, "尚未全部完成"),
    ],
)
def test_an_if_field_compares_two_number_columns_as_numbers(
    done: object, total: object, shown: str
) -> None:
    """9 < 10 as numbers ("9" < "10" is false as texts); a blank against a number compares as
    texts ("" < "10")."""
    root = _document(
        "<w:p>"
        + _if_field(
            " IF ",
            ' "尚未全部完成" "已全部完成" ',
            _field(" MERGEFIELD 完成数 ", "«完成数»"),
            _instruction(" &lt; "),
            _field(" MERGEFIELD 任务数 ", "«任务数»"),
        )
        + "</w:p>"
    )
    fields_to_tags("word/document.xml", root, "主文档.docx")
    assert _filled(root, {"完成数": done, "任务数": total}) == [shown]


def test_an_if_field_written_without_spaces_is_read_as_word_reads_it() -> None:
    root = _document(
        "<w:p>"
        + _if_field(
            " IF ",
            '"尚未完成" "已完成"',
            _field(" MERGEFIELD 完成数 ", "«完成数»"),
            _instruction("&lt;"),
            _field(" MERGEFIELD 任务数 ", "«任务数»"),
            _instruction("项"),
        )
        + "</w:p>"
    )
    fields_to_tags("word/document.xml", root, "主文档.docx")
    # {任务数}项 is one value, a text: "9" < "10项" as texts is false, as in Word.
    assert _filled(root, {"完成数": 9, "任务数": 10}) == ["已完成"]


@pytest.mark.parametrize(
    ("nested", "said", "instead"),
    [
        # An IF inside an IF: the outer one is named.
        (
            _if_field(
                " IF 1 = 1 ",
                "",
                _if_field(" IF ", ' = "男" "a" "b" ', _field(" MERGEFIELD 性别 ", "x")),
            ),
            "Word 的 IF 域中嵌套了邮件合并域 «性别»",
            '把这个 IF 域改写为 {% if 性别 == "…" %}',
        ),
        (
            _if_field(
                " IF ",
                ' "女士" ',
                _field(" MERGEFIELD 性别 ", "x"),
                _instruction(' = "男" "先生（'),
                _field(" QUOTE 特邀 ", "特邀"),
                _instruction('）"'),
            ),
            "中嵌套了 QUOTE 域",
            '{% if 性别 == "…" %}',
        ),
        (
            _if_field(" QUOTE ", "", _field(" MERGEFIELD 性别 ", "x")),
            "Word 的 QUOTE 域中嵌套了邮件合并域 «性别»",
            "删去外面的 QUOTE 域，只留下合并域 «性别»",
        ),
        (
            _if_field(" IF ", ' == "男" "a" "b" ', _field(" MERGEFIELD 性别 ", "x")),
            'Word 的 IF 域「IF { MERGEFIELD 性别 } == "男" "a" "b"」的比较符「==」不是 =、<>、<、<=、>、>= 之一',
            '{% if 性别 == "…" %}',
        ),
        (
            _if_field(" IF ", " = “男” “先生” “女士” ", _field(" MERGEFIELD 性别 ", "x")),
            '的引号是中文引号（“ ”）：域代码只认英文引号 "',
            '{% if 性别 == "…" %}',
        ),
        (
            _if_field(" IF ", ' "a" "b" ', _field(" MERGEFIELD 性别 ", "x")),
            "不是“IF 值 比较符 值",
            '{% if 性别 == "…" %}',
        ),
    ],
)
def test_an_if_field_docgen_cannot_convert_is_refused_with_its_paragraph_and_the_tag_to_write(
    nested: str, said: str, instead: str
) -> None:
    root = _document(
        "<w:p><w:r><w:t>通知</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"
        f"<w:p>{nested}</w:p>"
    )
    with pytest.raises(InputError) as caught:
        fields_to_tags("word/document.xml", root, "主文档.docx")
    message = str(caught.value)
    assert message.startswith("主文档.docx：第2段「")
    assert said in message and instead in message


@pytest.mark.parametrize(
    ("kind", "instead"),
    [
        ("NEXT", "表格循环"),
        ("NEXTIF", "表格循环"),
        ("SKIPIF", "从名单中删去"),
        ("MERGEREC", "加一列“序号”"),
        ("MERGESEQ", "加一列“序号”"),
        ("ADDRESSBLOCK", "逐个插入需要的合并域"),
        ("GREETINGLINE", "«联系人»同志："),
        ("ASK", "放进名单的一列"),
        ("FILLIN", "放进名单的一列"),
    ],
)
def test_fields_no_tag_does_as_word_does_are_refused_in_a_header_named_as_word_names_it(
    kind: str, instead: str
) -> None:
    root = _document(f'<w:p><w:fldSimple w:instr=" {kind} "/></w:p>')
    with pytest.raises(InputError) as caught:
        fields_to_tags("word/header1.xml", root, "主文档.docx")
    message = str(caught.value)
    assert message.startswith(f"主文档.docx（页眉）：第1段：模板中有 Word 邮件合并的 {kind} 域")
    assert instead in message


def test_every_record_field_of_a_part_is_refused_at_once() -> None:
    """Clerk review 17: GREETINGLINE was said, then NEXT after the clerk removed it."""
    from docgen.errors import ErrorGroup

    root = _document(
        '<w:p><w:fldSimple w:instr=" GREETINGLINE "/></w:p>'
        '<w:p><w:fldSimple w:instr=" NEXT "/></w:p>'
    )
    with pytest.raises(ErrorGroup) as caught:
        fields_to_tags("word/document.xml", root, "主文档.docx")
    said = [str(error) for error in caught.value.errors]
    assert [m.split("：", 2)[1] for m in said] == ["第1段", "第2段"]
    assert "GREETINGLINE" in said[0] and "NEXT" in said[1] and "名单写成 YAML" in said[1]


def test_a_skipif_over_a_merge_field_is_said_as_a_skipif_with_the_others() -> None:
    """Code review 25: the SKIPIF was said as a nesting ("删去外面的 SKIPIF 域，只留下合并域"),
    advice that would print the status in every file, and the NEXT before it was lost."""
    from docgen.errors import ErrorGroup

    skip = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> SKIPIF </w:instrText></w:r>'
        + _field(" MERGEFIELD 状态 ", "«状态»")
        + '<w:r><w:instrText xml:space="preserve"> = "撤销" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    root = _document(f'<w:p><w:fldSimple w:instr=" NEXT "/></w:p><w:p>{skip}</w:p>')
    with pytest.raises(ErrorGroup) as caught:
        fields_to_tags("word/document.xml", root, "主文档.docx")
    said = [str(error) for error in caught.value.errors]
    assert "NEXT 域" in said[0] and "SKIPIF 域（按条件跳过一行数据）" in said[1]


def test_a_refused_field_in_a_table_is_placed_by_its_table_and_row() -> None:
    cell = "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
    nested = "<w:tbl><w:tr>" + cell.format("内") + "</w:tr></w:tbl>"
    root = _document(
        f"<w:tbl><w:tr>{cell.format('甲')}</w:tr></w:tbl><w:p/>"
        f"<w:tbl><w:tr><w:tc>{nested}<w:p/></w:tc></w:tr>"
        '<w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r><w:fldSimple w:instr=" NEXT "/></w:p></w:tc></w:tr>'
        "</w:tbl>"
    )
    with pytest.raises(InputError) as caught:
        fields_to_tags("word/document.xml", root, "主文档.docx")
    message = str(caught.value)
    assert message.startswith(
        "主文档.docx：第2个表格第2行「序号」：模板中有 Word 邮件合并的 NEXT 域"
    )


@pytest.mark.parametrize("wrapper", ["w:hyperlink", "w:smartTag", "w:customXml", "w:sdtContent"])
def test_a_result_inside_a_wrapper_goes_with_the_field(wrapper: str) -> None:
    field = _field(" MERGEFIELD 单位名称 ", "«单位名称»")
    shown = "<w:r><w:rPr><w:b/><w:noProof/></w:rPr><w:t>«单位名称»</w:t></w:r>"
    wrapped = field.replace(shown, f"<{wrapper}>{shown}</{wrapper}>")
    root = _document(f"<w:p>{wrapped}<w:r><w:t>：</w:t></w:r></w:p>")
    fields_to_tags("word/document.xml", root, "主文档.docx")
    assert _filled(root, {"单位名称": "市教育局"}) == ["市教育局："]
    assert root.find(f".//{qn('w:b')}") is not None  # the result's formatting, from inside


def test_text_sharing_a_run_with_the_field_stays_around_its_tag() -> None:
    """One run holding text, the whole field and more text, as editors other than Word write."""
    root = _document(
        '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>致</w:t><w:fldChar w:fldCharType="begin"/>'
        '<w:instrText xml:space="preserve"> MERGEFIELD 单位名称 </w:instrText>'
        '<w:fldChar w:fldCharType="separate"/><w:t>«单位名称»</w:t>'
        '<w:fldChar w:fldCharType="end"/><w:t>：</w:t></w:r></w:p>'
    )
    fields_to_tags("word/document.xml", root, "主文档.docx")
    assert _filled(root, {"单位名称": "市教育局"}) == ["致市教育局："]
    runs = root.findall(f".//{qn('w:r')}")
    assert len(runs) == 3 and all(
        run.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None for run in runs
    )


def test_a_merge_field_across_paragraphs_is_refused_by_name() -> None:
    begin = '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> MERGEFIELD 单位 </w:instrText></w:r></w:p>'
    end = '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    with pytest.raises(InputError, match="«单位» 跨越了段落或超链接"):
        fields_to_tags("word/document.xml", _document(begin + end), "主文档.docx")


def test_an_if_whose_text_spans_paragraphs_is_refused_with_the_paragraph_tags_to_write() -> None:
    begin = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>'
        + _field(" MERGEFIELD 性别 ", "«性别»")
        + '<w:r><w:instrText xml:space="preserve"> = "男" "第一段</w:instrText></w:r></w:p>'
    )
    end = (
        '<w:p><w:r><w:instrText xml:space="preserve">第二段" "" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    with pytest.raises(InputError) as caught:
        fields_to_tags("word/document.xml", _document(begin + end), "主文档.docx")
    message = str(caught.value)
    assert "Word 的 IF 域（比较 «性别»）的文字跨越了段落" in message
    assert '{%p if 性别 == "…" %}、{%p else %}、{%p endif %}' in message


def test_other_fields_are_left_as_they_are() -> None:
    root = _document(f"<w:p>{_field(' PAGE ', '1')}</w:p>")
    before = etree.tostring(root)
    assert fields_to_tags("word/footer1.xml", root, "主文档.docx").columns == {}
    assert etree.tostring(root) == before
