"""MkDocs hook: show doctest examples in docstrings as Python console code.

Docstrings in ``src/`` carry ``>>>`` examples that pytest runs. Rendered as
plain Markdown they would read as prose (and ``[...]`` in their output as
links), so this hook adds a Markdown preprocessor that wraps each run of
``>>>`` lines and their output, up to the next blank line, in a ``pycon``
fence. Lines already inside a fence are left alone.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from mkdocs.plugins import event_priority

_FENCE = re.compile(r"^\s*(```|~~~)")
_PROMPT = re.compile(r"^(\s*)>>>( |$)")


class _DoctestFences(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        in_fence = in_example = False
        for line in lines:
            if in_example and not line.strip():
                out.extend(["```", line])
                in_example = False
                continue
            if not in_example and _FENCE.match(line):
                in_fence = not in_fence
            elif not in_fence and not in_example and (prompt := _PROMPT.match(line)):
                out.extend(["", prompt.group(1) + "```pycon"])
                in_example = True
            out.append(line)
        if in_example:
            out.append("```")
        return out


class DoctestFencesExtension(Extension):
    """The Markdown extension that registers the preprocessor."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_DoctestFences(md), "doctest_fences", 40)


@event_priority(100)
def on_config(config: Any) -> Any:
    """Add the extension before mkdocstrings reads the Markdown configuration."""
    config.markdown_extensions.append(DoctestFencesExtension())
    return config
