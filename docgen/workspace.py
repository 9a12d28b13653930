"""The workspace: docgen.yaml at its root, the documents it declares, where things live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator

from docgen.errors import InputError, Location
from docgen.load import Located, load_yaml
from docgen.validate import StrictModel, validate_model
from docgen.validate.table import TableFile

CONFIG_NAME = "docgen.yaml"


class DocumentSpec(StrictModel):
    """One document to build: its kind, input, template and output file name."""

    name: str = Field(pattern=r"^[A-Za-z0-9_-]+$")
    kind: str
    input: str
    output: str
    template: str | None = None
    options: dict[str, Any] = Field(default_factory=dict)
    # A roster (.xlsx/.csv/.yaml, or ``{file: …, sheet: …}``): one file per row; ``output`` is
    # then a name pattern over the row's columns, e.g. "通知/{{ 单位名称 }}.docx".
    each: TableFile | None = None

    @field_validator("output")
    @classmethod
    def _inside_outputs(cls, value: str) -> str:
        if Path(value).is_absolute() or ".." in Path(value).parts:
            raise ValueError("输出文件名必须位于输出目录之内（不能是绝对路径，也不能含 ..）")
        if "{" in str(Path(value).parent):
            raise ValueError("文件名模式只能用在文件名中，不能用在文件夹名中")
        suffix = Path(value).suffix.lower()
        if suffix != ".docx" and not (suffix == "" and "{" in value):  # a pattern gets .docx
            raise ValueError(f"输出文件名须以 .docx 结尾（现为“{value}”）")
        return value


class Config(StrictModel):
    """docgen.yaml."""

    organ: str = ""
    profile: str = "gbt9704"
    fragments: list[str] = Field(default_factory=lambda: ["fragments"])
    output_dir: str = "outputs"
    documents: list[DocumentSpec] = Field(min_length=1)


@dataclass
class Workspace:
    """A folder with docgen.yaml; paths in the config are relative to it."""

    root: Path
    config: Config
    source: Located

    def path(self, relative: str) -> Path:
        return (self.root / relative).resolve()

    def display(self, path: Path) -> str:
        """A path as the user wrote it: relative to the workspace when inside it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    @property
    def output_dir(self) -> Path:
        return self.path(self.config.output_dir)

    def template_for(self, spec: DocumentSpec) -> Path:
        return self.path(spec.template or f"templates/{spec.kind}.docx")

    def locate_document(self, index: int, field: str) -> Location:
        return self.source.locate(("documents", index, field))


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds docgen.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise InputError(
        f"在 {start} 及其上级目录中找不到 {CONFIG_NAME}；可以用 docgen new 目录名 新建一个工作区"
    )


def open_workspace(start: Path) -> Workspace:
    """Find and read docgen.yaml."""
    root = find_root(start)
    located = load_yaml(root / CONFIG_NAME, CONFIG_NAME)
    if not isinstance(located.data, dict):
        raise InputError("配置文件的顶层应是键值映射", Location(file=CONFIG_NAME, line=1))
    config = validate_model(Config, located)
    return Workspace(root=root, config=config, source=located)


STARTER_ITEMS = ("docgen.yaml", "templates", "fragments", "inputs", "profiles")


def starter_source() -> Path:
    """The example workspace: bundled in a wheel, or the source checkout in an editable install."""
    package = Path(__file__).resolve().parent
    bundled = package / "starter"
    return bundled if (bundled / CONFIG_NAME).is_file() else package.parent


def create_workspace(target: Path) -> list[Path]:
    """Copy the example workspace (config, templates, fragments, inputs) into ``target``."""
    import shutil

    if target.exists() and any(target.iterdir()):
        raise InputError("目标目录已存在且不为空，为避免覆盖文件已停止", Location(file=str(target)))
    source = starter_source()
    if not (source / CONFIG_NAME).is_file():
        raise InputError("找不到示例工作区（安装包不完整）", Location(file=str(source)))
    target.mkdir(parents=True, exist_ok=True)
    created: list[Path] = []
    for item in STARTER_ITEMS:
        origin = source / item
        if origin.is_dir():
            shutil.copytree(
                origin, target / item, ignore=shutil.ignore_patterns("__pycache__", ".*")
            )
        elif origin.is_file():
            shutil.copy2(origin, target / item)
        else:
            continue
        created.append(target / item)
    (target / "outputs").mkdir(exist_ok=True)
    (target / "outputs" / ".gitkeep").touch()
    (target / ".gitignore").write_text("outputs/*\n!outputs/.gitkeep\n", encoding="utf-8")
    return created
