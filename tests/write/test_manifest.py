"""A batch's manifest: the same JSON as before, one record a line."""

from __future__ import annotations

import json

from docgen.write.manifest import manifest_json


def test_a_batch_manifest_is_its_document_with_one_record_a_line() -> None:
    outputs = [
        {
            "file": f"单位{n}.docx",
            "row": n + 2,
            "sha256": "0" * 64,
            "source": f"名单.xlsx：第{n + 2}行",
        }
        for n in range(3)
    ]
    document = {
        "outputs": outputs,
        "failed": [],
        "generator": "docgen",
        "data": {"path": "名单.xlsx", "sha256": "1" * 64},
        "notes": ['说"明"\n换行'],
    }
    text = manifest_json(document).decode("utf-8")
    assert json.loads(text) == document
    lines = text.splitlines()
    first = lines.index('  "outputs": [') + 1
    # Each row's record whole on its own line, to find and compare.
    assert [json.loads(line.strip().rstrip(",")) for line in lines[first : first + 3]] == outputs
    assert lines[first + 3].strip().startswith("]")
    keys = [line.split(":")[0].strip() for line in lines if line.startswith('  "')]
    assert keys == sorted(keys) == ['"data"', '"failed"', '"generator"', '"notes"', '"outputs"']
    assert manifest_json(dict(reversed(document.items()))) == manifest_json(document)
    assert text.endswith("}\n") and "单位0" in text  # UTF-8 as written, not \u escapes
