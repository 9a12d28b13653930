"""`docgen new` and `docgen templates …`: create and maintain a workspace."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli import State, cli


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def new(directory: Path) -> None:
    """新建一个工作区（配置、模板、片段库、示例输入），建好即可 docgen build。"""
    from docgen.workspace import create_workspace

    for path in create_workspace(directory):
        click.echo(f"已创建 {path}")
    click.echo(f"下一步：cd {directory} && docgen build")


@cli.group()
def templates() -> None:
    """管理 .docx 模板。"""


@templates.command("build")
@click.pass_obj
def templates_build(state: State) -> None:
    """按版式配置（profile）重新生成 templates/ 下的模板；同样的版式总是生成同样的文件。"""
    from docgen.pipeline import build_templates
    from docgen.workspace import open_workspace

    workspace = open_workspace(state.workdir)
    for path in build_templates(workspace):
        click.echo(f"已生成 {workspace.display(path)}")
