"""`docgen build`: build the documents of docgen.yaml."""

from __future__ import annotations

import click

from docgen.cli import State, cli


@cli.command()
@click.option(
    "--only", multiple=True, metavar="名称", help="只构建 docgen.yaml 中的这些文档（可重复）。"
)
@click.option("--release", is_flag=True, help="正式构建：所用片段必须全部已审定（approved）。")
@click.pass_obj
def build(state: State, only: tuple[str, ...], release: bool) -> None:
    """构建 docgen.yaml 中声明的文档，写入输出目录。"""
    from docgen.pipeline import build as run_build
    from docgen.workspace import open_workspace

    workspace = open_workspace(state.workdir)
    result = run_build(workspace, only=only, release=release)
    for document in result.documents:
        click.echo(f"已生成 {workspace.display(document.path)}")
        for path in document.extra_files:
            click.echo(f"已生成 {workspace.display(path)}")
    click.echo(f"清单 {workspace.display(result.manifest)}（共 {len(result.documents)} 个文档）")
