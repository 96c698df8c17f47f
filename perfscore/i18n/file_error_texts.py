"""The errors of reading files, by key (`error.…`), Chinese and English: the readers of data
files and forms, workbooks refused as damaged or too large, records, batch inputs."""

from __future__ import annotations

FILE_ERRORS: dict[str, tuple[str, str]] = {
    'error.csv.too-many-lines': (
        'CSV 文件超过 {limit} 行的上限',
        'more than {limit} lines',
    ),
    'error.csv.not-valid': (
        '不是有效的 CSV：{reason}',
        'not valid CSV: {reason}',
    ),
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
    'error.data.not-json-object': (
        '数据文件必须是 JSON 对象',
        'a data file must be a JSON object',
    ),
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
    'error.form.not-a-flag': (
        '{reason}；请填“是”或“否”',
        '{reason}; write 是 or 否',
    ),
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
    'error.sheet.cannot-read': (
        '无法读取工作簿：{reason}',
        'cannot read the workbook: {reason}',
    ),
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
    'error.batch.no-such-input': (
        '输入文件不存在',
        'no such input file',
    ),
    'error.batch.empty-directory': (
        '输入目录“{path}”中没有可读取的文件',
        'input directory {path!r} holds no file to read',
    ),
    'error.batch.header': (
        '--header 必须是 {choices} 之一',
        '--header must be one of {choices}',
    ),
    'error.summary.no-such-file': (
        '得分文件不存在',
        'no such scores file',
    ),
    'error.summary.no-total': (
        '不是 perfscore batch 的得分文件：没有“total”列',
        "not a scores file of perfscore batch: no 'total' column",
    ),
    'error.summary.not-a-line': (
        '不是 perfscore batch 输出的 jsonl 行',
        "not a line of perfscore batch's jsonl",
    ),
    'error.summary.not-a-number': (
        '应为数字，而不是“{value}”',
        'expected a number, got {value!r}',
    ),
    'error.data.not-a-mapping': (
        '数据必须是字段名到值的映射，而不是 {kind}',
        'data must be a mapping of field names to values, got {kind}',
    ),
    'error.data.key-not-mapping': (
        '“{name}”必须是映射',
        "'{name}' must be a mapping",
    ),
    'error.import.suffix': (
        '{file}：指标体系表的格式不支持；可读取 {formats}',
        '{file}: an indicator table is read from {formats} (指标体系表的格式不支持)',
    ),
    'error.import.too-many-rows': (
        '超过 {limit} 行的上限',
        'more than {limit} rows',
    ),
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
}
