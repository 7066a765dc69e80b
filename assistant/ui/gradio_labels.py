"""Gradio's own words on the page, in Chinese whatever the browser's language.

Gradio picks its interface language from the browser (an English browser shows "Drop File Here /
Click to Upload"). Its translation keys are overridden for every language it ships, so the page
reads the same for every user. A few words Gradio writes without a translation key (the
"processing | 1.6s" status, icon-button tooltips) are put into Chinese by a small script on the
page (`PAGE_JS`), which changes only those exact English strings.
"""

from __future__ import annotations

import json

# Every interface language Gradio 6 ships (its frontend falls back to the first part of a
# browser locale, then to English, so these cover every browser).
GRADIO_LOCALES: tuple[str, ...] = (
    "ar", "ca", "ckb", "de", "en", "es", "et", "eu", "fa", "fi", "fr", "he", "hi", "id", "ja", "ko",
    "lt", "nb", "nl", "pl", "pt", "pt-BR", "ro", "ru", "sv", "ta", "th", "tr", "uk", "ur", "uz",
    "zh-CN", "zh-TW",
)  # fmt: skip

# Gradio translation keys used by the components on this page → the words shown.
LABELS: dict[str, str] = {
    "upload_text.click_to_upload": "点击选择文件",
    "upload_text.drop_file": "把文件拖到这里",
    "upload_text.drop_csv": "把 CSV 文件拖到这里",
    "upload_text.paste_clipboard": "从剪贴板粘贴",
    "common.or": "或",
    "common.clear": "清除",
    "common.download": "下载",
    "common.download_all": "全部下载",
    "common.edit": "编辑",
    "common.empty": "空",
    "common.error": "出错了",
    "common.loading": "正在加载",
    "common.remove": "移除",
    "common.submit": "提交",
    "common.undo": "撤销",
    "common.settings": "设置",
    "common.share": "分享",
    "common.progress": "进度",
    "common.run": "运行",
    "common.complete": "完成",
    "common.upload": "上传",
    "chatbot.complete": "完成",
    "common.runs": "运行记录",
    "file.uploading": "正在上传…",
    "dataframe.new_row": "新增一行",
    "dataframe.new_column": "新增一列",
    "dataframe.add_row_above": "在上方插入一行",
    "dataframe.add_row_below": "在下方插入一行",
    "dataframe.delete_row": "删除此行",
    "dataframe.delete_column": "删除此列",
    "dataframe.add_column_left": "在左侧插入一列",
    "dataframe.add_column_right": "在右侧插入一列",
    "dataframe.sort_column": "排序",
    "dataframe.sort_ascending": "升序排列",
    "dataframe.sort_descending": "降序排列",
    "dataframe.clear_sort": "取消排序",
    "dataframe.drop_to_upload": "把 CSV 或 TSV 文件拖到这里导入表格",
    "dataframe.incorrect_format": "格式不对：只能导入 CSV 或 TSV 文件",
    "dropdown.dropdown": "下拉选择",
    "chatbot.copy_message": "复制这条消息",
    "chatbot.copied_message": "已复制",
    "chatbot.retry": "重试",
    "chatbot.undo": "撤销",
    "chatbot.clear": "清空对话",
    "chatbot.edit": "编辑",
    "chatbot.submit": "发送",
    "chatbot.cancel": "取消",
    "chatbot.like": "有帮助",
    "chatbot.dislike": "没帮助",
    "blocks.lost_connection": "与服务器的连接已断开，正在重新连接…",
    "blocks.waiting_for_inputs": "文件还在上传，请稍候再试。",
    "blocks.connection_can_break": "在手机上，切换到其他页面或锁屏可能会断开连接。",
    "blocks.long_requests_queue": "排队的请求较多，请稍候。",
    "status.queue_position": "排队中：第 {position} 位，共 {size} 位",
    "errors.connection_error": "连接出错，请刷新页面后重试。",
    "number.number": "数字",
    "plot.plot": "图表",
}

