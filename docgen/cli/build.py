"""`docgen build`: build the documents of docgen.yaml."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from docgen.cli import State, cli

if TYPE_CHECKING:
    from docgen.pipeline import BuildResult


@cli.command()
@click.option(
    "--only", multiple=True, metavar="名称", help="只构建 docgen.yaml 中的这些文档（可重复）。"
)
@click.option("--release", is_flag=True, help="正式构建：所用片段必须全部已审定（approved）。")
@click.option("--strict", is_flag=True, help="格式检查发现错误时不写入任何文件。")
@click.pass_obj
def build(state: State, only: tuple[str, ...], release: bool, strict: bool) -> None:
    """构建 docgen.yaml 中声明的文档，写入输出目录。"""
    from docgen.pipeline import build as run_build
    from docgen.workspace import open_workspace

    workspace = open_workspace(state.workdir)
    result = run_build(workspace, only=only, release=release, strict=strict)
    for document in result.documents:
        click.echo(f"已生成 {workspace.display(document.path)}")
        for path in document.extra_files:
            click.echo(f"已生成 {workspace.display(path)}")
    findings = sum(len(d.record.findings) for d in result.documents)
    errors = sum(f["severity"] == "error" for d in result.documents for f in d.record.findings)
    click.echo(f"清单 {workspace.display(result.manifest)}（共 {len(result.documents)} 个文档）")
    click.echo(f"格式检查：{findings} 条发现，其中错误 {errors} 条（详见清单）")
    if result.batches:
        _report_batches(result)


def _report_batches(result: BuildResult) -> None:
    """Each per-row document's summary; a failed row is named by its row number, exit code 1."""
    import sys

    from docgen.batch import Output, Report

    code = 0
    for batch in result.batches:
        report = Report()
        report.start(batch.total)
        for row, document in batch.done:
            report.done(Output(row, document.path.name, document.record.sha256))
        for row, error in batch.failed:
            report.failed(row, error)
        for failure in report.failures:
            click.echo(f"失败：{failure}", err=True)
        click.echo(f"{batch.name}：{report}")
        code = max(code, report.exit_code)
    if code:
        sys.exit(code)
