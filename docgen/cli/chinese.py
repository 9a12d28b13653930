"""Click's own words (usage, option headings, its error messages) in Chinese.

Click translates through gettext, which only reads compiled catalogues from disk; a small table
bound into click's modules is the lightest way to give a Chinese user Chinese help.
"""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.types

_WORDS = {
    "Usage:": "用法:",
    "Error: {message}": "错误：{message}",
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "Error": "错误",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Missing argument '{param_hint}'.": "缺少参数 '{param_hint}'。",
    "Missing option '{param_hint}'.": "缺少选项 '{param_hint}'。",
    "Missing parameter '{param_hint}'.": "缺少参数 '{param_hint}'。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "No such option: {name}": "没有这个选项：{name}",
    "No such command {name!r}.": "没有这个命令：{name!r}。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不正确：{message}",
    "Invalid value: {message}": "值不正确：{message}",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值 {choices} 之中。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats}。",
    "{value!r} is not a valid integer.": "{value!r} 不是整数。",
    "File": "文件",
    "Directory": "目录",
    "Path": "路径",
    "default": "默认",
    "required": "必填",
    "Aborted!": "已中止！",
    # click 8.2 and later word some of these differently.
    "No such option {name!r}.": "没有这个选项：{name!r}。",
    "Missing command.": "缺少命令。",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Option {name!r} does not take a value.": "选项 {name!r} 不需要值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "{value} is not in the range {range}.": "{value} 不在允许的范围 {range} 之内。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} 不是有效的是/否值，可用：{states}"
    ),
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "default: {default}": "默认：{default}",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "Did you mean {possibility}?": "是不是想用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是想用其中之一：{possibilities}？）",
    "integer": "整数",
    "integer range": "整数",
    "float range": "数",
    "float": "数",
}


def _translate(message: str) -> str:
    return _WORDS.get(message, message)


def _ntranslate(singular: str, plural: str, count: int) -> str:
    return _translate(singular if count == 1 else plural)


def install() -> None:
    """Bind the table into click's modules (idempotent)."""
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.types):
        module._ = _translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ntranslate  # type: ignore[attr-defined]
