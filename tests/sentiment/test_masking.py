from sentiment.masking import EMAIL_MASK, NAME_MASK, PHONE_MASK, mask_names

ROSTER = ["Maria Lopez", "Bill Chen", "Grace O'Neil", "Jo Park"]


def test_full_names_first_names_and_surnames_are_masked():
    text = "Maria Lopez and bill chen helped. Bill was great. Thanks to Lopez and O'Neil!"
    masked = mask_names(text, ROSTER)
    for name in ("Maria", "Lopez", "bill chen", "Bill", "O'Neil"):
        assert name not in masked
    assert masked.count(NAME_MASK) == 5


def test_lower_case_first_names_that_are_ordinary_words_stay():
    masked = mask_names("The bill was wrong and grace periods are short. Grace helped.", ROSTER)
    assert masked == f"The bill was wrong and grace periods are short. {NAME_MASK} helped."


def test_possessives_keep_their_suffix():
    assert mask_names("Maria's desk", ROSTER) == f"{NAME_MASK}'s desk"


def test_names_inside_other_words_are_not_masked():
    assert mask_names("Jordan parked in the car park", ROSTER) == "Jordan parked in the car park"


def test_emails_and_phone_numbers_are_masked_whoever_they_belong_to():
    text = "Mail a.person@clinic.org or call 555-123-4567, (020) 7946 0958 or +44 20 7946 0958."
    masked = mask_names(text, [])
    assert masked == f"Mail {EMAIL_MASK} or call {PHONE_MASK}, {PHONE_MASK} or {PHONE_MASK}."


def test_dates_times_and_small_numbers_are_not_phone_numbers():
    text = "On 2026-11-18 we had 40 calls in 3.5 hours, queue 1200."
    assert mask_names(text, ROSTER) == text


def test_empty_text_and_empty_roster():
    assert mask_names("", ROSTER) == ""
    assert mask_names("Nothing personal here.", []) == "Nothing personal here."
