"""The command line: parse, call the library, print, exit. Library imports stay inside commands.

Each submodule adds its commands to the ``cli`` group; ``main`` is the single error boundary.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from docgen import __version__
from docgen.cli.chinese import install as _install_chinese

_install_chinese()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class State:
    """Options of the top-level group, handed to every command."""

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
    ctx.obj = State(workdir, debug)


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP (a job's timeout, a closed terminal), answered as Ctrl-C is: the
    workers and LibreOffice ended, no temporary file left, the manifest written."""

    def __init__(self, signal: int) -> None:
        super().__init__(signal)
        self.signal = signal


def _stop_as_on_ctrl_c() -> None:
    import signal

    def terminated(number: int, _frame: object) -> None:
        if number == getattr(signal, "SIGHUP", None):  # the terminal is gone: what is left to
            # say (the summary, "已中止") would fail to print and be taken for a disk error
            quiet = os.open(os.devnull, os.O_WRONLY)
            for stream in (1, 2):
                os.dup2(quiet, stream)
        raise Terminated(number)

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:  # nohup's
            signal.signal(number, terminated)


def main() -> None:
    """Entry point: run the CLI; a DocgenError prints in Chinese without a traceback."""
    from docgen.errors import DocgenError

    debug = "--debug" in sys.argv
    _stop_as_on_ctrl_c()
    try:
        cli.main(standalone_mode=False)
    except DocgenError as exc:
        if debug:
            raise
        _print_error(exc)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort as exc:
        click.echo("已中止。", err=True)
        sys.exit(128 + exc.__cause__.signal if isinstance(exc.__cause__, Terminated) else 130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except OSError as exc:  # a file operation no library layer expected to fail (a full disk)
        if debug:
            raise
        _print_os_error(exc)
        sys.exit(1)


def _print_error(exc: Exception) -> None:
    from docgen.errors import ErrorGroup

    errors = exc.errors if isinstance(exc, ErrorGroup) else [exc]
    for error in errors:
        click.secho(f"错误：{error}", fg="red", err=True)
    if any(error.wrote_files for error in errors):
        written = "此前已写入的文件保留在输出目录中。"
    else:
        written = "未写入任何文件。"
    if len(errors) > 1:
        click.secho(f"共 {len(errors)} 处错误，{written}", fg="red", err=True)
    elif "未生成任何文件" not in str(errors[0]):  # the message said so already
        click.secho(written, fg="red", err=True)


def _print_os_error(exc: OSError) -> None:
    from docgen.errors import os_reason

    where = f"{exc.filename}：" if exc.filename else ""
    click.secho(f"错误：{where}{os_reason(exc)}", fg="red", err=True)
    click.secho("已写入的文件（如有）保留在原处，没有写了一半的文件。", fg="red", err=True)


# Commands register themselves on import; these modules import only click at top level.
from docgen.cli import build as _build  # noqa: E402, F401
from docgen.cli import check as _check  # noqa: E402, F401
from docgen.cli import fragments as _fragments  # noqa: E402, F401
from docgen.cli import legacy as _legacy  # noqa: E402, F401
from docgen.cli import merge as _merge  # noqa: E402, F401
from docgen.cli import workspace as _workspace  # noqa: E402, F401
