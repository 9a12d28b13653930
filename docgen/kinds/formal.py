"""Input pieces every issued document (公文) shares: 发文字号, dates, recipients, 版头 and 版记.

The plan and the notice use them; each validates what GB/T 9704 fixes (the 〔〕 of a
发文字号, an unpadded 成文日期) and composes its part of the outline.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from docgen.compose.outline import (
    Attachment,
    AttachmentNote,
    Block,
    HeaderBlock,
    Imprint,
    Outline,
    Paragraph,
    Signature,
)
from docgen.kinds.base import Composition, ExtraOutput
from docgen.layout.profile import Profile
from docgen.library import Fragment
from docgen.ooxml.template import TemplateLine
from docgen.text.dates import cn_date, is_padded_date, parse_cn_date
from docgen.validate import StrictModel

NATIONAL_DOC_NUMBER = r"^.+〔\d{4}〕[1-9]\d*号$"
DOC_NUMBER_EXAMPLE = "临委办发〔2026〕23号"


def _doc_number(value: str, info: ValidationInfo) -> str:
    """A 发文字号 matching the profile's pattern, with a hint at the usual slips."""
    profile: Profile | None = (info.context or {}).get("profile")
    pattern = profile.doc_number_pattern if profile is not None else NATIONAL_DOC_NUMBER
    if re.match(pattern, value):
        return value
    hint = "格式应为 机关代字〔年份〕序号号，如 " + DOC_NUMBER_EXAMPLE
    if re.search(r"[\[\]【】（）()〈〉]", value):
        hint = "年份要用六角括号〔〕括起，不用 [ ]、【】或（）；" + hint
    elif "第" in value:
        hint = "序号前不加“第”；" + hint
    elif re.search(r"〕0\d", value):
        hint = "序号不编虚位（不写 01、001）；" + hint
    raise ValueError(f"发文字号“{value}”格式不正确：{hint}")


DocNumber = Annotated[str, AfterValidator(_doc_number)]
"""发文字号, checked against the profile's ``doc_number_pattern`` (passed as context)."""


def _doc_date(value: Any) -> Any:
    """成文日期 and 印发日期: a YAML date, or text in Arabic digits without zero padding."""
    if isinstance(value, str):
        if is_padded_date(value):
            raise ValueError(f"日期“{value}”的月、日不应补零：如 2026年9月9日")
        return parse_cn_date(value)
    return value


DocDate = Annotated[datetime.date, BeforeValidator(_doc_date)]


def _names(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Names = Annotated[list[str], BeforeValidator(_names)]
"""A list of organs, or one line already written out."""


def join_names(names: list[str]) -> str:
    """Organs as written in 主送 and 抄送: separated by full-width commas."""
    return "，".join(name.strip().rstrip("，,：:。") for name in names if name.strip())


class FragmentOrTasks(StrictModel):
    """A part of an issued text's body: a fragment, or the tasks section (``tasks`` in subclasses)."""

    fragment: str | None = None
    title: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_source(self) -> FragmentOrTasks:
        if (self.fragment is None) == (getattr(self, "tasks", None) is None):
            raise ValueError("每一部分要么写 fragment（片段），要么写 tasks（整改任务），二者取一")
        return self


class Issuer(StrictModel):
    """The issuing organ and its 版头."""

    organ: str = Field(min_length=1)
    issuer_mark: str | None = None
    doc_number: DocNumber
    star: bool | None = None

    def header(self) -> HeaderBlock:
        """The 版头; the star follows the profile unless the input says (None: the profile's)."""
        return HeaderBlock(self.issuer_mark or f"{self.organ}文件", self.doc_number, self.star)


class ImprintInput(StrictModel):
    """版记: 抄送 organs, 印发机关 (default: the issuing organ) and 印发日期 (default: 成文日期)."""

    cc: Names = Field(default_factory=list)
    printer: str | None = None
    printed_on: DocDate | None = None


class IssuedText(Issuer):
    """An issued text's own lines around its body: title, 成文日期, 附注 and 版记."""

    title: str = Field(min_length=1)
    signed_on: DocDate
    note: str = ""
    imprint: ImprintInput = Field(default_factory=ImprintInput)

    @field_validator("imprint")
    @classmethod
    def _printed_once_signed(cls, value: ImprintInput, info: ValidationInfo) -> ImprintInput:
        signed_on = info.data.get("signed_on")
        if value.printed_on is not None and signed_on is not None and value.printed_on < signed_on:
            raise ValueError(
                f"印发日期 printed_on（{cn_date(value.printed_on)}）早于成文日期 signed_on"
                f"（{cn_date(signed_on)}）：公文成文后才能印发"
            )
        return value


def without_title_marks(title: str) -> str:
    """An attachment's title as the 附件说明 and its page write it: without the 书名号 typed
    around it (《整改任务清单》), which a sentence naming it adds itself."""
    if title.startswith("《") and title.endswith("》"):
        return title[1:-1].strip()
    return title


def issued_composition(
    data: IssuedText,
    recipients: str,
    body: Sequence[Block],
    *,
    attachments: Sequence[Attachment] = (),
    fragments: list[Fragment],
    header: HeaderBlock | None = None,
    outputs: Sequence[ExtraOutput] = (),
) -> Composition:
    """The body, then 附件说明, signature, 附注, the attachments and the 版记, with the 版头
    (``header``, else the input's) and the template's tag values."""
    blocks = list(body)
    if attachments:
        blocks.append(AttachmentNote())
    blocks.extend(closing(data.organ, data.signed_on, data.note))
    blocks.extend(attachments)
    blocks.append(imprint(data.imprint, data.organ, data.signed_on))
    return Composition(
        context={
            "title": data.title,
            "recipients": recipients,
            "organ": data.organ,
            "doc_number": data.doc_number,
            "signed_on": cn_date(data.signed_on),
        },
        outline=Outline(tuple(blocks)),
        title=data.title,
        author=data.organ,
        date=data.signed_on,
        fragments=fragments,
        slots={"header": Outline((header or data.header(),))},
        outputs=list(outputs),
    )


def issued_template_lines() -> list[TemplateLine]:
    """版头, two blank lines, title, a blank line, 主送, then the body (to the 版记)."""
    return [
        TemplateLine("body", "{{p header }}"),
        TemplateLine("body"),
        TemplateLine("body"),
        TemplateLine("title", "{{ title }}"),
        TemplateLine("body"),
        TemplateLine("recipients", "{{ recipients }}："),
        TemplateLine("body", "{{p body }}"),
    ]


def closing(organ: str, signed_on: datetime.date, note: str = "") -> list[Block]:
    """Signature and 成文日期, then the 附注 in parentheses on the next line."""
    blocks: list[Block] = [Signature(organ, cn_date(signed_on))]
    if note:
        blocks.append(Paragraph.of(f"（{note.strip().strip('（）()')}）"))
    return blocks


def imprint(data: ImprintInput, organ: str, signed_on: datetime.date) -> Imprint:
    printed_on = cn_date(data.printed_on or signed_on)
    return Imprint(data.printer or organ, printed_on, join_names(data.cc))
