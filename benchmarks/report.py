"""How long `perfscore report` takes to write the Word 评价报告 of each bundled example (the
document only: the framework loaded and the record scored beforehand), and how large the file
is. Prints the figures recorded in docs/report.md.

    python3 benchmarks/report.py [REPEATS]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import perfscore  # noqa: E402
from perfscore.report import report_docx  # noqa: E402

EXAMPLES = [
    ("department-common", "examples/hecheng-2020.yaml"),
    ("xundian-2023", "examples/xundian-2023.yaml"),
    ("project-self-evaluation", "examples/linxiang-2022.yaml"),
]


def main(repeats: int) -> None:
    print(f"{'example':<28}{'leaves':>7}{'ms/report':>11}{'bytes':>8}")
    for name, example in EXAMPLES:
        fw = perfscore.load_framework(name)
        record = perfscore.load_record(ROOT / example)
        result = fw.evaluate(record)
        text = record.report.over(fw.report)
        data = report_docx(result, text)  # warm: python-docx's template read once
        start = time.perf_counter()
        for _ in range(repeats):
            report_docx(result, text)
        took = (time.perf_counter() - start) / repeats * 1000
        leaves = sum(1 for _ in result.leaves())
        print(f"{Path(example).stem:<28}{leaves:>7}{took:>11.0f}{len(data):>8}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
