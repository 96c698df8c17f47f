#!/bin/sh
# Re-make the pictures in docs/images/ (for the docs only; the tests never need these tools).
# Needs: apt-get install -y libreoffice-calc poppler-utils chromium fonts-noto-cjk
#        fonts-crosextra-carlito (LibreOffice's Calibri: the column widths Excel has)
# Run from the repository root: sh docs/images/render.sh
set -eu
out=$(mktemp -d)
here=docs/images
perfscore score xundian-2023 examples/xundian-2023.yaml -f xlsx -o "$out/xundian-2023.xlsx"
perfscore score xundian-2023 examples/xundian-2023.yaml -f html -o "$out/xundian-2023.html"
perfscore template department-common -o "$out/form.xlsx" --from examples/hecheng-2020.yaml
(cd "$out" && soffice --headless --convert-to pdf xundian-2023.xlsx form.xlsx >/dev/null)
# the 评分表 sheet is page 1; the 二级 chart is the page that starts with 二级指标得分
chart=$(for i in $(seq 1 20); do
  if pdftotext -f "$i" -l "$i" "$out/xundian-2023.pdf" - 2>/dev/null | head -1 | grep -q 二级指标得分; then
    echo "$i"; break; fi; done)
pdftoppm -r 100 -png -singlefile -f 1 -l 1 "$out/xundian-2023.pdf" "$here/xlsx-scoring-sheet"
pdftoppm -r 90 -png -singlefile -f "$chart" -l "$chart" "$out/xundian-2023.pdf" "$here/xlsx-chart"
pdftoppm -r 90 -png -singlefile -f 1 -l 1 "$out/form.pdf" "$here/template-form"
# the 产出指标 rows sheet (the 3rd sheet, page 3) of a project self-evaluation form
perfscore template project-self-evaluation -o "$out/project-form.xlsx" \
  --from examples/hecheng-2020-project-1.yaml
(cd "$out" && soffice --headless --convert-to pdf project-form.xlsx >/dev/null)
pdftoppm -r 110 -png -singlefile -f 3 -l 3 -x 60 -y 100 -W 1150 -H 260 "$out/project-form.pdf" \
  "$here/template-rows"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1700 \
  --screenshot="$PWD/$here/html-page.png" "file://$out/xundian-2023.html" >/dev/null 2>&1
# the page of a printed 评分表 with 合计 and the signatures (鹤城 2020: page 4 of the sheet)
perfscore score department-common examples/hecheng-2020.yaml -f xlsx -o "$out/hecheng-2020.xlsx"
perfscore score department-common examples/hecheng-2020.yaml -f html -o "$out/hecheng-2020.html"
(cd "$out" && soffice --headless --convert-to pdf hecheng-2020.xlsx >/dev/null)
last=$(for i in $(seq 1 20); do
  if pdftotext -f "$i" -l "$i" -layout "$out/hecheng-2020.pdf" - 2>/dev/null | grep -q 复核人; then
    echo "$i"; break; fi; done)
pdftoppm -r 80 -png -singlefile -f "$last" -l "$last" "$out/hecheng-2020.pdf" "$here/xlsx-total-page"
# the 评价输入 sheet of the form: what to fill before where to fill it
inputs=$(for i in $(seq 1 20); do
  if pdftotext -f "$i" -l "$i" "$out/form.pdf" - 2>/dev/null | head -1 | grep -q 评价输入; then
    echo "$i"; break; fi; done)
pdftoppm -r 90 -png -singlefile -f "$inputs" -l "$inputs" -H 520 "$out/form.pdf" "$here/template-inputs"
# the html page printed by Chromium: A4 landscape, page 2 (the 评分表)
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --print-to-pdf="$out/hecheng-2020-html.pdf" "file://$out/hecheng-2020.html" >/dev/null 2>&1
pdftoppm -r 70 -png -singlefile -f 2 -l 2 "$out/hecheng-2020-html.pdf" "$here/html-print"
# the first page of an indicator table perfscore import reads (docs/authoring.md)
cp tests/fixtures/import/xundian-2023-fu3.docx "$out/"
(cd "$out" && soffice --headless --convert-to pdf xundian-2023-fu3.docx >/dev/null)
pdftoppm -r 80 -png -singlefile -f 1 -l 1 "$out/xundian-2023-fu3.pdf" "$here/import-table"
# the authoring loop (docs/authoring.md): the summary import prints for 004 附件4-1, and the
# first page of the table perfscore export writes once the flagged leaves are fixed
root=$PWD
(cd "$out" && perfscore import "$root/tests/fixtures/import/project-common-fu4-1.docx" \
  -o framework.yaml 2> findings.txt && patch -s framework.yaml "$root/docs/example/authoring.patch" \
  && perfscore export framework.yaml -o 指标体系.xlsx -q \
  && soffice --headless --convert-to pdf findings.txt 指标体系.xlsx >/dev/null)
pdftoppm -r 70 -png -singlefile -f 1 -l 1 -x 40 -y 40 -W 520 -H 400 "$out/findings.pdf" \
  "$here/import-findings"
pdftoppm -r 60 -png -singlefile -f 1 -l 1 "$out/指标体系.pdf" "$here/export-table"
# the Word 评价报告 (docs/report.md): page 1, and the first page of its 评分表 (turned A4)
perfscore report department-common examples/hecheng-2020.yaml -o "$out/评价报告.docx"
(cd "$out" && soffice --headless --convert-to pdf 评价报告.docx >/dev/null)
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$out/评价报告.pdf" "$here/report-page1"
table=$(for i in $(seq 1 20); do
  if pdftotext -f "$i" -l "$i" "$out/评价报告.pdf" - 2>/dev/null | grep -q 扣分说明; then
    echo "$i"; break; fi; done)
pdftoppm -png -r 60 -f "$table" -l "$table" -singlefile "$out/评价报告.pdf" "$here/report-table"
rm -r "$out"
