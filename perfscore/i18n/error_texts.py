"""The errors' words, Chinese and English, by key (`error.…`): the prefix the command line
prints, and the errors a person meets first (a missing file, an unknown framework or format, a
bad option, a missing input, an unknown field, a zero denominator, a file that does not parse).
An error not listed here keeps the words it is raised with (perfscore.i18n.verbatim)."""

from __future__ import annotations

ERRORS: dict[str, tuple[str, str]] = {
    # how the command line prints an error
    "error.prefix": ("perfscore：错误：{text}", "perfscore: {text}"),
    "error.usage-prefix": ("{prog}：错误：{text}", "{prog}: error: {text}"),
    # the command line's own
    "error.binary-to-terminal": (
        "这是二进制格式，不能输出到终端：请用 -o 文件 指定输出文件，或用管道转交",
        "this format is binary: give -o FILE or pipe the output",
    ),
    "error.binary-to-text": (
        "这是二进制格式，而标准输出只接受文本",
        "this format is binary and standard output takes only text",
    ),
    "error.unknown-format": (
        "未知的格式“{given}”；可选：{choices}",
        "unknown format '{given}'; choose from {choices}",
    ),
    "error.unknown-option-value": (
        "{option} 的值“{given}”未知；可选：{choices}",
        "unknown {option} '{given}'; choose from {choices}",
    ),
    "error.sniffed-unread": (
        "看起来是 {suffix} 数据，无法读取；请提供 {choices}",
        "looks like {suffix} data, which is not read; give {choices}",
    ),
    "error.stdin-too-large": (
        "标准输入超过 {limit} 字节的上限",
        "more than {limit} bytes, the limit",
    ),
    "error.stdin-empty": ("标准输入为空", "standard input is empty"),
    "error.language-setting": (
        "环境变量 PERFSCORE_LANG={value} 不是可用的语言；可选：zh、en",
        "PERFSCORE_LANG={value} is not a language; choose zh or en",
    ),
    # reading files
    "error.no-such-file": ("文件不存在", "no such file"),
    "error.cannot-read-file": ("无法读取文件：{reason}", "cannot read file: {reason}"),
    "error.file-too-large": (
        "文件超过 {limit} 字节的上限",
        "file is larger than {limit} bytes, the limit",
    ),
    "error.not-utf8": (
        "文件不是 UTF-8 文本：第 {start} 字节处 {reason}（请另存为 UTF-8）",
        "file is not UTF-8 text: {reason} at byte {start}",
    ),
    "error.text-too-large": (
        "文本超过 {limit} 字节的上限",
        "text is larger than {limit} bytes, the limit",
    ),
    "error.yaml-too-deep": ("YAML 嵌套层数过多", "YAML nested too deeply"),
    "error.nested-deeper": (
        "嵌套超过 {depth} 层",
        "nested deeper than {depth} levels",
    ),
    "error.not-yaml": ("不是有效的 YAML：{problem}", "not valid YAML: {problem}"),
    "error.unknown-framework": (
        "没有名为“{name}”的框架文件或内置框架；内置框架：{names}",
        "no framework file or bundled framework named '{name}'; bundled: {names}",
    ),
    "words.none": ("无", "none"),
    "error.framework-not-mapping": (
        "框架文件的顶层必须是映射（键: 值）",
        "a framework file must be a mapping at the top level",
    ),
    "error.unknown-data-format": (
        "无法读取“{suffix}”文件；数据可以是 {formats}（请另存为 .xlsx 或 CSV UTF-8）",
        "cannot read '{suffix}' files; DATA may be {formats} (save it as .xlsx or CSV UTF-8)",
    ),
    "words.no-suffix": ("无后缀名的文件", "a file without a suffix"),
    "error.unknown-field": ("未知字段：{detail}", "unknown field: {detail}"),
    "error.data-not-mapping": (
        "数据文件必须是含“values”的映射",
        "a data file must be a mapping with 'values'",
    ),
    "error.unknown-record-keys": (
        "未知的顶层键 {keys}；应为 {expected}",
        "unknown top-level key(s) {keys}; expected {expected}",
    ),
    # scoring
    "error.missing-input": (
        "缺少输入“{name}”（{described}）",
        "missing input '{name}' ({described})",
    ),
    "error.missing-field": (
        "缺少基础数据字段“{name}”{unit}",
        "missing base-data field '{name}'{unit}",
    ),
    "error.zero-denominator": (
        "公式 {formula} 的分母为0{detail}；框架可规定 on_zero_division: full 或 zero",
        "zero denominator in formula {formula}{detail}; the framework may declare "
        "on_zero_division: full or zero",
    ),
    "error.unknown-indicator": (
        "框架 {framework} 中没有指标“{code}”",
        "no indicator '{code}' in framework {framework}",
    ),
    # batch
    "error.no-input": ("未提供输入（INPUT）", "no INPUT given"),
    "error.jobs": ("--jobs 至少为 1", "--jobs must be at least 1"),
    # argparse's own errors, in perfscore's words (perfscore.cli.parser_words)
    "argparse.usage": ("用法：", "usage: "),
    "argparse.positionals": ("位置参数", "positional arguments"),
    "argparse.options": ("选项", "options"),
    "argparse.help": ("显示本帮助并退出", "show this help message and exit"),
    "argparse.version": ("显示版本号并退出", "show program's version number and exit"),
    "argparse.required": (
        "缺少必需的参数：{names}",
        "the following arguments are required: {names}",
    ),
    "argparse.unrecognized": ("无法识别的参数：{names}", "unrecognized arguments: {names}"),
    "argparse.invalid-choice": (
        "参数 {argument}：无效的选项 {value}（可选：{choices}）",
        "argument {argument}: invalid choice: {value} (choose from {choices})",
    ),
    "argparse.expected-one": (
        "参数 {argument}：需要一个值",
        "argument {argument}: expected one argument",
    ),
    "argparse.invalid-value": (
        "参数 {argument}：无效的{kind}值：{value}",
        "argument {argument}: invalid {kind} value: {value}",
    ),
}
