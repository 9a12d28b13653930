"""Load a layout profile: the national one, or a unit profile that extends it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from docgen.errors import InputError, Location
from docgen.layout.units import Length, parse_size

BUNDLED_DIR = Path(__file__).parent / "profiles"

LengthField = Annotated[Length, BeforeValidator(Length.parse)]
SizeField = Annotated[Length, BeforeValidator(parse_size)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Page(_Model):
    width: LengthField
    height: LengthField
    margin_top: LengthField
    margin_bottom: LengthField
    margin_left: LengthField
    margin_right: LengthField
    tolerance: LengthField

    @property
    def block_width(self) -> Length:
        return Length(self.width - self.margin_left - self.margin_right)

    @property
    def block_height(self) -> Length:
        return Length(self.height - self.margin_top - self.margin_bottom)


class Grid(_Model):
    lines_per_page: int
    chars_per_line: int
    line_spacing: LengthField


class Faces(_Model):
    fangsong: str
    heiti: str
    kaiti: str
    xiaobiaosong: str
    songti: str


class Element(_Model):
    face: Literal["fangsong", "heiti", "kaiti", "xiaobiaosong", "songti"]
    size: SizeField
    align: Literal["left", "center", "right", "both"] = "both"
    indent_chars: int = 0
    right_indent_chars: int = 0
    bold: bool = False
    color: Literal["text", "red"] = "text"


class Elements(_Model):
    body: Element
    title: Element
    subtitle: Element
    salutation: Element
    heading1: Element
    heading2: Element
    heading3: Element
    heading4: Element
    lead: Element
    recipients: Element
    signature: Element
    issuer_mark: Element
    doc_number: Element
    copy_number: Element
    attachment_label: Element
    imprint: Element
    table: Element
    masthead: Element
    page_number: Element


class PageNumberPosition(_Model):
    speech: Literal["center", "odd_even"]
    bulletin: Literal["center", "odd_even"]
    formal: Literal["center", "odd_even"]


class PageNumber(_Model):
    format: str
    distance_below_block: LengthField
    indent_chars: int
    position: PageNumberPosition


class HeaderBlock(_Model):
    issuer_mark_offset: LengthField
    separator_gap: LengthField
    separator_width: LengthField
    separator_thickness: LengthField
    separator_star: bool


class Imprint(_Model):
    thick_line: LengthField
    thin_line: LengthField


class Colors(_Model):
    text: str
    red: str


class Profile(_Model):
    """Every layout number of an official text, after inheritance is resolved."""

    name: str
    description: str = ""
    page: Page
    grid: Grid
    faces: Faces
    latin_face: str | None = None
    colors: Colors
    elements: Elements
    page_number: PageNumber
    header_block: HeaderBlock
    imprint: Imprint
    doc_number_pattern: str

    def face_name(self, element: Element) -> str:
        return getattr(self.faces, element.face)

    def color_hex(self, element: Element) -> str:
        return getattr(self.colors, element.color)


def load_profile(ref: str, base_dir: Path | None = None) -> Profile:
    """Load a bundled profile by name ("gbt9704") or a unit profile file that extends one."""
    data, source = _read_chain(ref, base_dir or Path.cwd(), seen=())
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise InputError(
            f"版式配置不正确：{first['msg']}", Location(file=source, field=field)
        ) from None


def _read_chain(ref: str, base_dir: Path, seen: tuple[str, ...]) -> tuple[dict[str, Any], str]:
    path = _resolve(ref, base_dir)
    if str(path) in seen:
        raise InputError(f"版式继承出现循环：{' → '.join(seen)}", Location(file=str(path)))
    data = _read_yaml(path)
    parent = data.pop("extends", None)
    if parent is None:
        return data, str(path)
    base, _ = _read_chain(str(parent), path.parent, (*seen, str(path)))
    return deep_merge(base, data), str(path)


def _resolve(ref: str, base_dir: Path) -> Path:
    bundled = BUNDLED_DIR / f"{ref}.yaml"
    if "/" not in ref and "\\" not in ref and not ref.endswith((".yaml", ".yml")):
        if bundled.is_file():
            return bundled
        names = ", ".join(sorted(p.stem for p in BUNDLED_DIR.glob("*.yaml")))
        raise InputError(f"找不到版式 {ref!r}；内置版式有：{names}，也可以写单位版式文件的路径")
    path = (base_dir / ref).resolve()
    if not path.is_file():
        raise InputError("找不到版式文件", Location(file=ref))
    return path


def _read_yaml(path: Path) -> dict[str, Any]:
    from ruamel.yaml import YAML, YAMLError

    try:
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError("版式文件不是合法的 YAML", Location(file=str(path), line=line)) from None
    if not isinstance(data, dict):
        raise InputError("版式文件的顶层应是键值映射", Location(file=str(path)))
    return data


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``override`` merged in: mappings key by key, everything else replaced."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged
