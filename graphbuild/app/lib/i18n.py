"""Interface strings in Chinese and English, and English glosses of the data's terms.

The interface language is ``st.session_state["lang"]`` (``"zh"`` or ``"en"``). Data stays as
written; in English, battles, functions, counties, posts and common agency names get the
gloss from the curated tables in ``data/`` (battles.csv, functions.csv, agencies.csv,
glossary.csv).
"""

from __future__ import annotations

import csv
from functools import lru_cache

from graphbuild.settings import DATA_DIR

DATA = DATA_DIR

LANGS = ("zh", "en")

STRINGS: dict[str, tuple[str, str]] = {
    # navigation
    "app.title": ("县级“发展六仗”责任图谱", "Who is responsible for what: county six-battle plans"),
    "nav.overview": ("概览", "Overview"),
    "nav.ask": ("提问", "Ask"),
    "nav.compare": ("两县对比", "Compare counties"),
    "nav.agency": ("单位", "Agency"),
    "nav.task": ("任务", "Task"),
    "nav.governance": ("组织架构", "Governance structure"),
    "nav.explorer": ("图谱浏览", "Graph explorer"),
    "nav.cypher": ("Cypher 控制台", "Cypher console"),
    "nav.documents": ("原文", "Source documents"),
    # sidebar
    "side.lang": ("界面语言", "Interface language"),
    "side.backend": ("回答问题的后端", "Backend answering"),
    "side.backend.embedded": (
        "内嵌存储（无需数据库服务器）",
        "embedded store (no database server)",
    ),
    "side.backend.neo4j": ("Neo4j 图数据库", "Neo4j graph database"),
    "side.backend.none": ("不可用", "unavailable"),
    "side.model": ("模型", "Model"),
    "side.model.counts": (
        "{tasks} 项任务 · {agencies} 个单位",
        "{tasks} tasks · {agencies} agencies",
    ),
    # common
    "county": ("县市", "County"),
    "battle": ("战役", "Battle"),
    "all_battles": ("全部战役", "All battles"),
    "both_counties": ("两县", "Both counties"),
    "all_functions": ("全部职能", "All functions"),
    "agency": ("单位", "Agency"),
    "function": ("职能", "Function"),
    "role": ("角色", "Role"),
    "role.lead": ("牵头", "lead"),
    "role.responsible": ("负责", "responsible"),
    "role.cooperate": ("配合", "cooperate"),
    "inherited": ("继承自标题", "inherited from a heading"),
    "inferred": ("推定（无角色词）", "inferred (no role word)"),
    "collective": ("集合性表述", "collective"),
    "tasks": ("任务", "tasks"),
    "agencies": ("单位", "agencies"),
    "people": ("人员", "people"),
    "working_groups": ("工作专班", "working groups"),
    "responsibilities": ("责任", "responsibilities"),
    "task": ("任务", "task"),
    "kind.task": ("任务", "task"),
    "kind.subitem": ("子项", "sub-item"),
    "kind.row": ("表格行", "table row"),
    "open": ("打开", "Open"),
    "note": ("说明", "note"),
    "none": ("无", "none"),
    "missing.model": (
        "尚未构建图谱：请先运行 `graphbuild build`（或 `./run app`）。",
        "The graph is not built yet: run `graphbuild build` (or `./run app`) first.",
    ),
    "missing.backend": (
        "问题后端不可用：{error}",
        "The question backend is not available: {error}",
    ),
    "missing.catalog": (
        "问题目录尚未就绪：{error}",
        "The question catalog is not available yet: {error}",
    ),
    "missing.question": (
        "目录中还没有问题 “{qid}”。",
        "The catalog has no question “{qid}” yet.",
    ),
    "error.backend": ("后端未能回答：{error}", "The backend could not answer: {error}"),
    "unknown.param": (
        "链接中的 {param}=“{value}” 在图谱中不存在；下面显示默认内容。",
        "The link's {param}=“{value}” is not in the graph; showing the default instead.",
    ),
    "download.csv": ("下载 CSV", "Download CSV"),
    "rows": ("{n} 行", "{n} rows"),
    "no_rows": ("没有结果。", "No results."),
    "show_query": ("显示生成该答案的查询", "Show the query that produced this answer"),
    "catalog_check": (
        "目录问题 “{title}”（{backend} 回答）",
        "Catalog question “{title}” (answered by {backend})",
    ),
    # overview
    "ov.title": ("两县概览", "The two counties at a glance"),
    "ov.intro": (
        "语料为湖南省两个县级单位2023年贯彻省“打好发展六仗”方案的工作方案：邵东市与新晃侗族自治县。"
        "每项任务都记录了牵头、负责和配合单位，及其出处句子。",
        "The corpus is two 2023 county work plans from Hunan that implement the provincial "
        "programme “fight the six battles of development”: Shaodong (邵东市) and Xinhuang "
        "(新晃侗族自治县). Every task is recorded with the units that lead it, are responsible "
        "for it or cooperate on it, and the sentence each fact comes from.",
    ),
    "ov.matrix": (
        "每仗的任务、单位、人员与专班",
        "Tasks, agencies, people and working groups per battle",
    ),
    "ov.metric": ("指标", "Measure"),
    "ov.total_note": (
        "Σ 行中的单位和人员按县去重计数：在几个战役都有任务的单位只算一次。",
        "In the Σ row, units and people are counted once per county: a unit with tasks in "
        "several battles counts once.",
    ),
    "ov.documents": ("源文件", "Source documents"),
    "ov.doc_line": (
        "{title}（{issuer}，{number}，{date}）",
        "{title} ({issuer}, {number}, {date})",
    ),
    "ov.read": ("阅读原文", "Read the document"),
    "ov.chart": ("每仗任务数", "Tasks per battle"),
    "ov.chart_units": ("每仗涉及单位数", "Agencies per battle"),
    "ov.battles": ("六仗", "The six battles"),
    # ask
    "ask.title": ("提问", "Ask a question"),
    "ask.free": ("用自己的话提问", "Ask in your own words"),
    "ask.free.placeholder": (
        "例如：哪个单位牵头的任务最多 / 债务风险 两县 对比",
        "e.g. which unit leads the most tasks / compare debt risk in the two counties",
    ),
    "ask.free.button": ("提问", "Ask"),
    "ask.routed": (
        "已选择问题：**{title}**（{params}）",
        "Chosen question: **{title}** ({params})",
    ),
    "ask.unrouted": (
        "没能识别这个问题；请从下面的目录中选择。",
        "I could not match that; pick a question from the catalog below.",
    ),
    "ask.question": ("目录中的问题", "Question from the catalog"),
    "ask.run": ("运行", "Run"),
    "ask.answer": ("答案", "Answer"),
    "ask.params": ("参数", "Parameters"),
    "ask.to_compare": (
        "在“两县对比”页并排查看这些措施",
        "See these measures side by side on the Compare page",
    ),
    "ask.cli": ("命令行", "Command line"),
    # compare
    "cmp.title": ("两县对比", "Compare the two counties"),
    "cmp.topic": ("主题", "Topic"),
    "cmp.measures": ("措施对照", "Measures side by side"),
    "cmp.aligned": ("已对齐（相似度 {score:.2f}）", "aligned (similarity {score:.2f})"),
    "cmp.only": ("仅 {county} 有", "only in {county}"),
    "cmp.in_sub_items": ("子项中：{units}", "in sub-items: {units}"),
    "cmp.no_alignment": (
        "尚无跨县对齐数据（来自对比功能）；下面按原文顺序并列两县的措施。",
        "No cross-county alignment in the model yet (it comes from the comparison step); "
        "the measures of both counties are listed in document order.",
    ),
    "cmp.by_function": ("按职能的牵头与负责单位", "Lead and responsible units by function"),
    "cmp.differences": ("差异", "Differences"),
    "cmp.targets": ("量化目标", "Quantitative targets"),
    "cmp.no_targets": (
        "模型中尚无量化目标（来自对比功能）。",
        "No quantitative targets in the model yet (they come from the comparison step).",
    ),
    "cmp.n_measures": ("{county}：{n} 项措施", "{county}: {n} measures"),
    "cmp.diff.count": (
        "{a} 有 {na} 项相关措施，{b} 有 {nb} 项。",
        "{a} has {na} measures on this topic, {b} has {nb}.",
    ),
    "cmp.diff.lead_only": (
        "只有 {county} 安排了“{function}”职能的单位牵头：{units}。",
        "Only {county} has a unit with the function “{function}” leading: {units}.",
    ),
    "cmp.diff.same_lead": (
        "两县都由“{function}”职能的单位牵头（{a}；{b}）。",
        "Both counties have a “{function}” unit leading ({a}; {b}).",
    ),
    "cmp.diff.pairs": (
        "{n} 对措施相互对应；{ua} 项只见于 {a}，{ub} 项只见于 {b}。",
        "{n} measures correspond; {ua} appear only in {a}, {ub} only in {b}.",
    ),
    "cmp.suggest": ("常见主题：", "Common topics:"),
    "cmp.sections": ("对应章节：", "Aligned sections:"),
    "cmp.nearest": (
        "另一县无对应措施；最接近：{title}（{score:.2f}）",
        "No corresponding measure; nearest: {title} ({score:.2f})",
    ),
    "cmp.metric": ("指标", "Metric"),
    "cmp.value": ("目标值", "Target"),
    "cmp.text": ("原文", "As written"),
    "cmp.inconsistent": (
        "该战役有 {n} 处同一指标数值不一致。",
        "{n} metrics of this battle are given different values.",
    ),
    "cmp.diff.target_both": (
        "两县都有“{metric}”目标：{a} {va}，{b} {vb}。",
        "Both counties set “{metric}”: {a} {va}, {b} {vb}.",
    ),
    "cmp.diff.target_only": (
        "只有 {county} 设定了 {n} 项量化目标：{metrics}。",
        "Only {county} sets {n} quantitative targets: {metrics}.",
    ),
    "cmp.none": ("没有与该主题相关的措施。", "No measures on this topic."),
    # agency
    "ag.title": ("单位", "Agency"),
    "ag.search": ("搜索单位", "Search a unit"),
    "ag.pick": ("单位", "Unit"),
    "ag.by_battle": ("按战役统计的角色", "Roles by battle"),
    "ag.tasks": ("任务", "Tasks"),
    "ag.partners": ("最常合作的单位", "Units it most often works with"),
    "ag.shared": ("共同任务数", "shared tasks"),
    "ag.counterpart": ("另一县的对应单位", "Counterpart in the other county"),
    "ag.counterpart.none": ("没有职能相同的单位。", "No unit with the same functions."),
    "ag.counterpart.by_function": (
        "按职能重合度（Jaccard）推断。",
        "Inferred from shared functions (Jaccard).",
    ),
    "ag.names": ("原文写法", "As written"),
    "ag.groups": ("所在工作专班", "Working groups"),
    "ag.office": ("专班办公室", "working group office"),
    "ag.member": ("成员单位", "member unit"),
    "ag.not_found": ("没有找到该单位。", "No such unit."),
    "ag.gloss": ("英文释义", "English gloss"),
    # task
    "tk.title": ("任务", "Task"),
    "tk.search": ("按编号或文字查找任务", "Find a task by id or text"),
    "tk.pick": ("任务", "Task"),
    "tk.source": (
        "出处（高亮为任务原文与责任条款）",
        "Source (the task and its clauses highlighted)",
    ),
    "tk.units": ("单位与角色", "Units and roles"),
    "tk.path": ("章节路径", "Section path"),
    "tk.group": ("工作专班与上级领导", "Working group and leaders above it"),
    "tk.persons": ("本任务的牵头领导", "Leaders named for this task"),
    "tk.leading_group": ("领导小组", "Leading group"),
    "tk.convenor": ("召集人", "Convenor"),
    "tk.deputies": ("副召集人", "Deputy convenors"),
    "tk.office": ("专班办公室", "Office"),
    "tk.no_group": ("该战役没有工作专班记录。", "No working group is recorded for this battle."),
    "tk.clause": ("条款", "Clause"),
    "tk.subtasks": ("子项", "Sub-items"),
    "tk.parent": ("上级任务", "Parent task"),
    "tk.not_found": ("没有这个任务。", "No such task."),
    # governance
    "gv.title": ("组织架构", "Governance structure"),
    "gv.intro": (
        "领导小组 → 办公室 → 各战役工作专班 → 召集人 → 成员单位。可缩放、拖动；可导出为图片。",
        "Leading group → office → working groups → convenors → member units. Zoom and drag; "
        "export as an image.",
    ),
    "gv.legend": ("图例", "Legend"),
    "gv.leading_group": ("领导小组", "Leading group"),
    "gv.office": ("办公室", "Office"),
    "gv.group": ("工作专班", "Working group"),
    "gv.convenor": ("召集人 / 副召集人", "Convenor / deputies"),
    "gv.member": ("成员单位", "Member unit"),
    "gv.group_office": ("专班办公室所在单位", "Working group office unit"),
    "gv.present": ("演示模式（大字号）", "Presentation mode (large type)"),
    "gv.download_svg": ("导出图片（SVG）", "Export image (SVG)"),
    "gv.no_lg": ("方案未列出领导小组名单", "no leading-group list in the plan"),
    "gv.counts": (
        "{groups} 个专班，{members} 个成员单位",
        "{groups} working groups, {members} member units",
    ),
    # explorer
    "ex.title": ("图谱浏览", "Graph explorer"),
    "ex.node": ("中心节点", "Centre node"),
    "ex.depth": ("范围（跳数）", "Depth (hops)"),
    "ex.cap": ("最多显示节点数", "Show at most this many nodes"),
    "ex.warning": (
        "这个邻域有 {n} 个节点，只显示最近的 {cap} 个。",
        "This neighbourhood has {n} nodes; showing the {cap} nearest.",
    ),
    "ex.hint": (
        "拖动、缩放；点击单位或任务打开其页面，点击其他节点以其为中心。",
        "Drag and zoom; click a unit or a task to open its page, any other node to centre on it.",
    ),
    "ex.kind": ("节点类型", "Node kind"),
    "ex.open_node": ("打开所选节点", "Open the selected node"),
    "ex.legend_nodes": ("节点", "Nodes"),
    "ex.legend_edges": ("连线（单位的角色）", "Links (a unit's role)"),
    "ex.other_edge": ("其他（隶属、成员、办公室）", "other (part of, member, office)"),
    # cypher
    "cy.title": ("Cypher 控制台（只读）", "Cypher console (read-only)"),
    "cy.only_neo4j": (
        "控制台只在 Neo4j 后端可用：设置 NEO4J_URI（以及 NEO4J_USER / NEO4J_PASSWORD）后重新启动。",
        "The console needs the Neo4j backend: set NEO4J_URI (and NEO4J_USER / NEO4J_PASSWORD) "
        "and restart the app.",
    ),
    "cy.example": ("从目录中的查询开始", "Start from a catalog query"),
    "cy.query": ("查询", "Query"),
    "cy.params": ("参数（JSON）", "Parameters (JSON)"),
    "cy.run": ("运行（只读）", "Run (read-only)"),
    "cy.refused": ("只允许只读查询：{reason}", "Only read-only queries are allowed: {reason}"),
    "cy.bad_params": ("参数必须是 JSON 对象：{error}", "Parameters must be a JSON object: {error}"),
    "cy.limit": ("最多显示 {n} 行。", "At most {n} rows are shown."),
    "cy.save": ("保存为问题", "Save as question"),
    "cy.save.help": (
        "保存后出现在“提问”页；查询中的每个 $参数 都成为问题的参数，"
        "其类型和默认值取自上面的参数值。",
        "Saved questions appear on the Ask page; every $parameter of the query becomes a "
        "parameter of the question, typed and defaulted by the values above.",
    ),
    "cy.save.id": (
        "问题 ID（小写字母、数字、连字符）",
        "Question ID (lower-case letters, digits, hyphens)",
    ),
    "cy.save.title_zh": ("中文标题", "Title in Chinese"),
    "cy.save.title_en": ("英文标题", "Title in English"),
    "cy.save.button": ("保存", "Save"),
    "cy.save.done": ("已保存到 {path}：", "Saved in {path}: "),
    "cy.save.open": ("在“提问”页打开", "open it on the Ask page"),
    "ask.mine": ("我的问题", "My question"),
    # documents
    "doc.title": ("源文件", "Source documents"),
    "doc.pick": ("文件", "Document"),
    "doc.download": ("下载原文", "Download the text"),
    "doc.meta": (
        "发文机关：{issuer} · 文号：{number} · 日期：{date}",
        "Issued by {issuer} · {number} · {date}",
    ),
}


