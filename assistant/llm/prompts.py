"""Prompt files and untrusted text.

`load_prompt("draft_system", key=value)` reads prompts/draft_system.md and fills `{key}` placeholders
(only `{identifier}` forms, so JSON examples in a prompt need no escaping; `{{key}}` stays literal).

`DataFence` wraps untrusted text — a project description, the contents of a sheet — in a block whose
random boundary token the text cannot know in advance, and gives the system rule that says everything
inside such a block is data, never instructions. Marker look-alikes inside the text are neutralised.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from assistant import config

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


class PromptError(ValueError):
    """A prompt file is missing or a placeholder has no value (a programming error, message in Chinese)."""


def prompt_path(name: str, prompts_dir: Path | None = None) -> Path:
    if not re.fullmatch(r"[A-Za-z0-9_\-]+", name):
        raise PromptError(f"提示词名称不合法：{name!r}")
    return (prompts_dir or config.PROMPTS_DIR) / f"{name}.md"


def fill(template: str, /, **values: object) -> str:
    """Substitute `{name}` placeholders; `{{` and `}}` give literal braces; other braces are kept."""
    missing = sorted(
        {m.group(1) for m in _PLACEHOLDER.finditer(template) if m.group(1) and m.group(1) not in values}
    )
    if missing:
        raise PromptError(f"提示词缺少占位符的值：{', '.join(missing)}")

    def replace(match: re.Match[str]) -> str:
        if match.group(0) in ("{{", "}}"):
            return match.group(0)[0]
        return str(values[match.group(1)])

    return _PLACEHOLDER.sub(replace, template)


def load_prompt(name: str, prompts_dir: Path | None = None, /, **values: object) -> str:
    """The text of prompts/<name>.md with its placeholders filled (trailing whitespace trimmed)."""
    path = prompt_path(name, prompts_dir)
    try:
        template = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptError(f"找不到提示词文件：{path}") from None
    return fill(template, **values).strip()


# Anything that looks like one of our markers, whatever the token: <<<DATA …>>> / <<<END DATA …>>>.
_MARKER_LIKE = re.compile(r"<{2,}\s*/?\s*(?:END[\s_-]*)?DATA\b[^<>\n]{0,80}>{2,}", re.IGNORECASE)
NEUTRALISED = "[已移除的分隔标记]"


@dataclass(frozen=True)
class DataFence:
    """One random boundary for one request; use `rule()` in the system prompt, `wrap()` for data."""

    token: str = field(default_factory=lambda: secrets.token_hex(8))

    @property
    def begin(self) -> str:
        return f"<<<DATA {self.token}>>>"

    @property
    def end(self) -> str:
        return f"<<<END DATA {self.token}>>>"

    def neutralise(self, text: str) -> str:
        """`text` with marker look-alikes and the boundary token itself removed."""
        text = _MARKER_LIKE.sub(NEUTRALISED, text)
        return text.replace(self.token, NEUTRALISED)

    def wrap(self, text: str, label: str = "数据") -> str:
        """The untrusted `text` as a labelled, delimited data block."""
        return f"{label}：\n{self.begin}\n{self.neutralise(text)}\n{self.end}"

    def rule(self) -> str:
        """The system-prompt rule that makes the blocks data (from prompts/data_rule.md)."""
        return load_prompt("data_rule", begin=self.begin, end=self.end)
