"""The command line's help, Chinese and English, by key (`help.COMMAND[.OPTION]`): what
`perfscore --help` and `perfscore COMMAND --help` print."""

from __future__ import annotations

HELP: dict[str, tuple[str, str]] = {
    "help.description": (
        "按 YAML 指标框架为预算绩效评价计分。",
        "Score budget performance evaluations (预算绩效评价) from YAML frameworks.",
    ),
    "help.epilog": (
        "退出码：0 成功，1 输入被拒绝（或发现问题），2 用法错误。"
        "`perfscore 命令 --help` 查看该命令的选项。",
        "Exit codes: 0 success, 1 input rejected (or problems found), 2 usage error. "
        "`perfscore COMMAND --help` for a command's options.",
    ),
    "help.lang": (
        "提示与报错的语言：zh（中文，默认）或 en（英文）；"
        "未给出时读 PERFSCORE_LANG，再读系统区域设置",
        "the language of messages: zh (Chinese, the default) or en (English); default: "
        "$PERFSCORE_LANG, else the locale",
    ),
    "help.command": ("命令", "command"),
    # shared options (perfscore.cli, perfscore.commands)
    "help.format": (
        "{formats} 之一，不分大小写（默认：按 -o 的后缀，否则为 {default}；--format 优先于后缀）",
        "one of {formats}, case-insensitive (default: from -o's suffix, else {default}; "
        "--format wins over the suffix)",
    ),
    "help.output": (
        "写入此文件（原子写入）而不打印；- 表示标准输出",
        "write to this file (atomically) instead of printing; - is standard output",
    ),
    "help.framework": ("框架文件或内置框架名", "framework file or bundled name"),
    "help.frameworks-root": (
        "extends 链必须位于其中的框架根目录，含 FRAMEWORK（默认：$PERFSCORE_FRAMEWORKS_ROOT，"
        "否则为 FRAMEWORK 所在目录）",
        "the directory an `extends` chain must stay inside, holding FRAMEWORK (default: "
        "$PERFSCORE_FRAMEWORKS_ROOT, else FRAMEWORK's own directory)",
    ),
    "help.data-format": (
        "DATA 为 -（标准输入）时的格式：yaml、json、csv、xlsx ……（默认：按内容判断）",
        "the format of DATA - (standard input): yaml, json, csv, xlsx ... (default: told "
        "from the bytes)",
    ),
    "help.data": (
        "基础数据：YAML、JSON、CSV 或填好的 XLSX 填报表；- 表示标准输入",
        "base data: YAML, JSON, CSV or a filled-in XLSX form; - is stdin",
    ),
    "help.raw-text": (
        "csv/xlsx：文本原样写出，不加防止 =、+、-、@ 开头的文本被当作公式执行的前缀 '；"
        "不防公式注入，仅用于可信数据（docs/security.md）",
        "csv/xlsx: write text exactly as it is, without the leading ' (csv) or quote prefix "
        "(xlsx) that keeps =, +, -, @ … from running as a formula; only for files you trust "
        "(docs/security.md)",
    ),
    # the commands
    "help.score": ("为一条记录计分，输出评分表", "score one record and print the 评分表"),
    "help.lint": ("检查框架：结构与一致性", "check a framework: schema and consistency"),
    "help.lint.format": ("text 或 json", "text or json"),
    "help.explain": (
        "用报告的语言说明每项得分（评分说明）",
        "explain each score in a report's words",
    ),
    "help.explain.code": (
        "只说明这一指标（及其下级）",
        "explain only this indicator (and what is below it)",
    ),
    "help.reconcile": (
        "复核：报告所写的得分、小计与总分对照重新计算的结果",
        "复核: a report's stated scores, sub-totals and totals against the recomputed ones",
    ),
    "help.reconcile.data": (
        "基础数据，报告所写得分在“reported”下；- 表示标准输入",
        "base data with what the report states under 'reported'; - is stdin",
    ),
    "help.reconcile.require-all": (
        "缺少数据即报错（默认：该指标列为无法复核，保留其自评分）",
        "a missing input is an error (by default the indicator is listed as not checked, "
        "无法复核, and keeps its stated score)",
    ),
    "help.template": (
        "生成基础数据填报表，列出每个字段和输入项",
        "write an input form (基础数据表) listing every field and input, to fill in",
    ),
    "help.template.output": (
        "要写出的填报表：.xlsx 或 .csv（原子写入）；- 表示标准输出",
        "the form to write: .xlsx or .csv (written atomically); - is standard output",
    ),
    "help.template.format": (
        "xlsx 或 csv，不分大小写（默认：按 -o 的后缀；--format 优先）",
        "xlsx or csv, case-insensitive (default: from -o's suffix; --format wins over it)",
    ),
    "help.template.from": (
        "用这条记录的数值预先填好（YAML、JSON、CSV 或 XLSX；- 表示标准输入）",
        "fill the form in with this record's values (YAML, JSON, CSV or XLSX; - is stdin)",
    ),
    "help.test": (
        "运行 YAML 测试用例（预期得分、总分、等级或错误）",
        "run YAML test cases (expected scores, total, grade or error)",
    ),
    "help.test.cases": (
        "用例文件，或在其中查找 *.perfscore.yaml 与 test_*.yaml 的目录",
        "case files, or folders to search for *.perfscore.yaml and test_*.yaml case files",
    ),
    "help.test.keyword": (
        "只运行名称含此文字的用例",
        "run only the cases whose name contains this",
    ),
    "help.test.verbose": ("每个用例一行", "one line per case"),
    "help.batch": (
        "批量计分：多条记录（csv、xlsx、jsonl 表格；填好的填报表）汇成一张表",
        "score many records (csv, xlsx, jsonl tables; filled-in forms) into one table",
    ),
    "help.batch.inputs": (
        "记录：.csv/.xlsx（首行为表头：id、每个字段或输入一列、external_scores.代码）或 .jsonl"
        "（每行一个记录对象）；或填好的填报表（perfscore template），每份一条记录，或其所在目录",
        "records: .csv/.xlsx (a header row: id, one column per field or input, "
        "external_scores.CODE) or .jsonl (one record object per line); or filled-in forms "
        "(perfscore template), one record each, or directories of them",
    ),
    "help.batch.output": ("结果文件：.csv、.xlsx 或 .jsonl", "result file: .csv, .xlsx or .jsonl"),
    "help.batch.jobs": ("工作进程数（默认 1）", "worker processes (default 1)"),
    "help.batch.progress": (
        "在标准错误上显示进度条（默认：仅当其为终端时）",
        "progress bar on stderr (default: only when stderr is a terminal)",
    ),
    "help.batch.reconcile": (
        "复核：同时把每条记录与其报告所写（reported.total、reported.scores.代码 ……）对照："
        "所报与重算的总分、等级、不一致的指标",
        "复核: also compare each record with what it reports (reported.total, "
        "reported.scores.CODE …): reported and recomputed totals, grades, differing codes",
    ),
    "help.batch.summary": (
        "同时在 OUTPUT 旁写出汇总：OUTPUT.summary.html 与 .xlsx",
        "also write the summary (汇总) beside OUTPUT: OUTPUT.summary.html and .xlsx",
    ),
    "help.batch.db": (
        "同时把每条记录的得分存入 DB：SQLite 文件或 postgresql:// 地址"
        "（pip install 'perfscore[db]'）；重复计分同一输入不会重复存入（评分历史）",
        "also store each record's scores in DB: an SQLite file, or a postgresql:// URL (pip "
        "install 'perfscore[db]'); rescoring the same input adds nothing",
    ),
    "help.batch.year": (
        "与 --db 合用：这些记录的年度（默认：id 末尾的年份）",
        "with --db: the year these records are of (default: a year the id ends with)",
    ),
    "help.batch.header": (
        "表头：names（默认）——每个指标写作“代码 名称”、单位名称、总分、等级，供人阅读；"
        "codes——id、title、total、grade 与指标代码，供程序读取",
        "column headers: names (default) — each indicator as “代码 名称”, 单位名称, 总分, 等级, "
        "for people; codes — id, title, total, grade and the codes alone, for machines",
    ),
    "help.summary": (
        "汇总一次批量计分的结果：带图表的 html 页面与 xlsx 表",
        "the bureau's summary of a batch's scores: html page with charts and an xlsx sheet",
    ),
    "help.summary.scores": (
        "perfscore batch 写出的结果：.csv、.xlsx 或 .jsonl",
        "what perfscore batch wrote: .csv, .xlsx or .jsonl",
    ),
    "help.summary.output": (
        "BASE.html 与 BASE.xlsx（默认：SCORES 的文件名加 .summary，写在其旁）",
        "BASE.html and BASE.xlsx (default: SCORES' name with .summary, beside it)",
    ),
    "help.summary.framework": (
        "计分所用的框架（文件或内置框架名）：等级顺序与各指标失分（分值减得分）",
        "the framework scored with (file or bundled name): grade order and each "
        "indicator's lost points (weight less score)",
    ),
    "help.summary.top": ("每个排名列出的单位数（默认 20）", "units per ranking (default 20)"),
    "help.history": (
        "某单位历年、各框架的得分，来自 perfscore batch --db（评分历史）",
        "a unit's scores over the years and frameworks, from perfscore batch --db",
    ),
    "help.history.unit": (
        "单位（记录 id 去掉年份：hecheng-2020 即 hecheng）",
        "the unit (a record id less its year: hecheng for hecheng-2020)",
    ),
    "help.history.db": ("SQLite 文件或 postgresql:// 地址", "SQLite file, or a postgresql:// URL"),
    "help.history.output": (
        "写入此文件而不输出到标准输出",
        "write to this file instead of standard output",
    ),
    "help.import": (
        "把指标体系表（.docx/.xlsx/.xls/.ods/.csv）读成框架：指标体系表 → YAML",
        "read an indicator table (.docx/.xlsx/.xls/.ods/.csv) into a framework",
    ),
    "help.import.table": (
        "指标体系表：.docx、.xlsx、.xls、.ods 或 .csv",
        "the table: .docx, .xlsx, .xls, .ods or .csv",
    ),
    "help.import.output": (
        "要写出的框架（YAML，原子写入）；- 或不给出：标准输出",
        "the framework to write (YAML, written atomically); - or none: standard output",
    ),
    "help.import.id": ("框架的 id（默认：取自 TABLE）", "the framework's id (default: from TABLE)"),
    "help.import.quiet": ("只输出框架，不打印摘要", "print no summary"),
    "help.serve": (
        "通过 HTTP 提供 JSON 接口与上传页面（评分服务）",
        "serve the JSON API and the upload page over HTTP",
    ),
    "help.serve.host": ("监听地址（默认 127.0.0.1）", "address to listen on (default 127.0.0.1)"),
    "help.serve.port": ("端口（默认 8000）", "port (default 8000)"),
    "help.serve.frameworks": (
        "除内置框架外另行提供的框架文件（*.yaml）所在目录；其外的文件一概不读（框架目录）",
        "a folder of framework files (*.yaml) to offer besides the bundled ones; nothing "
        "outside it is read",
    ),
    "help.serve.max-body-bytes": ("请求体的上限（8 MiB）", "largest request body (8 MiB)"),
    "help.serve.timeout": (
        "单个请求可用的秒数（默认 30）",
        "seconds a request may take (default 30)",
    ),
    "help.serve.batch-timeout": (
        "批量计分可持续输出的秒数（300）",
        "seconds a batch may stream (300)",
    ),
    "help.serve.workers": (
        "同时计分的请求数（线程，默认 4）",
        "requests scored at once, in threads (default 4)",
    ),
    "help.serve.max-connections": (
        "同时保持的连接与请求数；超出时 uvicorn 返回 503（默认 64）",
        "connections and requests held at once; past it uvicorn answers 503 (default 64)",
    ),
}
