"""Specs for the workspace: finding and reading docgen.yaml, creating a new workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests_support import copy_workspace

from docgen.errors import ErrorGroup, InputError, Location
from docgen.workspace import (
    CONFIG_NAME,
    create_workspace,
    find_root,
    open_workspace,
    starter_source,
)

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = "在全市作风纪律整治工作推进会上的讲话.docx"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A private copy of the repository's example workspace."""
    return copy_workspace(tmp_path / "example")


def edit_config(root: Path, old: str, new: str) -> int:
    """Replace ``old`` in docgen.yaml; return the 1-based line it was on."""
    config = root / CONFIG_NAME
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


# Reading docgen.yaml --------------------------------------------------------------------------


def test_open_workspace_reads_the_example_config(example: Path) -> None:
    workspace = open_workspace(example)
    assert workspace.root == example.resolve()
    assert workspace.config.documents[0].name == "speech"
    assert workspace.config.documents[0].output == OUTPUT
    assert workspace.output_dir == example.resolve() / "outputs"


def test_open_workspace_finds_the_root_from_a_sub_folder(example: Path) -> None:
    assert open_workspace(example / "fragments" / "requirement").root == example.resolve()
    assert find_root(example / "inputs") == example.resolve()


def test_a_folder_without_docgen_yaml_points_to_docgen_new(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        find_root(tmp_path)
    assert "docgen.yaml" in caught.value.message
    assert "docgen new" in caught.value.message


def test_misspelt_config_key_is_reported_on_its_line(example: Path) -> None:
    line = edit_config(example, "output_dir:", "output_dri:")
    with pytest.raises(InputError) as caught:
        open_workspace(example)
    assert caught.value.location == Location(file="docgen.yaml", line=line, field="output_dri")
    assert "未知字段" in caught.value.message


def test_misspelt_document_key_names_the_document_field(example: Path) -> None:
    line = edit_config(example, "    template:", "    tempalte:")
    with pytest.raises(InputError) as caught:
        open_workspace(example)
    assert caught.value.location == Location(
        file="docgen.yaml", line=line, field="documents[1].tempalte"
    )


@pytest.mark.parametrize("output", ["../outside.docx", "/tmp/outside.docx"])
def test_output_outside_the_output_folder_is_refused(example: Path, output: str) -> None:
    edit_config(example, f"output: {OUTPUT}", f"output: {output}")
    with pytest.raises(InputError) as caught:
        open_workspace(example)
    assert caught.value.location is not None
    assert caught.value.location.field == "documents[1].output"
    assert "输出目录之内" in caught.value.message


def test_an_output_that_is_no_word_document_is_refused(example: Path) -> None:
    """A build writes .docx files: "important.txt" would replace a file of another kind."""
    line = edit_config(example, f"output: {OUTPUT}", "output: important.txt")
    with pytest.raises(InputError) as caught:
        open_workspace(example)
    assert caught.value.location == Location(
        file="docgen.yaml", line=line, field="documents[1].output"
    )
    assert "输出文件名须以 .docx 结尾（现为“important.txt”）" in caught.value.message


def test_a_name_pattern_without_its_suffix_still_names_word_documents(example: Path) -> None:
    edit_config(example, '"通知/{{ 单位名称 }}.docx"', '"通知/{{ 单位名称 }}"')
    (notice,) = [spec for spec in open_workspace(example).config.documents if spec.each]
    assert notice.output == "通知/{{ 单位名称 }}"


def test_config_errors_are_reported_together(example: Path) -> None:
    edit_config(example, "output_dir:", "output_dri:")
    edit_config(example, "  - name: speech", "  - name: 讲话 稿")
    with pytest.raises(ErrorGroup) as caught:
        open_workspace(example)
    fields = sorted(e.location.field or "" for e in caught.value.errors if e.location)
    assert fields == ["documents[1].name", "output_dri"]


def test_config_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    (tmp_path / CONFIG_NAME).write_text("- speech\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        open_workspace(tmp_path)
    assert caught.value.location == Location(file="docgen.yaml", line=1)


def test_config_without_documents_is_refused(tmp_path: Path) -> None:
    (tmp_path / CONFIG_NAME).write_text("documents: []\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        open_workspace(tmp_path)
    assert caught.value.location == Location(file="docgen.yaml", line=1, field="documents")


# Paths ----------------------------------------------------------------------------------------


def test_template_defaults_to_the_kinds_template(example: Path) -> None:
    edit_config(example, "    template: templates/speech.docx\n", "")
    workspace = open_workspace(example)
    spec = workspace.config.documents[0]
    assert workspace.template_for(spec) == example.resolve() / "templates" / "speech.docx"


def test_display_is_relative_inside_the_workspace_and_absolute_outside(
    example: Path, tmp_path: Path
) -> None:
    workspace = open_workspace(example)
    assert workspace.display(example / "inputs" / "meeting.yaml") == "inputs/meeting.yaml"
    outside = tmp_path / "elsewhere.yaml"
    assert workspace.display(outside) == str(outside)


def test_locate_document_names_the_config_line(example: Path) -> None:
    text = (example / CONFIG_NAME).read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(text, 1) if t.strip().startswith("template:"))
    assert open_workspace(example).locate_document(0, "template") == Location(
        file="docgen.yaml", line=line, field="documents[1].template"
    )


# Creating a workspace -------------------------------------------------------------------------


def test_create_workspace_copies_the_example_and_prepares_outputs(tmp_path: Path) -> None:
    target = tmp_path / "new"
    created = create_workspace(target)
    names = {p.name for p in created}
    assert {"docgen.yaml", "templates", "fragments", "inputs"} <= names
    assert (target / "outputs" / ".gitkeep").is_file()
    assert (target / ".gitignore").read_text(encoding="utf-8") == "outputs/*\n!outputs/.gitkeep\n"
    assert (target / "docgen.yaml").read_bytes() == (starter_source() / "docgen.yaml").read_bytes()
    assert open_workspace(target).root == target.resolve()


def test_create_workspace_accepts_an_existing_empty_folder(tmp_path: Path) -> None:
    create_workspace(tmp_path)
    assert (tmp_path / "docgen.yaml").is_file()


def test_create_workspace_refuses_a_non_empty_folder_and_touches_nothing(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("我的文件", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        create_workspace(tmp_path)
    assert "不为空" in caught.value.message
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "我的文件"
