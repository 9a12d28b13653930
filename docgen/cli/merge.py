"""`docgen merge`: any docxtpl template × a roster → one document per row (mail merge, done safely)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.cli import State, cli
from docgen.cli.progress import BatchFlags, batch_options

NAME_HELP = (
    "输出文件名：数据列上的 Jinja 表达式或模板，如 '单位名称' 或 "
    "'{{ 单位名称 }}-整改通知'（行号可用「行号」）；默认取“单位名称”等名称列的值（没有时取第一个不是序号的列），为空时用行号。"
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
    "--sheet", metavar="工作表", help="读取 .xlsx 中这个名称的工作表（默认第一个可见的工作表）。"
)
@batch_options
@click.pass_obj
def merge(
    state: State,
    template: Path,
    data: Path,
    output_dir: Path,
    name: str | None,
    sheet: str | None,
    flags: BatchFlags,
) -> None:
    """按 Word 模板和数据表（.xlsx/.csv/.yaml）批量生成文档，每行一个文件（代替 Word 的邮件合并）。

    模板中要替换的地方写成 {{ 单位名称 }} 这样的标签（名字与数据表的列名相同），也可以直接用 Word 邮件合并的主文档（«单位名称» 合并域按同名的列填写）。

    某行出错时只跳过该行（报告行号和原因），其余照常生成；输出目录中的 manifest.json 记录每个文件的来源行和 sha256。

    退出码：0 全部生成；1 有失败的行，或模板、数据有误（此时不生成任何文件）；2 命令写法有误。
    """
    from docgen.batch import BatchOptions, Report
    from docgen.batch import merge as run_merge

    options = BatchOptions(
        output_dir=state.workdir / output_dir, name=name, sheet=sheet, **flags.steps()
    )
    show = flags.display()
    report = Report(listener=show.event)
    try:
        run_merge(state.workdir / template, state.workdir / data, options, report)
    except KeyboardInterrupt:
        show.stop()
        if report.total:  # what was written and what was not, before "已中止"
            show.summary(report, options)
        raise
    finally:
        show.stop()
    show.summary(report, options)
    sys.exit(report.exit_code)
