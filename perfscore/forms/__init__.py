"""Input forms (基础数据表): a workbook listing everything a framework reads, to fill in by hand,
then read back as DATA.

The form (`perfscore template`) has these sheets:

- 基础数据: every base-data field (字段) with its unit, allowed range, type and description, and a
  填写值 column; above the table, 记录编号 / 评价对象 / 评价框架.
- 评价输入: every indicator input the data supplies — judgment scores with their range, one row
  per checklist item (是/否), counts of cases, values read straight from the data.
- a sheet per rows indicator (项目支出自评表): one line per 三级指标.
- 得分: every indicator with 外部提供得分 (a score supplied for an indicator the data cannot
  compute) and 报告得分 (what the unit's report states, for `perfscore reconcile`); 合计, 等级.
- 问卷 (only when a field is a survey): one row per answer option (题目, 选项, 分值, 份数).

Columns are found by their headers, so a user may add columns or move them; the sheets by what
their header row holds, so a user may rename them.

The modules: `layout` (sheet names, headers, 类型 values, how a sheet is told — what the writer
and the reader share), `contents` (the lines the form lists for a framework, and what a record
already says for each), `writer` (.xlsx: `write_form`), `csv_writer` (the same as one CSV
table: `write_form_csv`), `tables`, `reader`, `rows_sheet` and `builder` (reading a filled-in
form's sheets into a record; the files themselves are perfscore.readers'). This package imports
nothing above it; `writer` loads openpyxl, the others do not.
"""
