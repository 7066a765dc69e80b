"""Where a drafted value came from, in the few words of the 依据 column (page, .xlsx, .docx)."""

from __future__ import annotations

from assistant.schema import Indicator, Sheet, ValueBasis

BASIS_HEADER = "依据"
CONFIRM = "请确认"


def basis_label(indicator: Indicator) -> str:
    """ "取自描述", "参照：某项目", "由资金测算", "默认值·请确认", "用户修改"…; "" for a row read from a file."""
    p = indicator.provenance
    if p is None or p.basis is None:
        return ""
    if p.basis is ValueBasis.DESCRIPTION:
        label = "取自描述"
    elif p.basis is ValueBasis.SIMILAR:
        label = f"参照：{_short(p.project_name)}" if p.project_name else "参照相似项目"
    elif p.basis is ValueBasis.FUNDS:
        label = "由资金测算"
    elif p.basis is ValueBasis.DEFAULT:
        label = "默认值"
    elif p.basis is ValueBasis.USER:
        label = "用户添加" if p.note and "添加" in p.note else "用户修改"
    else:  # ValueBasis.LLM
        label = "大模型建议"
    if p.needs_confirmation:
        label += f"·{CONFIRM}"
    return label


def _short(name: str, limit: int = 18) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def has_basis(sheet: Sheet) -> bool:
    """True for a drafted sheet: some row carries where its value came from."""
    return any(i.provenance is not None and i.provenance.basis is not None for i in sheet.indicators)


def to_confirm(sheet: Sheet) -> int:
    return sum(bool(i.provenance and i.provenance.needs_confirmation) for i in sheet.indicators)


def basis_note(sheet: Sheet) -> str:
    """The note under an exported drafted table (it starts with 注： so readers stop before it)."""
    n = to_confirm(sheet)
    confirm = f"标“{CONFIRM}”的 {n} 项是估计值，请按实际情况核对后再报送。" if n else "各项数值均已确认。"
    return f"注：“{BASIS_HEADER}”列说明每项指标值的来源（取自描述、参照相似项目、由资金测算、默认值或用户修改）；{confirm}"
