"""HTML → text and the mentions_ai flag."""

from __future__ import annotations

import polars as pl
import pytest

from pipelines.fields.text import html_to_text, mentions_ai, mentions_ai_expr


def test_entity_escaped_greenhouse_content():
    escaped = (
        "&lt;div class=&quot;content-intro&quot;&gt;&lt;p&gt;We build tools.&lt;/p&gt;&lt;/div&gt;"
        "&lt;h2&gt;About&lt;/h2&gt;&lt;ul&gt;&lt;li&gt;Ship&lt;/li&gt;&lt;li&gt;Test &amp;amp; learn&lt;/li&gt;"
        "&lt;/ul&gt;&lt;p&gt;Equal&amp;nbsp;opportunity&lt;/p&gt;"
    )
    assert html_to_text(escaped) == "We build tools.\n\nAbout\n- Ship\n- Test & learn\n\nEqual opportunity"


def test_plain_html_blocks_do_not_glue_words():
    assert html_to_text("<p>Join our teams.</p><p>AI is core.</p>") == "Join our teams.\nAI is core."
    assert mentions_ai(html_to_text("<p>teams.</p><p>AI</p>"))


def test_scripts_and_styles_dropped_and_plain_text_kept():
    assert html_to_text("<style>p{}</style><p>Hi<br>there</p><script>x()</script>") == "Hi\nthere"
    assert html_to_text("Fish & chips") == "Fish & chips"
    assert html_to_text("") == ""
    assert html_to_text(None) is None


def test_malformed_and_control_characters():
    assert html_to_text("<p>unclosed <b>bold\x00 text") == "unclosed bold text"


@pytest.mark.parametrize(
    "text",
    [
        "Machine Learning Engineer",
        "Senior AI Engineer",
        "ML Platform",
        "LLM Evaluation",
        "GenAI Lead",
        "Research Scientist, Generative Models",
        "deep learning on GPUs",
        "A.I. safety",
        "AI/ML Infra",
        "large language models",
        "We use AI-powered tools",
        "Sr. Engineer, Ai Platform",
        "OpenAI API",
        "computer vision",
        "MLOps Engineer",
        "natural language processing",
    ],
)
def test_mentions_ai_hits(text):
    assert mentions_ai(text)


@pytest.mark.parametrize(
    "text",
    [
        "Email Marketing Manager",
        "Maintain our systems",
        "Thai speaker",
        "HTML and YAML",
        "Chair",
        "Paint",
        "Mail room",
        "said",
        "AIDS awareness",
        "ml of water",
        "aim high",
        "Detail-oriented",
        "Sustainability Analyst",
        "Retail Associate",
        "",
        None,
    ],
)
def test_mentions_ai_misses(text):
    assert not mentions_ai(text)


def test_expr_matches_scalar_and_ors_columns():
    frame = pl.DataFrame(
        {
            "title": ["Email Manager", "AI Engineer", None, "Support"],
            "body": ["maintain things", None, "machine learning", None],
        }
    )
    out = frame.select(mentions_ai_expr("title", "body").alias("m"))["m"].to_list()
    assert out == [False, True, True, False]
    for title, body, hit in zip(frame["title"], frame["body"], out, strict=True):
        assert hit == (mentions_ai(title) or mentions_ai(body))
    with pytest.raises(ValueError):
        mentions_ai_expr()


def test_unclosed_paragraphs_start_lines():
    # HN comments separate paragraphs with bare <p>: words must not glue together
    assert html_to_text("Engineer<p>We build things<p>Apply") == "Engineer\nWe build things\n\nApply"
