"""Which 二级 an indicator belongs to, from its name and value.

Two layers:
- **Category signals** the misplacement rules ask about (is this a timeliness metric, a process
  item, a satisfaction item, an output count, a sustainability mechanism, a cost?). They are word
  and suffix patterns over the *name*; each rule in rules/category.py uses one of them.
- **predict()**: a scored vote over cue tables (suffix patterns, words, the value's unit and kind),
  used to choose where a misplaced row should move. An optional char-n-gram model trained on the
  corpus breaks ties when no cue speaks.

`STANDARD_CUES` holds only the cues written in STANDARD.md (R14–R17, R21, R34, the R15 list); it is
the baseline that `DEFAULT_CUES` is measured against in evals/category.py. Nothing here names a
project or a seed sheet: the patterns are about how indicator names are formed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant import taxonomy as tx
from assistant.critique.ngram import NgramModel
from assistant.schema import TargetValue, ValueKind
from assistant.values import count_unit_of, unit_family

Cue = tuple[re.Pattern[str], str, float]  # (pattern on the name, 二级, weight)


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# --- R15: evaluation (决策/过程) items, the closed list of 财预〔2020〕10号, anchored on the whole name ---
PROCESS_ITEM = _re(
    r"^(项目)?(立项依据(的)?充分(性)?|立项程序(的)?规范(性)?|项目立项(的)?规范(性)?|绩效目标(的)?合理(性)?"
    r"|绩效指标(的)?明确(性)?|预算编制(的)?科学(性)?|资金分配(的)?合理(性)?|资金到位(率|情况)|预算执行(率|情况)"
    r"|资金使用(的)?合规(性)?|(项目)?管理制度(的)?健全(性)?|制度执行(的)?有效(性)?|科目调整次数|(资金)?结余率"
    r"|政府采购(的)?规范(性)?|人员到位率|财务管理制度(的)?健全(性)?|资金拨付(的)?及时(性|率)?)$"
)

# --- R21: the project's own budget execution written as an economic effect ---
EXECUTION = _re(r"结余率|节约资金|资金节约|预算执行|执行率|资金使用率|支出进度|节支率|资金结余")

# Words that make a name an *output* count (R16: outputs filed under 效益).
_OUTPUT_VERB = (
    r"办理|完成|开展|举办|建立|组建|培训|制作|发放|接待|受理|宣传|提供|处理|帮教|走访|检查|核查"
    r"|印发|编制|上线|更新|采购|购置|配置|安装|维护|运维|创建|组织|召开|评估|咨询|讲座|值班"
)
_COUNT_SUFFIX = r"(数|数量|件数|人数|次数|场次|人次|个数|户数|家数|批次)$"
# An effect or a harm counted (调解成功数, 事故发生数) is not an output.
_NOT_OUTPUT = r"成功|发生|犯罪|违法|投诉|事故|故障|下降|减少|挽回|履行|流失|死亡|损失|脱管|漏管"


@dataclass(frozen=True)
class Cues:
    """The patterns one classifier uses. Two instances: STANDARD_CUES (baseline) and DEFAULT_CUES."""

    name: str
    # A timeliness metric by its name's ending (R34: such rows belong in 时效).
    time_metric: re.Pattern[str]
    # Any time wording in a name (a 时效 row with none of it, and no time in its value, is misfiled).
    time_words: re.Pattern[str]
    satisfaction: re.Pattern[str]
    sustainability: re.Pattern[str]
    cost_words: re.Pattern[str]
    output_count: re.Pattern[str] | None
    not_output: re.Pattern[str] | None
    # R16 as the standard states it: quality terms under 效益 and effect terms under 产出.
    quality_under_benefit: re.Pattern[str] | None
    effect_under_output: re.Pattern[str] | None
    # predict(): scored cues on the name.
    name_cues: tuple[Cue, ...]
    use_value_cues: bool = True


def _cues(*items: tuple[str, str, float]) -> tuple[Cue, ...]:
    return tuple((_re(p), level2, w) for p, level2, w in items)


STANDARD_CUES = Cues(
    name="standard",
    time_metric=_re(r"及时率|按期完成率|完成时间"),
    time_words=_re(r"及时|按时|时限|完成时间|按期"),
    satisfaction=_re(r"满意"),
    sustainability=_re(r"$^"),  # the standard gives no cue for 效益-internal moves
    cost_words=_re(r"成本|单价|金额|元"),
    output_count=None,
    not_output=None,
    quality_under_benefit=_re(r"合格率|准确率|达标率|处置率"),
    effect_under_output=_re(r"调解成功率|重犯率|再犯罪率|诉转案"),
    name_cues=_cues(
        (r"及时率|按期完成率|完成时间|时限", tx.TIMELINESS, 3.0),
        (r"满意", tx.SERVICE_SATISFACTION, 5.0),
        (r"合格率|准确率|达标率|验收通过率", tx.QUALITY, 2.0),
        (r"调解成功率|重犯率|再犯罪率|诉转案", tx.SOCIAL_BENEFIT, 2.0),
        (r"挽回经济损失|节约法律成本|带动", tx.ECONOMIC_BENEFIT, 2.0),
        (r"成本|单价", tx.LEGACY_COST, 2.0),
        (r"(件|人次|场|个)数?$", tx.QUANTITY, 1.0),
    ),
    use_value_cues=False,
)

DEFAULT_CUES = Cues(
    name="default",
    time_metric=_re(
        r"(及时性|及时率|及时程度|按时(完成|支付|发放|办结|到位)?率|按期(完成)?率|准时率|时限|时效"
        r"|(完成|办结|响应|到场|处置|受理|答复|反馈|支付|发放|修复)(时间|时长|用时|周期)|周期|完成日期|期限)$"
    ),
    time_words=_re(
        r"及时|按时|按期|准时|时限|时间|时效|周期|日期|期限|进度|响应|用时|时长"
        r"|^每|每[年月周日天季]|\d+月|年底|年末|季度|半年|工作日|小时"
    ),
    satisfaction=_re(r"满意"),
    sustainability=_re(r"长效|可持续|长期"),
    cost_words=_re(
        r"成本|单价|价格|费用|费|资金|经费|金额|补贴|补助|津贴|工资|薪酬|预算|支出|投入|标准|元|价"
    ),
    output_count=_re(rf"({_OUTPUT_VERB}).*{_COUNT_SUFFIX}"),
    not_output=_re(_NOT_OUTPUT),
    # The seeds' reviewers accept quality-like and effect-like rates on either side of the
    # 产出/效益 line (处置率 under 效益, 重新犯罪率 under 质量); only outputs under 效益 are moved.
    quality_under_benefit=None,
    effect_under_output=None,
    name_cues=_cues(
        # 时效
        (
            r"(及时性|及时率|按时(完成|支付|发放|办结)?率|按期(完成)?率|准时率|时限|时效|周期|完成日期|期限)$",
            tx.TIMELINESS,
            3.0,
        ),
        (r"(完成|办结|响应|到场|处置|受理|答复|反馈)时间$", tx.TIMELINESS, 3.0),
        (r"及时|按时|按期|准时|进度|^每|每[年月周季]", tx.TIMELINESS, 1.5),
        # 满意度
        (r"满意", tx.SERVICE_SATISFACTION, 5.0),
        # 成本
        (
            r"成本|单价|费用|经费|金额|价格|(补贴|补助|津贴|工资|薪酬)(标准|资金)?$|资金$|费$",
            tx.LEGACY_COST,
            3.0,
        ),
        # 质量
        (
            r"(合格|达标|准确|正确|通过|完好|合规|规范|完整|在用|修复|排除|处置|差错|失误|故障|上岗|到岗"
            r"|覆盖|参与|利用|采纳|审核|验收|确认|解决|成功|认定|胜诉|监管|核查)率$",
            tx.QUALITY,
            2.5,
        ),
        (
            r"(专业|稳定|准确|规范|一致|明确|充备|合规|完整|安全|可靠)(性|度)$|质量|标准$|得分$|资质$",
            tx.QUALITY,
            2.0,
        ),
        # 数量
        (r"(数|数量|件数|人数|次数|场次|人次|个数|面积|规模|户数|家数|批次)$", tx.QUANTITY, 2.5),
        (r"^(完成|开展|组织|举办|制作|配备|聘用|招录|购置|采购|召开|对|为)", tx.QUANTITY, 1.5),
        (r"完成率$", tx.QUANTITY, 1.0),
        # 效益
        (
            r"犯罪率|重犯率|再犯|知晓率|履行率|首选率|应用率|公信力|和谐|权益|效能|效率|意识|秩序|治理"
            r"|获得感|社会|群众|民生|回归|化解|下降|减少",
            tx.SOCIAL_BENEFIT,
            1.5,
        ),
        (r"经济|挽回|损失|收入|增收|带动|产值|营商", tx.ECONOMIC_BENEFIT, 2.5),
        (r"生态|环境质量|空气|水质|排放|绿化|能耗|节能|垃圾|噪声|污染", tx.ECO_BENEFIT, 2.5),
        (r"长效|可持续|长期|机制|制度|体系|持续运行", tx.SUSTAINABILITY, 2.0),
    ),
)



@dataclass(frozen=True)
class Prediction:
    level2: str | None
    score: float
    margin: float  # score of the winner minus the runner-up
    reason: str  # the strongest cue, for messages


@dataclass
class Classifier:
    cues: Cues = DEFAULT_CUES
    ngram: NgramModel | None = None
    ngram_weight: float = 1.0
    _cache: dict[tuple[str, str], Prediction] = field(default_factory=dict, repr=False)

    # -- category signals -------------------------------------------------------------------
    def is_process_item(self, name: str) -> bool:
        return bool(PROCESS_ITEM.match(name))

    def is_execution_item(self, name: str) -> bool:
        return bool(EXECUTION.search(name))

    def is_time_metric(self, name: str) -> bool:
        return bool(self.cues.time_metric.search(name))

    def has_time_words(self, name: str) -> bool:
        return bool(self.cues.time_words.search(name))

    def is_satisfaction(self, name: str) -> bool:
        return bool(self.cues.satisfaction.search(name))

    def is_sustainability(self, name: str) -> bool:
        return bool(self.cues.sustainability.search(name))

    def is_output_count(self, name: str) -> bool:
        if self.cues.output_count is None or not self.cues.output_count.search(name):
            return False
        return not (self.cues.not_output and self.cues.not_output.search(name))

    def is_cost(self, name: str, value: TargetValue) -> bool:
        if self.cues.cost_words.search(name):
            return True
        return unit_family(value.unit) == "money"

    def quality_term_under_benefit(self, name: str) -> bool:
        return bool(self.cues.quality_under_benefit and self.cues.quality_under_benefit.search(name))

    def effect_term_under_output(self, name: str) -> bool:
        return bool(self.cues.effect_under_output and self.cues.effect_under_output.search(name))

    # -- 二级 prediction ------------------------------------------------------------------------
    def predict(
        self, name: str, value: TargetValue | None = None, exclude: tuple[str, ...] = ()
    ) -> Prediction:
        """The most likely 二级 for an indicator; `exclude` removes 二级 it must not be (e.g. where it sits)."""
        value = value or TargetValue()
        key = (name, f"{value.raw}|{'/'.join(exclude)}")
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        prediction = self._predict(name, value, exclude)
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[key] = prediction
        return prediction

    def _predict(self, name: str, value: TargetValue, exclude: tuple[str, ...]) -> Prediction:
        scores: dict[str, float] = {}
        reasons: dict[str, str] = {}
        for pattern, level2, weight in self.cues.name_cues:
            match = pattern.search(name)
            if match:
                if weight > scores.get(level2, 0.0):
                    reasons[level2] = match.group(0) or name
                scores[level2] = scores.get(level2, 0.0) + weight
        if self.cues.use_value_cues:
            for level2, weight in _value_cues(value):
                scores[level2] = scores.get(level2, 0.0) + weight
        if self.ngram and self.ngram_weight:
            for level2, p in self.ngram.probabilities(name).items():
                scores[level2] = scores.get(level2, 0.0) + self.ngram_weight * p
        for level2 in exclude:
            scores.pop(level2, None)
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        if not ranked or ranked[0][1] <= 0:
            return Prediction(None, 0.0, 0.0, "")
        best, score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        return Prediction(best, score, score - runner_up, reasons.get(best, ""))


def _value_cues(value: TargetValue) -> list[tuple[str, float]]:
    unit = value.unit or ""
    if value.kind is ValueKind.DEADLINE:
        return [(tx.TIMELINESS, 1.0)]
    if value.kind is not ValueKind.QUANTITATIVE:
        return []
    family = unit_family(unit)
    if family == "money":
        return [(tx.LEGACY_COST, 1.5)]
    if unit.startswith("%") or unit == "个百分点":
        return [(tx.QUALITY, 0.5)]
    if family == "count" and count_unit_of(unit, ""):  # a measure word: 件, 人次, 台, 株, 平方米 …
        return [(tx.QUANTITY, 1.0)]
    return []


_DEFAULT: Classifier | None = None


def default_classifier() -> Classifier:
    """The shared classifier (cue tables only; hints may add an n-gram model, see hints.py)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Classifier()
    return _DEFAULT