def lang() -> str:
    """The interface language of this session (``zh`` by default)."""
    try:
        import streamlit as st

        value = st.session_state.get("lang", "zh")
    except Exception:
        value = "zh"
    return value if value in LANGS else "zh"


def t(key: str, **fmt: object) -> str:
    """The interface string ``key`` in the session's language, formatted with ``fmt``."""
    zh, en = STRINGS.get(key, (key, key))
    text = en if lang() == "en" else zh
    return text.format(**fmt) if fmt else text


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict]:
    def rows(name: str) -> list[dict[str, str]]:
        path = DATA / name
        if not path.exists():
            return []
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    battles = {r["key"]: r for r in rows("battles.csv")}
    functions = {r["key"]: r for r in rows("functions.csv")}
    agencies: dict[tuple[str, str], str] = {}
    for r in rows("agencies.csv"):
        if r.get("en"):
            agencies.setdefault((r["county"], r["canonical"]), r["en"])
    glossary = {r["zh"]: r["en"] for r in rows("glossary.csv")}
    metrics = {r["key"]: r for r in rows("metrics.csv")}
    return {
        "battles": battles,
        "functions": functions,
        "agencies": agencies,
        "glossary": glossary,
        "metrics": metrics,
    }


def battle_keys() -> list[str]:
    """The battle keys in the order of data/battles.csv."""
    return list(_tables()["battles"])


