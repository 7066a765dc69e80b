"""Driving the page in the browser tests: open a tab at a width, read tables, send chat messages, wait.

Every page opened here fails its test if it fetched anything from the network or if a script
dialog opened (text the user typed ran as code). Waits are on page elements, never sleeps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TIMEOUT_MS = 30_000
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


@contextmanager
def open_page(chromium, ui_url: str, viewport: dict | None = None, locale: str = "zh-CN") -> Iterator:
    context = chromium.new_context(viewport=viewport or DESKTOP, locale=locale, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    external: list[str] = []
    dialogs: list[str] = []
    context.on(
        "request",
        lambda r: external.append(r.url) if not r.url.startswith((ui_url, "data:", "blob:")) else None,
    )
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(ui_url)
    page.wait_for_selector("#draft-input textarea")
    try:
        yield page
    finally:
        context.close()
    assert external == [], f"the page fetched from the network: {external[:5]}"
    assert dialogs == [], f"text on the page ran as a script: {dialogs}"


def table_rows(page, selector: str) -> list[list[str]]:
    """The visible cells of a gr.Dataframe, row by row."""
    cells = page.eval_on_selector_all(
        f"{selector} [role=gridcell][data-row]",
        "els => els.map(e => [Number(e.dataset.row), Number(e.dataset.col), e.innerText.replace('⋮', '').trim()])",
    )
    rows: dict[int, dict[int, str]] = {}
    for row, col, text in cells:
        rows.setdefault(row, {})[col] = text
    return [[cols[c] for c in sorted(cols)] for _, cols in sorted(rows.items())]


def send(page, text: str) -> None:
    """Send a chat message and wait for the assistant's answer to it."""
    before = page.locator("#draft-chat [data-testid=bot]").count()
    page.fill("#draft-input textarea", text)
    page.click("#draft-send")
    page.wait_for_function(
        "n => document.querySelectorAll('#draft-chat [data-testid=bot]').length > n", arg=before
    )


def last_reply(page) -> str:
    return page.locator("#draft-chat [data-testid=bot]").last.inner_text()


def wait_for_cell(page, selector: str, row: int, col: int, pattern: str) -> None:
    page.wait_for_function(
        '([sel, r, c, p]) => { const e = document.querySelector(`${sel} [data-testid="cell-${r}-${c}"]`);'
        " return e && new RegExp(p).test(e.innerText); }",
        arg=[selector, row, col, pattern],
    )


def edit_cell(page, selector: str, row: int, col: int, text: str) -> None:
    """Type into a table cell as a user does: double-click, replace the text, Enter."""
    page.locator(f'{selector} [data-testid="cell-{row}-{col}"]').dblclick()
    editor = page.locator(f'{selector} [data-testid="cell-{row}-{col}"] textarea')
    editor.fill(text)
    editor.press("Enter")


def score_of(page, selector: str) -> str:
    return page.inner_text(f"{selector} .jx-score-num").strip()


def wait_for_findings_of_shown_sheet(page) -> None:
    """The findings list is drawn after the table; wait until it is the list of the sheet shown."""
    page.wait_for_function(
        "() => { const t = document.querySelector('#review-legend .jx-legend-row');"
        " const f = document.querySelector('#review-findings .jx-finding');"
        " return t && f && t.dataset.stamp === f.dataset.stamp; }"
    )


def review_stamp(page) -> str:
    return page.get_attribute("#review-legend .jx-legend-row", "data-stamp") or ""


def wait_for_new_stamp(page, old: str) -> None:
    page.wait_for_function(
        "s => { const e = document.querySelector('#review-legend .jx-legend-row');"
        " return e && e.dataset.stamp !== s; }",
        arg=old,
    )
    wait_for_findings_of_shown_sheet(page)


def download(page, selector: str, dest: Path) -> Path:
    with page.expect_download() as info:
        page.click(selector)
    target = dest / info.value.suggested_filename
    info.value.save_as(target)
    return target


def run_batch(page, files: list[Path]) -> None:
    """Upload files on the batch tab, wait until all are uploaded, score them, wait for the results."""
    page.get_by_role("tab", name="批量评分").click()
    page.set_input_files("#batch-upload input[type=file]", [str(f) for f in files])
    page.wait_for_function(
        "n => document.querySelectorAll('#batch-upload a[download]').length === n", arg=len(files)
    )
    page.click("#batch-run")
    page.wait_for_selector("#batch-summary .jx-stats")


def draft(page, description: str) -> None:
    send(page, description)
    page.wait_for_selector("#draft-score .jx-score-num")


# Latin words the page may show: product and format names, units, and text the user or a file gave.
ALLOWED_LATIN = re.compile(
    r"^(Excel|Word|PDF|JSON|CSV|TSV|zip|xlsx|docx|json|txt|csv|md|MB|KB|B|LLM|API|Ctrl|C)$"
)


def english_on_page(page, skip: tuple[str, ...] = (), names: tuple[str, ...] = ()) -> list[str]:
    """Visible text and title / aria-label / placeholder attributes with an English word in them,
    leaving out the allowed names, what sits inside `skip` selectors (user and file text) and the
    file `names` the user uploaded (a notice may quote them)."""
    found = page.evaluate(
        """(skip) => {
          const out = [];
          const visible = (e) => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
            return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
          const skipped = (e) => skip.some((sel) => e.closest(sel));
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
          let n;
          while ((n = walker.nextNode())) {
            if (n.nodeType === 3) {
              const p = n.parentElement;
              if (p && !p.closest('script, style') && !skipped(p) && visible(p)) out.push(n.textContent);
            } else if (!skipped(n)) {
              for (const a of ['title', 'aria-label', 'placeholder']) {
                const v = n.getAttribute(a); if (v) out.push(v);
              }
            }
          }
          return out;
        }""",
        list(skip),
    )
    bad = []
    for text in found:
        for name in names:
            text = text.replace(name, "")
        words = re.findall(r"[A-Za-z]{2,}", text)
        if any(not ALLOWED_LATIN.match(w) for w in words):
            bad.append(text.strip()[:80])
    return sorted(set(bad))
