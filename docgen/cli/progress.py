"""What `docgen merge` and `docgen build` share for batches: their options and the progress of
the rows (a bar on a terminal, plain lines elsewhere, little with --quiet)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, TypeVar

import click

Command = TypeVar("Command", bound=Callable[..., Any])
# A template that does not fit the data fails every row alike: the first lines say why.
SHOWN_FAILURES = 20

BATCH_OPTIONS = [
    click.option(
        "-j",
        "--jobs",
        type=click.IntRange(1, 64),
        default=1,
        metavar="N",
        help="并行进程数（1–64，默认 1）；生成的文件与进程数无关。",
    ),
    click.option(
        "--pdf", is_flag=True, help="同时生成 PDF（LibreOffice 成批转换，每个进程 200 个文件）。"
    ),
    click.option(
        "--combined",
        is_flag=True,
        help="另生成「合并打印.docx」：全部文档依次排列，各自另起一页、页码从 1 起。",
    ),
    click.option(
        "--duplex",
        is_flag=True,
        help="与 --combined 合用，供双面打印：页数为奇数的文档后加一页空白页（不编页码），"
        "使每份都从纸张正面开始；页数按 LibreOffice 排版计算（需安装 LibreOffice）。",
    ),
    click.option("--zip", "zip_", is_flag=True, help="另把生成的文件打包为一个 .zip。"),
    click.option(
        "--dry-run",
        is_flag=True,
        help="预演：逐行试生成，列出将生成的文件名和数量及会失败的行，不写入任何文件。",
    ),
    click.option(
        "-q",
        "--quiet",
        is_flag=True,
        help="安静模式：不显示进度条和逐个文件（注意事项和失败的行照常显示）。",
    ),
]


@dataclass(frozen=True)
class BatchFlags:
    jobs: int
    pdf: bool
    combined: bool
    duplex: bool
    zip: bool
    dry_run: bool
    quiet: bool

    def steps(self) -> dict[str, Any]:
        """What both commands pass on to their options (``BatchSteps``), by its fields' names."""
        from docgen.batch import BatchSteps  # not at start: `docgen --help` stays quick

        return {step.name: getattr(self, step.name) for step in fields(BatchSteps)}

    def display(self) -> Display:
        """The progress display these flags ask for: a bar only on a terminal, not with -q."""
        live = not self.quiet and sys.stderr.isatty()
        return Display(quiet=self.quiet, live=live, dry_run=self.dry_run)


def batch_options(command: Command) -> Command:
    """--jobs, --pdf, --combined, --duplex, --zip, --dry-run and --quiet, as both commands spell them,
    given to the command as one ``flags`` argument."""

    @functools.wraps(command)
    def with_flags(*args: Any, **kwargs: Any) -> Any:
        names = ("jobs", "pdf", "combined", "duplex", "zip_", "dry_run", "quiet")
        flags = BatchFlags(*(kwargs.pop(name) for name in names))
        if flags.duplex and not flags.combined:
            raise click.UsageError("--duplex 须与 --combined 合用（双面打印的是合并打印文档）")
        return command(*args, flags=flags, **kwargs)

    for option in reversed(BATCH_OPTIONS):
        with_flags = option(with_flags)
    return with_flags  # type: ignore[return-value]


class Display:
    """Progress on a terminal, plain lines elsewhere, nothing but notes and failures with
    --quiet."""

    def __init__(self, *, quiet: bool, live: bool, dry_run: bool = False) -> None:
        self.quiet = quiet
        self.live = live
        self.dry_run = dry_run
        self.progress: Any = None
        self.task: Any = None
        self.failures = 0

    def event(self, kind: str, payload: Any) -> None:
        if kind == "failed":
            self.failures += 1
            if self.failures <= SHOWN_FAILURES:
                said = "会失败" if self.dry_run else "失败"
                self._print(f"{said}：{payload}", err=True, style="red")
            elif self.failures == SHOWN_FAILURES + 1:
                more = (
                    "……之后会失败的行不再逐行显示（预演不写清单：正式生成后，每一行的原因都记在"
                    "输出目录的 manifest.json 中）"
                    if self.dry_run
                    else "……之后失败的行不再逐行显示，每一行的原因都记在输出目录的 manifest.json 中"
                )
                self._print(more, err=True, style="red")
        elif kind == "note":  # a warning (a rename, a file kept, a stale file): even with -q
            self._print(f"注意：{payload}", err=True, style="yellow")
        elif kind == "finished":
            self.stop()  # the next batch of a build forks its workers with no bar thread running
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

        self.stop()
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
            from rich.text import Text

            # A Text, not print's style/markup arguments: the bar redrawn after the line would
            # take them too (rich renders both in one call), and show "[progress.description]".
            self.progress.console.print(Text(text, style=style or ""))
        else:
            click.secho(text, err=err, fg=style)

    def stop(self) -> None:
        if self.progress is not None:
            # rich only signals its refresh thread to end; wait for it, so that the next batch
            # (which forks its workers only while no other thread runs) finds it gone.
            refresher = getattr(self.progress.live, "_refresh_thread", None)
            self.progress.stop()
            if refresher is not None:
                refresher.join(timeout=2)
            self.progress = None

    def summary(self, report: Any, options: Any) -> None:
        if report.dry_run and not self.quiet:
            for output in report.outputs:
                click.echo(f"{output.row.label} → {output.file}")
        if not self.quiet and not report.dry_run:
            click.echo(f"输出目录 {options.output_dir}")
        say_summary(report, quiet=self.quiet)


def say_summary(report: Any, *, quiet: bool, prefix: str = "", err: bool = True) -> None:
    """A batch's last line; with failed rows, in red, where they are and what was written
    (on standard error, unless ``err`` is False: a build's batch lines join its report)."""
    line = prefix + str(report)
    if not report.failures:
        if not quiet:
            click.echo(line)
        return
    if report.dry_run:
        rest = ""  # the line says it: nothing was written
    elif report.outputs and report.stopped is not None:
        rest = "已生成的文件保留在输出目录中。"
    elif report.outputs:
        rest = "其余文件已写入。"
    else:
        rest = "没有生成任何文档（原因记在清单 manifest.json 中）。"
    click.secho(line + ("失败的行见上；" + rest if rest else "失败的行见上。"), fg="red", err=err)