def battle_label(key: str | None, both: bool = False) -> str:
    """A battle's name in the interface language (``both``: Chinese with the gloss)."""
    if not key:
        return "—"
    row = _tables()["battles"].get(key)
    if row is None:
        return key
    if both and lang() == "en":
        return f"{row['en']} · {row['zh']}"
    return row["en"] if lang() == "en" else row["zh"]


def battle_zh(key: str) -> str:
    """The Chinese name of a battle."""
    row = _tables()["battles"].get(key)
    return row["zh"] if row else key


def battle_aliases() -> dict[str, list[str]]:
    """Battle key → its Chinese name and every alias."""
    out = {}
    for key, row in _tables()["battles"].items():
        out[key] = [row["zh"], *[a for a in row["aliases"].split("|") if a]]
    return out


def battle_en(key: str) -> str:
    """The English label of a battle."""
    row = _tables()["battles"].get(key)
    return row["en"] if row else key


def function_label(key: str) -> str:
    """A function key as a label in the interface language."""
    row = _tables()["functions"].get(key)
    if row is None:
        return key
    return row["en"] if lang() == "en" else row["zh"]


def metric_label(key: str) -> str:
    """A metric key of data/metrics.csv as its name in the interface language."""
    row = _tables()["metrics"].get(key)
    if row is None:
        return key
    return row["en"] if lang() == "en" else row["zh"]


