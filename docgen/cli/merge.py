"""`docgen merge`: any docxtpl template × a roster → one document per row (mail merge, done safely)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from docgen.cli import State, cli

NAME_HELP = (
    "输出文件名：数据列上的 Jinja 表达式或模板，如 '单位名称' 或 "
    "'{{ 单位名称 }}-整改通知'（行号可用「行号」）；默认取第一列的值，为空时用行号。"
)


@cli.command()
@click.argument("template", metavar="模板.docx", type=click.Path(dir_okay=False, path_type=Path))
@click.argument(
    "data", metavar="数据.xlsx|.csv|.yaml", type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    "output_dir",
    required=True,
    metavar="目录",
    type=click.Path(file_okay=False, path_type=Path),
    help="输出目录（不存在时自动创建）。",
)
@click.option("--name", metavar="模式", help=NAME_HELP)
@click.option(
    "-j",
    "--jobs",
    type=int,
    default=1,
    metavar="N",
    help="并行进程数（1–64，默认 1）；生成的文件与进程数无关。",
)
@click.option("--pdf", is_flag=True, help="同时生成 PDF（LibreOffice 一次转换全部文件）。")
@click.option(
    "--combined", is_flag=True, help="另生成「合并打印.docx」：全部文档依次排列，各自页码从 1 起。"
)
@click.option("--zip", "zip_", is_flag=True, help="另把生成的文件打包为一个 .zip。")
@click.option("--dry-run", is_flag=True, help="预演：只列出将生成的文件名和数量，不写入任何文件。")
@click.option("-q", "--quiet", is_flag=True, help="安静模式：不显示进度条和逐行信息。")
@click.pass_obj
def merge(
    state: State,
    template: Path,
    data: Path,
    output_dir: Path,
    name: str | None,
    jobs: int,
    pdf: bool,
    combined: bool,
    zip_: bool,
    dry_run: bool,
    quiet: bool,
) -> None:
    """按含 docxtpl 标签的 Word 模板和数据表（.xlsx/.csv/.yaml）批量生成文档，每行一个文件。

    某行出错时只跳过该行（报告行号和原因），其余照常生成；有失败的行时退出码为 1。
    输出目录中的 manifest.json 记录每个文件的来源行和 sha256。
    """
    from docgen.batch import BatchOptions, Report
    from docgen.batch import merge as run_merge

    options = BatchOptions(
        output_dir=state.workdir / output_dir,
        name=name,
        jobs=max(1, min(jobs, 64)),
        pdf=pdf,
        combined=combined,
        zip=zip_,
        dry_run=dry_run,
    )
    show = _Display(quiet=quiet, live=not quiet and sys.stderr.isatty())
    report = Report(listener=show.event)
    try:
        run_merge(state.workdir / template, state.workdir / data, options, report)
    finally:
        show.stop()
    show.summary(report, options)
    sys.exit(report.exit_code)


class _Display:
    """Progress on a terminal, plain lines elsewhere, nothing but failures with --quiet."""

    def __init__(self, *, quiet: bool, live: bool) -> None:
        self.quiet = quiet
        self.live = live
        self.progress: Any = None
        self.task: Any = None

    def event(self, kind: str, payload: Any) -> None:
        if kind == "failed":
            self._print(f"失败：{payload}", err=True, style="red")
        elif kind == "note" and not self.quiet:
            self._print(f"注意：{payload}", err=True, style="yellow")
        elif kind == "stage":
            self.stop()  # the rows are done; what follows is one step each
            if not self.quiet:
                self._print(str(payload), err=True)
        elif kind == "start" and self.live:
            self._start(payload)
        if kind in ("done", "failed") and self.progress is not None:
            self.progress.advance(self.task)

    def _start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.progress.start()
        self.task = self.progress.add_task("生成中", total=total)

    def _print(self, text: str, *, err: bool = False, style: str | None = None) -> None:
        if self.progress is not None:
            self.progress.console.print(text, style=style, markup=False, highlight=False)
        else:
            click.secho(text, err=err, fg=style)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    def summary(self, report: Any, options: Any) -> None:
        if report.dry_run and not self.quiet:
            for output in report.outputs:
                click.echo(f"{output.row.label} → {output.file}")
        if not self.quiet and not report.dry_run:
            click.echo(f"输出目录 {options.output_dir}")
        line = str(report)
        if report.failures:
            click.secho(line + "失败的行见上；其余文件已写入。", fg="red", err=True)
        elif not self.quiet:
            click.echo(line)
