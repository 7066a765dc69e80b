"""The vague-word lexicon of STANDARD.md §5, compiled once.

Each group carries its words and the measurable replacement pattern the standard gives for it.
Words are matched on the normalized 指标值 (full-width folded, whitespace removed); a word is
only a defect when the cell has no number, date or time limit (that is decided by the value
parser, which runs first — see analysis.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class VagueGroup:
    number: int
    title: str  # what is wrong, in Chinese
    words: tuple[str, ...]
    pattern: str  # the §5 replacement pattern, in Chinese
    regex: re.Pattern[str]


def _group(number: int, title: str, words: tuple[str, ...], pattern: str) -> VagueGroup:
    alternation = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return VagueGroup(number, title, words, pattern, re.compile(alternation))


# Order matters where groups share a word: the first group that matches names the defect.
# Time words come first so "及时" is read as a missing deadline, not as a generic adjective.
GROUPS: tuple[VagueGroup, ...] = (
    _group(
        4,
        "只有时间要求，没有期限或时限",
        (
            "及时",
            "按时",
            "按期",
            "如期",
            "尽快",
            "适时",
            "定期",
            "按计划",
            "按进度",
            "按月",
            "第一时间",
            "即时",
            "年内",
            "按规定时间",
            "按约定",
            "按照合同约定",
        ),
        "完成时间 ≤ YYYY-MM-DD；办结时限 ≤ N个工作日；及时率 ≥ N%（时限=…）",
    ),
    _group(
        9,
        "只说满意，没有数值",
        ("满意", "认可度高", "满意度增强", "满意度提高"),
        "[受众]满意度 ≥ 90%（问卷/回访，样本 n ≥ …）",
    ),
    _group(
        7,
        "不是成本水平",
        (
            "控制在预算",
            "不超预算",
            "预算内",
            "节约",
            "合理控制",
            "成本合理",
            "按照政策标准",
            "按政策标准",
            "与市场价格相符",
            "市场价格",
        ),
        "单位成本 ≤ N 元/单位（依据 标准/合同）；总成本 ≤ 年度资金",
    ),
    _group(
        5,
        "没有基数或数值",
        (
            "若干",
            "部分",
            "大部分",
            "多个",
            "一批",
            "各类",
            "全覆盖",
            "应保尽保",
            "应援尽援",
            "应收尽收",
            "应享尽享",
            "全部",
            "按实际",
            "按实",
        ),
        "覆盖率 = 100%（基数=名单/台账）；X数 ≥ N",
    ),
    _group(
        6,
        "只表达保障意图，不是结果",
        (
            "有效保障",
            "保障",
            "确保",
            "保证",
            "维持",
            "维护",
            "支撑",
            "服务于",
            "提供保障",
            "奠定基础",
            "法治保障",
            "提供支撑",
            "正常",
        ),
        "写明交付的结果：X服务人次 ≥ N；X运行天数 ≥ N；X发放准确率 = 100%",
    ),
    _group(
        8,
        "是宏观效果，不能归因于本项目",
        (
            "社会效益显著",
            "经济效益明显",
            "效果显著",
            "作用显著",
            "显著提高",
            "显著提升",
            "作用较明显",
            "生态环境改善",
            "和谐稳定",
            "公信力增强",
            "获得感增强",
            "影响力扩大",
            "排名前列",
            "前列",
        ),
        "本项目可归因的结果并给出基数：重新犯罪率 < N%；调解协议履行率 ≥ N%；挽回损失 ≥ N万元",
    ),
    _group(
        1,
        "只有方向，没有幅度",
        (
            "提升",
            "提高",
            "增强",
            "加强",
            "改善",
            "优化",
            "促进",
            "推动",
            "推进",
            "扩大",
            "增加",
            "降低",
            "减少",
            "不变",
            "丰富",
            "发挥",
            "有序推进",
        ),
        "X率 ≥ N% 或 X数 ≥ N单位；变化量：较上年提高 ≥ N个百分点（上年 M%）",
    ),
    _group(
        2,
        "只有修饰或含糊用语",
        (
            "进一步",
            "持续",
            "稳步",
            "不断",
            "逐步",
            "大力",
            "全面",
            "显著",
            "明显",
            "大幅",
            "较大",
            "有所",
            "基本",
            "力争",
            "争取",
            "原则上",
            "较好",
            "较明显",
        ),
        "去掉修饰词，直接写数值：≥95%以上 → ≥95%",
    ),
    _group(
        3,
        "是评价性形容词，没有标准",
        (
            "良好",
            "优良",
            "优秀",
            "合格",
            "达标",
            "规范",
            "健全",
            "完善",
            "有效",
            "高效",
            "科学",
            "合理",
            "到位",
            "充分",
            "充备",
            "顺利",
            "稳定",
            "专业",
            "一致",
            "安全",
            "明确",
            "准确",
            "通畅",
            "全优",
            "符合",
            "相符",
            "按规定",
            "按照规定",
            "执行有效",
            "建立健全",
        ),
        "质量：合格率/达标率/准确率 ≥ N%（依据 标准名）；机制：制度覆盖率 = 100% 或 制度文件印发 ≤ 日期；"
        "稳定：系统可用率 ≥ 99.x%；一致：补贴按标准发放准确率 = 100%",
    ),
    _group(
        10,
        "写的是工作事项，不是结果",
        ("组织开展", "做好", "落实", "完成", "开展", "依法按时完成"),
        "产出数量（开展X ≥ N场/次）加质量率或完成时限",
    ),
)

GROUP_BY_NUMBER: dict[int, VagueGroup] = {g.number: g for g in GROUPS}

# Group 3 words that make a value an ungraded qualitative judgement (rule R13).
EVALUATIVE = GROUP_BY_NUMBER[3]

# Hedges and double comparators (rule R12), matched on measurable values only.
HEDGE = re.compile(
    r"约|左右|力争|争取|基本|原则上|大约|按实|≥[^≤]*以上|≤[^≥]*(以内|以下)|[≥≤><]=?.*(以上|以下)"
)

# Filler written where an irrelevant 二级 should simply be left empty (rule R22).
FILLER = re.compile(r"^(无|不适用|暂无|没有|0|/|—|－|-|——|无此项|不涉及)$")

# Coverage words that need a stated base (rule R33).
COVERAGE = re.compile(r"全覆盖|应保尽保|应援尽援|应收尽收|应享尽享|应.{1,2}尽.{1,2}|全部|全员")


def vague_group(text: str) -> VagueGroup | None:
    """The first lexicon group whose word occurs in text, or None."""
    for group in GROUPS:
        if group.regex.search(text):
            return group
    return None