def function_keys() -> list[str]:
    """Every function key of data/functions.csv."""
    return list(_tables()["functions"])


def function_names() -> dict[str, tuple[str, str]]:
    """Function key → (zh, en)."""
    return {k: (r["zh"], r["en"]) for k, r in _tables()["functions"].items()}


def agency_gloss(county: str, canonical: str) -> str:
    """The curated English gloss of an agency ("" when there is none)."""
    return _tables()["agencies"].get((county, canonical), "")


def agency_label(county: str, canonical: str) -> str:
    """An agency as written, with its English gloss when the interface is English."""
    gloss = agency_gloss(county, canonical) if lang() == "en" else ""
    return f"{canonical} ({gloss})" if gloss else canonical


def county_label(county: str) -> str:
    """A county as written, glossed in English."""
    gloss = _tables()["glossary"].get(county, "")
    return f"{county} ({gloss})" if gloss and lang() == "en" else county


def county_short(county: str) -> str:
    """A short name of a county for headings (邵东市 → 邵东 / Shaodong)."""
    gloss = _tables()["glossary"].get(county, "")
    if lang() == "en" and gloss:
        return gloss.split(" ")[0]
    return county.replace("侗族自治县", "").replace("市", "") or county


def gloss(term: str) -> str:
    """A post or other term with its English gloss when the interface is English."""
    en = _tables()["glossary"].get(term, "")
    return f"{term} ({en})" if en and lang() == "en" else term


def post_label(term: str) -> str:
    """A post or role word alone: as written in Chinese, its English gloss in English."""
    en = _tables()["glossary"].get(term, "")
    return en[:1].upper() + en[1:] if en and lang() == "en" else term


def role_label(role: str) -> str:
    """lead / responsible / cooperate in the interface language."""
    return t(f"role.{role}") if f"role.{role}" in STRINGS else role
