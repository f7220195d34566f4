"""Bad input: no crash, a sensible label, and the text kept verbatim."""

import pytest

from sentiment.analysis import analyse
from sentiment.text import clean_markup, sentence_spans


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_empty_text_is_neutral_and_not_scored(text):
    result = analyse(text)
    assert (result.label, result.compound, result.scored, result.reason) == (
        "neutral",
        0.0,
        False,
        "empty",
    )
    assert result.sentences == ()


def test_punctuation_only_is_not_scored():
    result = analyse("?!... --- !!!")
    assert result.scored is False and result.reason == "no words" and result.label == "neutral"


def test_emoji_only_is_scored_through_their_names():
    happy = analyse("🙂🙂👍")
    sad = analyse("😡😭")
    assert happy.scored and happy.label == "positive"
    assert sad.scored and sad.label == "negative"
    assert happy.sentences[0].text == "🙂🙂👍"  # verbatim, not the words used for scoring


def test_unknown_symbols_only_give_neutral():
    result = analyse("⌘⌘⌘")
    assert result.label == "neutral" and result.compound == 0.0


def test_five_thousand_characters_are_split_and_scored():
    sentence = "The EHR keeps crashing and we are understaffed. "
    text = (sentence * (5000 // len(sentence) + 1))[:5000]
    result = analyse(text)
    assert result.label == "negative"
    assert len(result.sentences) >= 100
    assert all(text[s.start : s.end] == s.text for s in result.sentences)


def test_a_single_five_thousand_character_token_does_not_crash():
    result = analyse("a" * 5000)
    assert result.label == "neutral" and len(result.sentences) == 1


@pytest.mark.parametrize(
    "text",
    [
        "El sistema no funciona y estamos cansados todos los días",
        "Das System ist nicht gut und wir sind sehr müde",
        "Le système ne marche pas et nous sommes très fatigués",
        "系统一直崩溃，我们每天加班",
        "Система постоянно падает",
    ],
)
def test_non_english_text_is_not_scored_but_kept(text):
    result = analyse(text)
    assert result.label == "neutral" and result.scored is False and result.reason == "not English"


def test_english_with_one_foreign_word_is_still_scored():
    assert analyse("The team is great, muy bien.").scored is True


def test_html_is_scored_on_its_words_and_offsets_point_into_the_original():
    text = "<p>The <b>EHR</b> is <em>down again</em>.</p><p>I love my team!</p>"
    result = analyse(text)
    assert result.label == "mixed"
    for sentence in result.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    assert "tools_technology" in result.themes


def test_markdown_marks_do_not_change_the_score():
    plain = analyse("We are understaffed and exhausted. Please hire.")
    marked = analyse("**We are understaffed** and _exhausted_.\n- Please [hire](http://x.org).")
    assert plain.label == marked.label == "negative"
    assert clean_markup("**bold** `code` [link](http://a.b)").split() == ["bold", "code", "link"]


def test_non_string_input_is_treated_as_empty():
    assert analyse(None).reason == "empty"  # type: ignore[arg-type]


def test_sentence_spans_keep_abbreviations_and_decimals_together():
    text = "Dr. Smith said 3.5 hours is fine. Then he left!  Bye"
    spans = [text[a:b] for a, b in sentence_spans(text)]
    assert spans == ["Dr. Smith said 3.5 hours is fine.", "Then he left!", "Bye"]


def test_no_english_comment_of_the_labelled_sets_is_taken_for_another_language():
    from sentiment.analysis import unscored_reason
    from sentiment.evaluate import HOLDOUT_FILE, load_workplace

    reasons = {unscored_reason(e.text) for e in load_workplace() + load_workplace(HOLDOUT_FILE)}
    assert "not English" not in reasons
