"""Listing and linting a generated fragment library (near-duplicate search included).

Usage: python benchmarks/fragments.py [N]   (default 10000)
Writes N fragments (varied officialese built from a fixed vocabulary, seeded) into a temporary
workspace, then times `docgen fragments list --format json` and `docgen fragments lint` as
subprocesses, as a user would run them.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (
    "压实责任 狠抓落实 统筹推进 建章立制 督查问责 对标对表 立行立改 举一反三 挂图作战 销号管理 "
    "跟踪问效 精准施策 源头治理 常态长效 主动担当 靠前指挥 闭环管理 以上率下 真抓实干 久久为功 "
    "群众满意 基层减负 优化服务 转变作风 严明纪律 提升效能 凝聚合力 营造氛围 总结经验 完善机制"
).split()


# Real libraries vary their wording; two-character "words" drawn from a wide pool keep the
# generated fragments as distinct as real ones (a tiny vocabulary would make all of them alike).
POOL = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def phrase(rng: random.Random) -> str:
    return rng.choice(WORDS) if rng.random() < 0.3 else "".join(rng.sample(POOL, 4))


def fragment_text(index: int, rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(4, 8)):
        sentences.append(
            f"各单位要{phrase(rng)}、{phrase(rng)}，坚持{phrase(rng)}，推动{phrase(rng)}。"
        )
    items = "\n".join(f"{n}. **{rng.choice(WORDS)}。**{rng.choice(sentences)}" for n in range(1, 4))
    return (
        f"---\nid: requirement.generated-{index:05d}\ntitle: 生成片段{index}\nkinds: [speech, plan]\n"
        f"tags: [生成]\nstatus: approved\nversion: 1\nreviewed_by: 基准\nreviewed_on: 2026-11-01\n"
        f"variables:\n  - name: campaign\n    type: str\n    description: 专项工作\n    example: 整治\n---\n"
        f"# 推进{{{{ campaign }}}}第{index}项任务\n\n{''.join(sentences)}\n\n{items}\n"
    )


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, result


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rng = random.Random(9704)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "docgen.yaml").write_text(
            "documents:\n  - {name: x, kind: speech, input: x.yaml, output: x.docx}\n",
            encoding="utf-8",
        )
        folder = root / "fragments" / "requirement"
        folder.mkdir(parents=True)
        for index in range(count):
            (folder / f"generated-{index:05d}.md").write_text(
                fragment_text(index, rng), encoding="utf-8"
            )
        docgen = [sys.executable, "-m", "docgen"]
        list_s, listed = timed([*docgen, "fragments", "list", "--format", "json"], root)
        lint_s, linted = timed([*docgen, "fragments", "lint"], root)
    print(f"fragments: {count}")
    print(f"list --format json: {list_s:.2f} s (exit {listed.returncode})")
    print(
        f"lint:               {lint_s:.2f} s (exit {linted.returncode}; {linted.stdout.strip().splitlines()[-1]})"
    )


if __name__ == "__main__":
    main()
