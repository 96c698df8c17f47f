"""A batch's summary written: the scores file read back in one streaming pass
(`summary_rows`), counted (`summary`), and written as a self-contained html page and an xlsx
sheet beside each other, each through perfscore.atomic."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import atomic_open
from .summary import TOP, Summary
from .summary_html import render_html
from .summary_rows import read_rows
from .summary_xlsx import write_xlsx

if TYPE_CHECKING:
    from ..framework import Framework

#: what `summary_paths` adds to a scores file's name by default
SUFFIX = ".summary"


def summarise(scores: str | Path, fw: Framework | None = None, *, top: int = TOP) -> Summary:
    """One pass over a scores file (csv, xlsx, jsonl of `perfscore batch`), in flat memory.
    With the framework, each leaf's lost points (its weight less its score) are counted too."""
    weights = None if fw is None else {leaf.code: leaf.weight for leaf in fw.leaves()}
    order = () if fw is None else tuple(g.name for g in fw.grades)
    names = {} if fw is None else {node.code: node.name for node in fw.walk()}
    summary = Summary(weights=weights, names=names, grade_order=order, top=top)
    return summary.add_all(read_rows(scores))


def summary_paths(scores: str | Path, base: str | Path | None = None) -> tuple[Path, Path]:
    """The html and xlsx a summary is written to: `base` (less a .html/.xlsx suffix) or, by
    default, the scores file's own name with `.summary`, beside it."""
    if base is None:
        path = Path(scores)
        stem = path.with_name(path.stem + SUFFIX)
    else:
        stem = Path(base)
        if stem.suffix.lower() in (".html", ".xlsx"):
            stem = stem.with_suffix("")
    return stem.with_name(stem.name + ".html"), stem.with_name(stem.name + ".xlsx")


def write_summary(
    scores: str | Path, base: str | Path | None = None, fw: Framework | None = None,
    *, top: int = TOP,
) -> tuple[Path, Path]:  # fmt: skip
    """Summarise `scores` and write the html page and the xlsx sheet; returns their paths."""
    summary = summarise(scores, fw, top=top)
    name = fw.name if fw is not None and fw.name else Path(scores).name
    title = f"绩效评价汇总：{name}"
    html_path, xlsx_path = summary_paths(scores, base)
    with atomic_open(html_path) as out:
        out.write(render_html(summary, title).encode("utf-8"))
    buffer = io.BytesIO()
    write_xlsx(summary, title, buffer)
    with atomic_open(xlsx_path) as out:
        out.write(buffer.getvalue())
    return html_path, xlsx_path