# Words Gradio writes with no translation key: exact English text (or a text pattern) → Chinese,
# for text nodes and the title / aria-label attributes of the page's own controls.
_TEXT: dict[str, str] = {
    "processing": "处理中",
    "Error": "出错了",
    "Copy": "复制",
    "Copied": "已复制",
    "Copied!": "已复制",
    "Download": "下载",
    "Fullscreen": "全屏",
    "Exit fullscreen mode": "退出全屏",
    "Exit fullscreen": "退出全屏",
    "Clear": "清除",
    "Remove": "移除",
    "Close": "关闭",
    "Search": "搜索",
    "Share": "分享",
    "Copy table data": "复制表格内容",
    "Copy to clipboard": "复制",
    "Undo": "撤销",
    "Retry": "重试",
    "Edit": "编辑",
    "Sort ascending": "升序排列",
    "Sort descending": "降序排列",
    "Clear sort": "取消排序",
    "Filter": "筛选",
    "Loading...": "正在加载…",
    "Loading": "正在加载",
    "Select all": "全选",
    "Expand": "展开",
    "Collapse": "收起",
    "Chatbot": "对话",
    "user's message": "您的消息",
    "bot's message": "助手的回复",
    "Scroll down": "滚动到底部",
    "Dataframe": "表格",
    "Number": "数字",
    "Plot": "图表",
    "Textbox": "文本框",
    "More tabs": "更多标签页",
    "chatbot conversation": "对话记录",
    "Table actions": "表格操作",
    "Open cell menu": "打开单元格菜单",
    "Static column": "只读列",
    "File upload": "上传文件",
    "Click to upload or drop files": "点击选择文件或把文件拖到这里",
    "Remove this file": "移除这个文件",
    "Select column": "选择列",
    "Select row": "选择行",
    "Select all rows": "选择所有行",
    "Sort": "排序",
    "Dropdown": "下拉选择",
    "Show password": "显示密码",
}

_PAGE_JS = """
() => {
  const words = __WORDS__;
  const attrs = ["title", "aria-label", "placeholder", "alt"];
  // "1.6s", "1.6/3.1s": Gradio's timers.
  const timer = /^(\\d+(?:\\.\\d+)?)(\\/(\\d+(?:\\.\\d+)?))?s$/;
  const phrase = (text) => {
    const t = text.trim();
    if (!t) return null;
    if (Object.prototype.hasOwnProperty.call(words, t)) return text.replace(t, words[t]);
    const m = t.match(timer);
    if (m) return text.replace(t, m[3] ? `${m[1]} / ${m[3]} 秒` : `${m[1]} 秒`);
    if (t.startsWith("processing")) return text.replace("processing", words["processing"]);
    const quoted = t.match(/^(user's message|bot's message): ([\\s\\S]*)$/);
    if (quoted) return `${words[quoted[1]]}：${quoted[2]}`;
    return null;
  };
  const fixText = (node) => {
    const parent = node.parentElement;
    // Text the user or a file gave (table cells, chat messages, the page's own panels) is never touched.
    if (!parent || parent.closest("textarea, input, [contenteditable=true], [role=gridcell], .message-content, [class*=jx-]")) return;
    const fixed = phrase(node.nodeValue);
    if (fixed !== null && fixed !== node.nodeValue) node.nodeValue = fixed;
  };
  const fixElement = (el) => {
    for (const a of attrs) {
      const v = el.getAttribute && el.getAttribute(a);
      if (v) { const fixed = phrase(v); if (fixed !== null && fixed !== v) el.setAttribute(a, fixed); }
    }
  };
  const walk = (root) => {
    if (root.nodeType === 3) { fixText(root); return; }
    if (root.nodeType !== 1) return;
    fixElement(root);
    const it = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    let n;
    while ((n = it.nextNode())) { if (n.nodeType === 3) fixText(n); else fixElement(n); }
  };
  walk(document.body);
  new MutationObserver((changes) => {
    for (const c of changes) {
      if (c.type === "characterData") fixText(c.target);
      else if (c.type === "attributes") fixElement(c.target);
      else c.addedNodes.forEach(walk);
    }
  }).observe(document.body, {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: attrs,
  });
}
"""
PAGE_JS = _PAGE_JS.replace("__WORDS__", json.dumps(_TEXT, ensure_ascii=False))


def translations() -> dict[str, dict[str, str]]:
    """The labels for every Gradio interface language (what `gr.I18n` takes)."""
    return {locale: dict(LABELS) for locale in GRADIO_LOCALES}
