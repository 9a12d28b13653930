"""`docgen import`: old speeches (.txt, .docx) into draft fragments."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli import State, cli


@cli.command("import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--into",
    type=click.Path(file_okay=False, path_type=Path),
    help="写入哪个片段目录（默认工作区的第一个片段库目录）。",
)
@click.option("--dry-run", is_flag=True, help="只显示识别出的结构，不写文件。")
@click.pass_obj
def import_(state: State, files: tuple[Path, ...], into: Path | None, dry_run: bool) -> None:
    """导入旧讲话稿（.txt、.docx）：清除网页杂项，识别结构，生成草稿片段。"""
    from docgen.pipeline import import_legacy

    for path, outline, written in import_legacy(list(files), state.workdir, into, dry_run):
        click.secho(f"== {path}", bold=True)
        click.echo(outline)
        for target in written:
            click.echo(f"已写入草稿片段 {target}")
