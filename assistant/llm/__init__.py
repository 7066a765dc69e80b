"""LLM plumbing shared by the LLM drafter, the LLM critic and the UI.

- client: the ChatOpenAI for the configured OpenAI-compatible endpoint
- structured: `structured_call` — validated pydantic output, method fallback, re-asks, retries
- validators: checks beyond the schema (e.g. `require_chinese`)
- errors: `LLMUnavailable` / `LLMInvalidOutput`, each with a Chinese reason for a notice
- tokens: offline tiktoken, `count_tokens`, `fit_examples`, `prompt_budget`
- prompts: `load_prompt` for prompts/*.md, `DataFence` for untrusted text
- redact: secret masking for messages and logs

Modules are imported directly (e.g. `from assistant.llm.structured import structured_call`) so that
importing this package stays cheap for the offline paths.
"""
