import pytest

from sentiment.analysis import analyse
from sentiment.themes import detect_themes, taxonomy, theme_labels


def test_taxonomy_covers_the_survey_drivers():
    drivers = {driver for theme in taxonomy() for driver in theme.drivers}
    assert {
        "workload",
        "scheduling",
        "manager",
        "recognition",
        "growth",
        "mentorship",
        "tools",
        "communication",
        "cohesion",
        "burnout",
    } <= drivers
    assert len(theme_labels()) == 11


@pytest.mark.parametrize(
    "sentence, theme",
    [
        ("We are short-staffed again.", "workload_staffing"),
        ("My schedule changes every week.", "scheduling"),
        ("The pay is below other clinics.", "pay_benefits"),
        ("My supervisor never answers.", "manager_leadership"),
        ("Nobody thanks us.", "recognition"),
        ("The onboarding was rushed.", "training_growth"),
        ("My mentor is great.", "mentorship_support"),
        ("The EHR crashed twice today.", "tools_technology"),
        ("Callers shout at us.", "patients_callers"),
        ("Our huddles keep us informed.", "communication_teamwork"),
        ("I am burned out.", "wellbeing_burnout"),
    ],
)
def test_each_theme_is_detected(sentence, theme):
    assert theme in detect_themes(sentence)


def test_stems_cover_word_forms_and_word_starts_only():
    assert "scheduling" in detect_themes("Scheduling is chaos")
    assert "scheduling" in detect_themes("the schedulers are kind")
    assert "tools_technology" not in detect_themes("We discussed ecosystems")  # not a word start


def test_it_the_department_is_not_it_the_pronoun():
    assert "tools_technology" in detect_themes("IT never came to fix it.")
    assert "tools_technology" not in detect_themes("It never came to anything.")


def test_each_theme_carries_its_own_sentiment():
    result = analyse("My mentor is wonderful. The EHR is a disaster.")
    assert result.themes["mentorship_support"] > 0.3
    assert result.themes["tools_technology"] < -0.3
    assert result.sentences[1].themes == ("tools_technology",)


def test_sentence_without_a_theme_has_none():
    assert detect_themes("Thanks.") == ("recognition",)
    assert detect_themes("Nothing to add.") == ()
