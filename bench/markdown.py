"""Render known pathological Markdown at the length limits and print each time.

    .venv/bin/python bench/markdown.py            # at 10,000 characters (the limits)
    .venv/bin/python bench/markdown.py --length 100000 --repeat 3

Each input is a shape that made some Markdown parser slow (quadratic or worse): long
runs of brackets, emphasis and backticks, deep nesting, huge tables, many or long link
references. The time is the full path a page takes, community.markup.render_markdown:
the parser, then the sanitiser. The target is under 50 ms each at the length limits;
tests/community/test_markdown_pathological.py renders the same corpus (without timing).
"""

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

TARGET_MS = 50
DEFAULT_LENGTH = 10_000  # the largest limit of a rendered field (README.md, "Limits")


def _fill(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def _half(opening: str, closing: str, length: int) -> str:
    half = length // 2
    return _fill(opening, half) + _fill(closing, length - half)


def _table(columns: int, length: int) -> str:
    """A header of ``columns`` cells, then as many one-cell rows as fit: every row is
    padded to the header's width, so the output grows with columns x rows."""
    head = "|" + "a|" * columns + "\n|" + "-|" * columns + "\n"
    return head + _fill("|a\n", max(length - len(head), 0))


def _link_references(length: int) -> str:
    definitions, uses, n = [], [], 0
    while sum(map(len, definitions)) + sum(map(len, uses)) < length:
        definitions.append(f"[r{n}]: https://example.com/{n}\n")
        uses.append(f"[r{n}] ")
        n += 1
    return ("".join(definitions) + "\n" + "".join(uses))[:length]


def pathological_inputs(length: int = DEFAULT_LENGTH) -> dict[str, str]:
    """Name → Markdown text of ``length`` characters (or just under)."""
    long_label = "[" + "x" * 998 + "]"
    return {
        "open brackets [[[": _fill("[", length),
        "close brackets ]]]": _fill("]", length),
        "nested brackets [[[…]]]": _half("[", "]", length),
        "alternating ][": _fill("][", length),
        "image openers ![![": _fill("![", length),
        "link openers [a](": _fill("[a](", length),
        "unclosed link destinations [a](<": _fill("[a](<", length),
        "nested links [[[a](b)](c)]": _half("[", "a](b)", length),
        "emphasis stars ***": _fill("*", length),
        "emphasis openers *a **a": _fill("*a **a ", length),
        "underscores a_": _fill("a_", length),
        "mixed emphasis *_**__": _fill("*_**__a", length),
        "strikethrough ~~a": _fill("~~a ", length),
        "backtick runs ```": _fill("`", length),
        "growing backtick runs": "".join("`" * n + "a" for n in range(1, 200))[:length],
        "unclosed code spans `a": _fill("`a ", length),
        "nested blockquotes >>>": _fill(">", length),
        "nested blockquotes > > >": _fill("> ", length),
        "nested lists - - -": _fill("- ", length),
        "lists in quotes - > - >": _fill("- > ", length),
        "nested emphasis ***a***": _fill("*", length // 2) + "a" + _fill("*", length // 2 - 1),
        "indented nested lists": "".join("  " * n + "- a\n" for n in range(length))[:length],
        "ordered list nesting 1. 1.": _fill("1. ", length),
        "wide table (1,000 columns)": _table(1_000, length),
        "tall table (2 columns)": _table(2, length),
        "padded table (19 columns)": _table(19, length),
        "table padding (columns x rows)": _table(length // 8, length),
        "table of pipes |||": _fill("|", length // 2) + "\n" + _fill("-|", length // 2 - 1),
        "many link references": _link_references(length),
        "long link reference labels": _fill(long_label + ": https://example.com\n", length),
        "undefined long references": _fill(long_label + " ", length),
        "autolink openers <<<": _fill("<", length),
        "bare www. links": _fill("www.", length),
        "bare e-mail autolinks a@": _fill("a@a.", length),
        "html openers <a ": _fill("<a ", length),
        "raw html nesting <div><div>": _fill("<div>", length),
        "raw html at the tag cap": "<div>" * 100 + _fill(" a", length - 500),
        "misnested raw tags <b><i></b></i>": _fill("<b><i>a</b></i>", length),
        "misnested at the tag cap": _fill("<b><i>a</b></i>", 750) + _fill(" a", length - 750),
        "html comments <!--": _fill("<!--", length),
        "cdata openers <![CDATA[": _fill("<![CDATA[", length),
        "entity openers &#": _fill("&#", length),
        "escapes \\\\\\": _fill("\\", length),
        "atx headings ###": _fill("#", length),
        "setext headings": _fill("a\n=\n", length),
        "hard breaks": _fill("a  \n", length),
        "fences ```\\n": _fill("```\n", length),
        "everything *[`!<&_~|": _fill("*[`!<&_~|\\", length),
    }


def time_render(render, text: str, repeat: int) -> float:
    """The fastest of ``repeat`` renders, in milliseconds of this process's CPU time
    (the machine may be shared; wall-clock time would measure the neighbours)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        render(text)
        best = min(best, time.process_time() - start)
    return best * 1000


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--length", type=int, default=DEFAULT_LENGTH)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
    from django.utils.html import escape, linebreaks

    from community.markup import RENDERER, render_markdown

    # Text past the guards is shown escaped, and each time says so in the log.
    logging.getLogger("community.markup").setLevel(logging.ERROR)

    print(f"Markdown rendering ({RENDERER}), {args.length:,} characters, best of {args.repeat}")
    print(f"{'input':36} {'chars':>7} {'ms':>8} {'HTML bytes':>11}  shown as")
    times = []
    for name, text in pathological_inputs(args.length).items():
        ms = time_render(render_markdown, text, args.repeat)
        times.append(ms)
        flag = "" if ms < TARGET_MS else f"  over {TARGET_MS} ms"
        html = str(render_markdown(text))
        shown = "text" if html == linebreaks(escape(text)) else "markup"
        print(f"{name:36} {len(text):7,} {ms:8.2f} {len(html.encode()):11,}  {shown}{flag}")
    print(
        f"slowest {max(times):.2f} ms, median {statistics.median(times):.2f} ms; "
        f"{sum(t >= TARGET_MS for t in times)} of {len(times)} over {TARGET_MS} ms"
    )
    return 0 if max(times) < TARGET_MS or args.length != DEFAULT_LENGTH else 1


if __name__ == "__main__":
    sys.exit(main())
