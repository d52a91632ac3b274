"""render/markdown.py: pages to share; every data string escaped, links that cannot break."""

from __future__ import annotations

from conftest import TODAY, make_program

from hcai_path.render import Context, Format, formatter
from hcai_path.render.fields import DETAIL_FIELDS
from render.programs import COMPUTED, COMPUTED_ELIGIBILITY, COST_NOTE, DURATION_NOTE, FRESH, ODD

CTX = Context(today=TODAY)
MD = formatter(Format.MARKDOWN)
HEADER = (
    "| Program | Provider | Credential | Delivery | Duration | Cost (USD) | Verified |\n"
    "|---|---|---|---|---|---|---|\n"
)


def test_programs_markdown_exact() -> None:
    """Grouped by type in catalog order; markup in data escaped; stale marked in words."""
    assert MD.programs([FRESH, ODD, COMPUTED], CTX) == (
        "# hcai-path catalog\n"
        "3 programs; 1 stale as of 2026-06-01 (verified over 18 months earlier).\n"
        "\n## Professional (2)\n\n" + HEADER
        + "| [Program One](<https://one.example.org/>) `p1` | Provider One | certificate | online"
        " | 3 mo | $100 | [2026-01-01](<https://one.example.org/src>) |\n"
        "| [Three](<https://three.example.org/>) `p3` | P | certificate | online | 12 mo | $1,250"
        " | [2026-01-01](<https://three.example.org/>) |\n"
        "\n## Academic (1)\n\n" + HEADER
        + "| [Two \\[bold\\]x\\[/bold\\] \\| y](<https://one.example.org/>) `p2` | =Evil | masters"
        " | hybrid | unknown | unknown | [2019-01-01 (stale)](<https://one.example.org/src>) |\n"
    )  # fmt: skip


def test_markdown_url_cannot_break_the_table() -> None:
    """A `|` or `>` in a URL would end the cell or the link; they are percent-encoded."""
    p = make_program(url="https://x.org/a|b>c", source="https://x.org/s<t")
    row = str(MD.programs([p], CTX)).splitlines()[-1]
    assert "(<https://x.org/a%7Cb%3Ec>)" in row
    assert "(<https://x.org/s%3Ct>)" in row
    assert row.count(" | ") == 6


def test_program_markdown_exact() -> None:
    assert MD.program(ODD, CTX) == (
        "## Two \\[bold\\]x\\[/bold\\] \\| y\n\n"
        "- **id**: p2\n"
        "- **name**: Two \\[bold\\]x\\[/bold\\] \\| y\n"
        "- **provider**: =Evil\n"
        "- **type**: academic\n"
        "- **credential**: masters\n"
        "- **delivery**: hybrid\n"
        "- **topics**: informatics, data-science\n"
        "- **roles**: clinician\n"
        "- **prerequisites**: tab\\\\there\\\\nnewline \\\\ back\n"
        "- **url**: https://one.example.org/\n"
        "- **source**: https://one.example.org/src\n"
        "- **verified**: 2019-01-01 (stale: verified over 18 months ago)\n"
        "- **recognition**: degree\n"
        "- **country**: GB\n"
        "- **languages**: en, cy\n"
        "- **status**: paused\n"
        "- **status_note**: next intake\\\\t2027\n"
        "- **duration**: unknown\n"
        "- **duration_basis**: \n"
        "- **cost**: unknown (not published)\n"
        "- **price**: \n"
        "- **cost_usd_international**: \n"
        "- **price_international**: \n"
        "- **cost_basis**: all\n"
        "- **eligibility**: roles: nurse; degrees: nursing-bachelors; "
        "at least 2 years of experience; two years\n"
        "- **awards**: masters\n"
        "- **counts_toward**: none\n"
        "- **prepares_for**: none\n"
        "- **cost_estimated**: false\n"
        "- **duration_estimated**: false\n"
    )
    computed = str(MD.program(COMPUTED, CTX))
    assert f"- **duration**: 12 mo ({DURATION_NOTE})\n" in computed
    assert f"- **cost**: $1,250 ({COST_NOTE})\n" in computed
    assert f"- **eligibility**: {COMPUTED_ELIGIBILITY}\n" in computed
    assert '- **price**: \\{"amount":1000,"currency":"GBP","per":"year","units":1\\}' in (computed)


def test_compare_markdown_exact() -> None:
    lines = str(MD.compare([FRESH, ODD], CTX)).splitlines()
    assert lines[:4] == [
        "| field | p1 | p2 |",
        "|---|---|---|",
        "| id | p1 | p2 |",
        "| name | Program One | Two \\[bold\\]x\\[/bold\\] \\| y |",
    ]
    assert "| verified | 2026-01-01 | 2019-01-01 (stale: verified over 18 months ago) |" in lines
    assert len(lines) == 2 + len(DETAIL_FIELDS)


def test_records_markdown_exact() -> None:
    rows = [["nurse", ["rn", "nursing"], "a nurse"], ["x", [], 'm|n, "q"\tt']]
    assert MD.records(["id", "aliases", "meaning"], rows, CTX) == (
        "| id | aliases | meaning |\n|---|---|---|\n| nurse | rn;nursing | a nurse |\n"
        '| x |  | m\\|n, "q"\\\\tt |\n'
    )
