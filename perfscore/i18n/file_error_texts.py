"""The errors of reading files, by key (`error.…`), Chinese and English: the readers of data
files and forms, workbooks refused as damaged or too large, records, batch inputs."""

from __future__ import annotations

FILE_ERRORS: dict[str, tuple[str, str]] = {
    'error.csv.too-many-lines': ('CSV 文件超过 {limit} 行的上限', 'more than {limit} lines'),
    'error.csv.not-valid': ('不是有效的 CSV：{reason}', 'not valid CSV: {reason}'),
    'error.form.not-a-form': (
        '不是填好的表单：没有工作表含有表单的表头行（字段 … 填写值、输入 … 填写值、代码 … 报告得分'
        '）；请用 perfscore template 生成表单',
        "not a filled-in form: no sheet holds the form's header rows (字段 … 填写值, 输入 … 填写值"
        ', 代码 … 报告得分); write one with perfscore template',
    ),
    'error.form.not-a-form-csv': (
        '不是填好的表单：没有一行是表单的表头行（字段 … 填写值、输入 … 填写值、代码 … 报告得分）；'
        '请用 perfscore template 生成表单',
        "not a filled-in form: no line holds the form's header rows (字段 … 填写值, 输入 … 填写值,"
        ' 代码 … 报告得分); write one with perfscore template',
    ),
    'error.data.not-json-object': ('数据文件必须是 JSON 对象', 'a data file must be a JSON object'),
    'error.data.unknown-reported-column': (
        '未知的列“{name}”：报告所载内容应写在 reported.total、reported.grade 或 reported.scores.代'
        '码 列',
        'unknown column {name!r}: what the report states is reported.total, reported.grade or '
        'reported.scores.CODE',
    ),
    'error.data.no-rows': (
        '没有数据：应为表单，或一行表头加一行填写值',
        'no data: expected a form, or a header row and one row of values',
    ),
    'error.data.many-rows': (
        '有 {count} 行填写值：此处一个文件只读一条记录；多条记录请用 perfscore batch',
        '{count} rows of values: one record per file here; use perfscore batch for many',
    ),
    'error.form.unknown-suffix': (
        '不是表单：不读取“{suffix}”文件；表单可以是 {formats}（请另存为 .xlsx）',
        'not a form: {suffix!r} is not read; forms are {formats} (save it as .xlsx)',
    ),
    'error.form.no-suffix': (
        '不是表单：不读取无后缀名的文件；表单可以是 {formats}（请另存为 .xlsx）',
        "not a form: 'a file without a suffix' is not read; forms are {formats} (save it as .xlsx)",
    ),
    'error.sheet.too-many-rows': (
        '工作表“{name}”超过 {limit} 行的上限',
        'sheet {name!r} has more than {limit} rows',
    ),
    'error.xlsx.unreadable': (
        '不是可读取的 .xlsx 工作簿：{reason}',
        'not a readable .xlsx workbook: {reason}',
    ),
    'error.xlsx.unreadable-kind': (
        '不是可读取的 .xlsx 工作簿（{kind}）',
        'not a readable .xlsx workbook ({kind})',
    ),
    'error.sheet.merged-unread': (
        '工作表“{name}”：此类文件的合并单元格无法读取，而按行填写的工作表需要合并单元格；请另存为 '
        '.xlsx',
        'sheet {name!r}: the merged cells of this file type cannot be read, and a rows sheet '
        'needs them; save it as .xlsx',
    ),
    'error.form.twice': (
        '“{name}”填写了两次（第一次在 {first}）',
        '{name!r} is listed twice (first at {first})',
    ),
    'error.form.item-twice': (
        '“{name}”的要点“{item}”填写了两次',
        'item {item!r} of {name!r} is listed twice',
    ),
    'error.form.total-external': (
        '{code} 一行不填外部得分；报告所载得分请写在“{column}”列',
        "the {code} line takes no external score; write the report's in {column}",
    ),
    'error.form.external-not-leaf': (
        '只有末级指标可以填外部得分；其他指标只能标为“{mark}”',
        'an external score can only be given for a leaf indicator (末级指标); another indicator '
        'may only be marked {mark}',
    ),
    'error.form.not-a-flag': ('{reason}；请填“是”或“否”', '{reason}; write 是 or 否'),
    'error.form.item-blank': (
        '要点“{item}”未填写；请填“是”或“否”',
        'checklist item {item!r} is blank; write 是 or 否',
    ),
    'error.form.survey-columns': (
        '问卷工作表需要“{weight}”和“{answers}”两列',
        'a survey sheet needs the columns {weight} and {answers}',
    ),
    'error.form.unknown-category': (
        '未知的{column}“{category}”；应为 {kinds} 或 {last}',
        'unknown {column} {category!r}; expected {kinds} or {last}',
    ),
    'error.form.merged-groups': (
        '同一个合并的分值单元格所在各行必须属于同一个二级指标（“{first}”，而非“{other}”）',
        'the lines of one merged 分值 cell must share one 二级指标 ({first!r}, not {other!r})',
    ),
    'error.form.reported-without-code': (
        '填写报告得分的行需要填写代码（指标代码）才能比对',
        "a 报告得分 needs the row's 代码 (its indicator code) to be compared with",
    ),
    'error.sheet.et': (
        'WPS 表格文件(.et)无法直接读取，请另存为 .xlsx',
        'WPS 表格文件(.et)无法直接读取，请另存为 .xlsx / this WPS .et file cannot be read: save '
        'it as .xlsx',
    ),
    'error.sheet.unreadable': (
        '无法读取工作簿：不是可读取的 {kind} 文件（{reason}）',
        'cannot read the workbook: not a readable {kind} file ({reason})',
    ),
    'error.sheet.unreadable-save': (
        '无法读取工作簿：不是可读取的 {kind} 文件（{reason}）；请另存为 .xlsx',
        'cannot read the workbook: not a readable {kind} file ({reason}); save it as .xlsx',
    ),
    'error.sheet.cannot-read': ('无法读取工作簿：{reason}', 'cannot read the workbook: {reason}'),
    'error.text.unknown-encoding': (
        '无法识别文件的编码：应为 UTF-8（带或不带 BOM）、GB18030/GBK 或带 BOM 的 UTF-16；请另存为 '
        'CSV UTF-8',
        'cannot decode the file: expected UTF-8 (with or without BOM), GB18030/GBK or UTF-16 with '
        "a BOM; save it as 'CSV UTF-8'",
    ),
    'error.text.not-valid': (
        '不是有效的 {name} 文本（文件开头是 {name}）；请另存为 CSV UTF-8',
        "not valid {name} text (the file starts as {name}); save it as 'CSV UTF-8'",
    ),
    'error.batch.input-format': (
        '输入“{path}”：未知的格式“{suffix}”；可用 {choices}（请另存为 .xlsx）',
        'input {path!r}: unknown format {suffix!r}; use {choices} (save it as .xlsx)',
    ),
    'error.batch.output-format': (
        '输出“{path}”：未知的格式“{suffix}”；可用 {choices}',
        'output {path!r}: unknown format {suffix!r}; use {choices}',
    ),
    'error.batch.no-such-input': ('输入文件不存在', 'no such input file'),
    'error.batch.empty-directory': (
        '输入目录“{path}”中没有可读取的文件',
        'input directory {path!r} holds no file to read',
    ),
    'error.batch.header': ('--header 必须是 {choices} 之一', '--header must be one of {choices}'),
    'error.summary.no-such-file': ('得分文件不存在', 'no such scores file'),
    'error.summary.no-total': (
        '不是 perfscore batch 的得分文件：没有“total”列',
        "not a scores file of perfscore batch: no 'total' column",
    ),
    'error.summary.not-a-line': (
        '不是 perfscore batch 输出的 jsonl 行',
        "not a line of perfscore batch's jsonl",
    ),
    'error.summary.not-a-number': ('应为数字，而不是“{value}”', 'expected a number, got {value!r}'),
    'error.data.not-a-mapping': (
        '数据必须是字段名到值的映射，而不是 {kind}',
        'data must be a mapping of field names to values, got {kind}',
    ),
    'error.data.key-not-mapping': ('“{name}”必须是映射', "'{name}' must be a mapping"),
    'error.import.suffix': (
        '{file}：指标体系表的格式不支持；可读取 {formats}',
        '{file}: an indicator table is read from {formats} (指标体系表的格式不支持)',
    ),
    'error.import.too-many-rows': ('超过 {limit} 行的上限', 'more than {limit} rows'),
    'error.import.needs-docx': (
        "读取 .docx 需安装 docx 扩展：pip install 'perfscore[docx]'",
        "reading a Word file needs python-docx: pip install 'perfscore[docx]'",
    ),
    'error.import.unreadable-docx': (
        '无法读取 Word 文件：{kind}',
        'cannot read the Word file: {kind}',
    ),
    'error.import.table-too-many-rows': (
        '表{number}超过 {limit} 行的上限',
        'table {number} has more than {limit} rows',
    ),
    'error.export.output-suffix': (
        '{output}：导出格式由文件后缀决定，输出文件名应以 {formats} 结尾',
        '{output}: give an output ending in {formats} (导出格式由文件后缀决定)',
    ),
    'error.history.no-scores': (
        '数据库中没有单位“{unit}”的得分',
        'no scores stored for unit {unit!r}',
    ),
    'error.report.needs-docx': (
        "生成 Word 报告需安装 docx 扩展：pip install 'perfscore[docx]'",
        "perfscore report needs python-docx: pip install 'perfscore[docx]'",
    ),
    'error.report.output-suffix': (
        '评价报告是 Word 文件：请用 -o 名称.docx，而不是“{output}”',
        'the report is a Word file: give -o NAME.docx, not {output!r}',
    ),
    'error.serve.needs-extra': (
        "perfscore serve 需要 {names}，缺少 serve 扩展：pip install 'perfscore[serve]'",
        "perfscore serve needs {names}: pip install 'perfscore[serve]'",
    ),
    'error.serve.not-positive': ('{option} 必须大于0', '{option} must be positive'),
    'error.template.output-suffix': (
        '-o {output}：表单写为 .xlsx 或 .csv（或用 --format 指定）',
        '-o {output}: a form is written as .xlsx or .csv (or give --format)',
    ),
    'error.test.no-case-files': ('在 {paths} 中没有找到用例文件', 'no case files found in {paths}'),
    'error.test.none-matches': (
        '没有与 -k “{keyword}”匹配的用例，没有可运行的用例',
        'no test case matches -k {keyword!r}; nothing to run',
    ),
    'error.test.none-found': (
        '没有找到用例，没有可运行的用例',
        'no test case was found; nothing to run',
    ),
    'error.export.suffix': (
        '导出格式不支持：指标体系表可导出为 {formats}，不能导出为 {suffix}',
        'an indicator table is written as {formats}, not {suffix}',
    ),
    'error.export.no-suffix': (
        '导出格式不支持：指标体系表可导出为 {formats}，文件名须带后缀',
        'an indicator table is written as {formats}, not no suffix',
    ),
    'error.export.needs-docx': (
        "写出 .docx 需安装 docx 扩展：pip install 'perfscore[docx]'",
        "writing a Word file needs python-docx: pip install 'perfscore[docx]'",
    ),
    'error.export.cell-too-long': (
        '{code} 的记录超过 xlsx 单元格能容纳的长度（{length} > {limit} 个字符）：请导出为 .docx',
        'the record of {code} is longer than an xlsx cell holds ({length} > {limit} characters): '
        'export to .docx',
    ),
    'error.report-text.unknown-key': (
        '未知的报告字段“{name}”；应为 {expected}',
        'unknown key {name!r}; expected {expected}',
    ),
    'error.report-text.not-mapping': ('应为键值对', 'must be a mapping'),
    'error.report-text.not-text': ('应为文字', 'must be text'),
    'error.report-text.too-long': (
        '文字过长：超过 {limit} 个字符',
        'is longer than {limit} characters',
    ),
    'error.report-text.title': (
        '章节标题必须是一行文字',
        "a section's title must be one line of text",
    ),
    'error.case.no-such-path': ('文件或目录不存在：{path}', 'no such file or directory: {path}'),
    'error.case.invalid': ('不是有效的用例文件：{problem}', 'not a valid case file: {problem}'),
    'error.case.same-name': ('有两个用例都名为“{name}”', 'two cases are named {name!r}'),
    'error.case.not-a-number': (
        '预期值“{value}”不是数字：{reason}',
        'the expectation {value!r} is not a number: {reason}',
    ),
    'error.case.no-framework': (
        '用例没有指定框架（请在用例文件或记录中写明 framework）',
        "the case names no framework (give 'framework' in the case file or the record)",
    ),
    'error.batch.long-line': (
        '该行超过 {limit:,} 个字符',
        'the line is longer than {limit:,} characters',
    ),
    'error.batch.cannot-read': ('无法读取：{reason}', 'cannot read: {reason}'),
    'error.batch.header-unread': ('无法读取表头：{reason}', 'cannot read the header: {reason}'),
    'error.batch.header-encoding': ('表头不是有效的 {name} 文本', 'the header is not valid {name}'),
    'error.batch.column-twice': (
        '列“{name}”出现了两次（第 {first} 列和第 {second} 列）',
        'column {name!r} appears twice (columns {first} and {second})',
    ),
    'error.batch.row-width': (
        '该行有 {cells} 个单元格，而表头有 {header} 个',
        'row has {cells} cells; the header has {header}',
    ),
    'error.batch.not-an-object': (
        '应为 JSON 对象，而不是 {kind}',
        'expected an object, got {kind}',
    ),
    'error.batch.unknown-keys': (
        '未知的键 {keys}；应为 {expected}',
        'unknown key(s) {keys}; expected {expected}',
    ),
    'error.batch.key-not-object': ('“{name}”必须是 JSON 对象', "'{name}' must be an object"),
    'error.batch.form-unread': (
        '无法读取表单：{kind}：{reason}',
        'cannot read the form: {kind}: {reason}',
    ),
    'error.batch.row-encoding': ('该行不是有效的 {name} 文本', 'row is not valid {name}'),
    'error.batch.line-not-utf8': ('该行不是有效的 UTF-8 文本', 'line is not valid UTF-8'),
    'error.db.error': ('数据库错误：{reason}', 'database error: {reason}'),
    'error.db.cannot-open': ('无法打开数据库：{reason}', 'cannot open the database: {reason}'),
    'error.db.needs-psycopg': (
        "使用 PostgreSQL 地址需安装 psycopg：pip install 'perfscore[db]'",
        "a PostgreSQL URL needs psycopg: pip install 'perfscore[db]'",
    ),
    'error.db.cannot-connect': (
        '无法连接数据库：{reason}',
        'cannot connect to the database: {reason}',
    ),
    'error.batch.worker-start': (
        '批量评分的工作进程无法启动：{reason}',
        'a batch worker could not start: {reason}',
    ),
    'error.batch.worker-died': (
        '批量评分的工作进程意外退出（退出码 {code}；内存不足？）：未写出任何结果；请减少 --jobs',
        'a batch worker process ended unexpectedly (exit code {code}; out of memory?): no output '
        'written; try fewer --jobs',
    ),
    'error.json.too-deep': ('JSON 嵌套层数过多', 'JSON nested too deeply'),
    'error.json.invalid': ('不是有效的 JSON：{problem}', 'not valid JSON: {problem}'),
    'error.reconcile.reported-not-mapping': (
        '“reported”必须是映射',
        "'reported' must be a mapping",
    ),
    'error.reconcile.scores-not-mapping': (
        '必须是指标代码到得分的映射',
        'must map indicator codes to scores',
    ),
    'error.reconcile.not-an-indicator': (
        '“{code}”不是框架“{framework}”的指标',
        '{code!r} is not an indicator of framework {framework!r}',
    ),
    'error.reconcile.other-not-list': (
        '必须是报告中各处得分的列表',
        'must be a list of places in the report',
    ),
    'error.reconcile.other-not-mapping': (
        '必须是含 where、scores、total、values 的映射',
        'must be a mapping with where, scores, total, values',
    ),
    'error.reconcile.values-not-mapping': (
        '必须是指标代码到取值的映射',
        'must map indicator codes to values',
    ),
    'error.reconcile.value-not-leaf': (
        '只有末级指标才填写取值',
        'values are stated for leaf indicators only',
    ),
}
