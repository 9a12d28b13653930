"""`docgen fragments …`: list, show, scaffold, lint, approve, diff and locate fragments."""

from __future__ import annotations

import datetime
import json
import sys

import click

from docgen.cli import State, cli

FORMAT = click.Choice(["text", "json"])


@cli.group()
def fragments() -> None:
    """片段库：列出、查看、新建、检查、审定、比较片段。"""


@fragments.command("list")
@click.option(
    "--status", type=click.Choice(["draft", "review", "approved", "retired"]), help="只列出此状态。"
)
@click.option("--tag", help="只列出带此标签的片段。")
@click.option(
    "--kind",
    type=click.Choice(["speech", "plan", "bulletin", "notice"]),
    help="只列出适用于此文种的片段。",
)
@click.option("--format", "fmt", type=FORMAT, default="text", help="输出格式。")
@click.pass_obj
def list_(state: State, status: str | None, tag: str | None, kind: str | None, fmt: str) -> None:
    """列出片段库中的片段。"""
    from docgen.pipeline import load_fragments
    from docgen.workspace import open_workspace

    store = load_fragments(open_workspace(state.workdir))
    chosen = [
        f
        for f in store
        if (status is None or f.meta.status == status)
        and (tag is None or tag in f.meta.tags)
        and (kind is None or kind in f.meta.kinds)
    ]
    if fmt == "json":
        rows = [
            {
                "id": f.id,
                "title": f.meta.title,
                "status": f.meta.status,
                "version": f.meta.version,
                "kinds": f.meta.kinds,
                "tags": f.meta.tags,
                "reviewed_by": f.meta.reviewed_by,
                "reviewed_on": f.meta.reviewed_on.isoformat() if f.meta.reviewed_on else None,
                "path": f.display,
            }
            for f in chosen
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table("id", "标题", "状态", "版本", "文种", box=None)
        for f in chosen:
            table.add_row(
                f.id,
                f.meta.title,
                _STATUS[f.meta.status],
                str(f.meta.version),
                "、".join(f.meta.kinds),
            )
        Console().print(table)
    else:
        for f in chosen:
            click.echo(
                f"{f.id}\t{f.meta.title}\t{_STATUS[f.meta.status]}\t{f.meta.version}\t{'、'.join(f.meta.kinds)}"
            )
    click.echo(f"共 {len(chosen)} 个片段")


_STATUS = {"draft": "草稿", "review": "待审", "approved": "已审定", "retired": "已退役"}


@fragments.command()
@click.argument("fragment_id", metavar="ID")
@click.option("--style", type=click.Choice(["yiyao", "yishi", "diyi", "shouxian"]), default="yishi",
              help="有序列表写成哪种列举。")  # fmt: skip
@click.pass_obj
def show(state: State, fragment_id: str, style: str) -> None:
    """用示例变量值渲染片段并显示（序号已按结构生成）。"""
    from docgen.pipeline import load_fragments, preview_fragment
    from docgen.workspace import open_workspace

    fragment = load_fragments(open_workspace(state.workdir)).get(fragment_id)
    meta = fragment.meta
    click.secho(
        f"{meta.title}（{fragment.id}，第 {meta.version} 版，{_STATUS[meta.status]}）", bold=True
    )
    click.echo(f"文件：{fragment.display}")
    for paragraph in preview_fragment(fragment, style):
        indent = "" if paragraph.element.startswith("heading") else "　　"
        text = "".join(run.text for run in paragraph.runs)
        click.secho(indent + text, bold=paragraph.element.startswith("heading"))


@fragments.command()
@click.argument("fragment_id", metavar="ID")
@click.option("--title", default="（标题）", help="片段标题。")
@click.option("--kind", "kinds", multiple=True, default=["speech"], help="适用文种（可重复）。")
@click.pass_obj
def new(state: State, fragment_id: str, title: str, kinds: tuple[str, ...]) -> None:
    """新建一个草稿片段（带头信息模板）。"""
    from docgen.library.edit import scaffold, scaffold_path
    from docgen.workspace import open_workspace
    from docgen.write.files import atomic_write

    workspace = open_workspace(state.workdir)
    root = workspace.path(workspace.config.fragments[0])
    path = scaffold_path(root, fragment_id)
    text = scaffold(fragment_id, title, list(kinds))
    if path.exists():
        raise click.ClickException(f"{workspace.display(path)} 已存在，未覆盖")
    atomic_write(path, text.encode("utf-8"))
    click.echo(f"已创建 {workspace.display(path)}（状态：草稿）")


@fragments.command()
@click.option("--format", "fmt", type=FORMAT, default="text", help="输出格式。")
@click.option(
    "--today", type=click.DateTime(["%Y-%m-%d"]), help="按此日期判断是否过期（默认今天）。"
)
@click.pass_obj
def lint(state: State, fmt: str, today: datetime.datetime | None) -> None:
    """检查片段库：头信息、变量、占位符、标点、手写序号、过期、近似重复。"""
    from docgen.library.lint import lint_paths
    from docgen.workspace import open_workspace

    workspace = open_workspace(state.workdir)
    paths = [p for root in workspace.config.fragments for p in workspace.path(root).rglob("*.md")
             if p.name.lower() != "readme.md"]  # fmt: skip
    day = today.date() if today else datetime.date.today()
    findings = lint_paths(paths, workspace.root, day)
    if fmt == "json":
        click.echo(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            click.echo(str(finding))
        click.echo(f"检查了 {len(paths)} 个片段，发现 {len(findings)} 个问题")
    sys.exit(1 if findings else 0)


@fragments.command()
@click.argument("fragment_id", metavar="ID")
@click.option("--by", "reviewer", required=True, help="审定人姓名。")
@click.option("--on", "day", type=click.DateTime(["%Y-%m-%d"]), help="审定日期（默认今天）。")
@click.pass_obj
def approve(state: State, fragment_id: str, reviewer: str, day: datetime.datetime | None) -> None:
    """审定片段：状态改为已审定，记录审定人和日期，版本号加一（保留注释和键的顺序）。"""
    from docgen.library.edit import approve as approve_text
    from docgen.pipeline import load_fragments
    from docgen.workspace import open_workspace
    from docgen.write.files import atomic_write

    fragment = load_fragments(open_workspace(state.workdir)).get(fragment_id)
    on = day.date() if day else datetime.date.today()
    text = approve_text(fragment, reviewer, on)
    atomic_write(fragment.path, text.encode("utf-8"))
    click.echo(
        f"已审定 {fragment.id}：第 {fragment.meta.version + 1} 版，审定人 {reviewer}，{on.isoformat()}"
    )


@fragments.command()
@click.argument("fragment_id", metavar="ID")
@click.pass_obj
def diff(state: State, fragment_id: str) -> None:
    """与 git 中最近一次提交的版本比较。"""
    from docgen.library.history import committed_diff
    from docgen.pipeline import load_fragments
    from docgen.workspace import open_workspace

    fragment = load_fragments(open_workspace(state.workdir)).get(fragment_id)
    text = committed_diff(fragment.path)
    click.echo(text if text else f"{fragment.display} 与最近一次提交的版本相同")


@fragments.command()
@click.argument("fragment_id", metavar="ID")
@click.pass_obj
def where(state: State, fragment_id: str) -> None:
    """列出 docgen.yaml 中哪些文档用到了这个片段。"""
    from docgen.pipeline import fragments_used
    from docgen.workspace import open_workspace

    workspace = open_workspace(state.workdir)
    users = [name for name, ids in fragments_used(workspace).items() if fragment_id in ids]
    if not users:
        click.echo(f"没有文档使用片段 {fragment_id}")
    for name in users:
        click.echo(name)
