"""The command line: parse, call the library, print, exit. Library imports stay inside commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen import __version__

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _State:
    def __init__(self, workdir: Path, debug: bool) -> None:
        self.workdir = workdir
        self.debug = debug


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", message="docgen %(version)s")
@click.option(
    "-C",
    "--workdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    help="工作区目录（默认当前目录，向上查找 docgen.yaml）。",
)
@click.option("--debug", is_flag=True, help="出错时显示完整的调用栈（供开发者排查）。")
@click.pass_context
def cli(ctx: click.Context, workdir: Path, debug: bool) -> None:
    """docgen：按 GB/T 9704-2012 从结构化数据生成公文（讲话稿、整改方案、简报、通知）。"""
    ctx.obj = _State(workdir, debug)


@cli.command()
@click.option(
    "--only", multiple=True, metavar="名称", help="只构建 docgen.yaml 中的这些文档（可重复）。"
)
@click.option("--release", is_flag=True, help="正式构建：所用片段必须全部已审定（approved）。")
@click.pass_obj
def build(state: _State, only: tuple[str, ...], release: bool) -> None:
    """构建 docgen.yaml 中声明的文档，写入输出目录。"""
    from docgen.pipeline import build as run_build
    from docgen.workspace import open_workspace

    workspace = open_workspace(state.workdir)
    result = run_build(workspace, only=only, release=release)
    for document in result.documents:
        click.echo(f"已生成 {workspace.display(document.path)}")
    click.echo(f"清单 {workspace.display(result.manifest)}（共 {len(result.documents)} 个文档）")


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
def templates_build(state: _State) -> None:
    """按版式配置（profile）重新生成 templates/ 下的模板；同样的版式总是生成同样的文件。"""
    from docgen.pipeline import build_templates
    from docgen.workspace import open_workspace

    workspace = open_workspace(state.workdir)
    for path in build_templates(workspace):
        click.echo(f"已生成 {workspace.display(path)}")


def main() -> None:
    """Entry point: run the CLI; a DocgenError prints in Chinese without a traceback."""
    from docgen.errors import DocgenError

    debug = "--debug" in sys.argv
    try:
        cli.main(standalone_mode=False)
    except DocgenError as exc:
        if debug:
            raise
        _print_error(exc)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("已中止。", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)


def _print_error(exc: Exception) -> None:
    from docgen.errors import ErrorGroup

    errors = exc.errors if isinstance(exc, ErrorGroup) else [exc]
    for error in errors:
        click.secho(f"错误：{error}", fg="red", err=True)
    if len(errors) > 1:
        click.secho(f"共 {len(errors)} 处错误，未写入任何文件。", fg="red", err=True)
    else:
        click.secho("未写入任何文件。", fg="red", err=True)
