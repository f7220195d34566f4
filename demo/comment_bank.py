"""Sentences in the voice of back-office staff, grouped by theme and tone.

The generator combines one or two of these (sometimes a positive and a negative one joined by
"but") so comments vary and carry the stories the demo is built to tell. Some complaints are
calm (no strong word: VADER alone reads them neutral), so a leader can see the needs-attention
model put them among the negative comments (issue 19). Replace a sentence rather than add one:
the generator's random choices, and so every demo figure, depend on the list lengths.
"""

NEGATIVE = {
    "workload": [
        "We are so understaffed that nobody can take a lunch break.",
        "Since the two positions were cut the backlog keeps growing.",
        "The denials backlog is over three weeks now and it is just the four of us.",
        "Mandatory overtime again this week.",
        "Nobody is covering when someone calls out, so the rest of us absorb it.",
        "I stay late every night to keep up with the claims queue.",
        "Call volume on Mondays is impossible with the staff we have.",
    ],
    "burnout": [
        "I am exhausted and honestly thinking about leaving.",
        "I feel burned out and drained by the end of every shift.",
        "People are crying at their desks and nobody upstairs notices.",
        "I dread Mondays now.",
    ],
    "tools": [
        "The EHR keeps crashing and I lose my work.",
        "The phone system drops calls and patients blame us.",
        "The system was down for two hours and we had to reschedule everything by hand.",
        "The new portal logs us out every hour.",  # calm: only the attention model hears it
        "Patients wait on hold for twenty minutes because the queue software is broken.",
    ],
    "scheduling": [
        "My schedule changes with one day notice, which makes childcare impossible.",
        "Getting time off approved takes weeks.",
        "The template changes from the clinic come in without warning.",
    ],
    "manager": [
        "My supervisor is never available when we need a decision.",
        "We only hear from management when something goes wrong.",
    ],
    "pay": [
        "The pay has not kept up with what the hospital down the road offers.",
        "We were promised a raise last year and it never happened.",
    ],
    "communication": [
        "The front office and the clinicians never tell us when they change the schedule.",
        "We find out about policy changes from patients.",
    ],
    "patients": [
        "Callers are angry about wait times and take it out on us.",
        "Patients are frustrated about surprise bills and we have no answers for them.",
    ],
    "training": [
        "New starters get two days of training before they take calls.",  # calm
        "Nobody explained the new payer rules, we are guessing.",
    ],
}

POSITIVE = {
    "mentorship": [
        "The new mentorship programme has made a real difference for me.",
        "My mentor helped me finally understand the release workflow.",
        "Pairing new hires with experienced staff was a great idea.",
        "I feel like I have someone to ask now instead of guessing.",
    ],
    "team": [
        "I love my team, we really have each other's backs.",
        "My coworkers are the best part of this job.",
        "Great teamwork this week during the flu clinic rush.",
    ],
    "manager": [
        "My supervisor listens and actually follows up.",
        "I feel heard when I raise a problem.",
        "My manager has been flexible with my hours and I appreciate it.",
    ],
    "recognition": [
        "It was nice to be thanked in the huddle for clearing the referral queue.",
        "I feel appreciated here.",
    ],
    "training": [
        "The coding refresher training was really useful.",
        "I am learning a lot and I can see a path to grow here.",
    ],
    "tools": [
        "The new scheduling tool saves me a lot of clicks.",
        "The automated reminders cut our no-shows, thank you.",
    ],
    "scheduling": [
        "The new flexible schedule is a big improvement.",
        "Being able to swap shifts in the app has helped my family a lot.",
    ],
    "patients": [
        "A patient thanked me today for sorting out her referral, it made my week.",
        "Helping patients get their authorisations approved is why I do this.",
    ],
}

NEUTRAL = [
    "No major issues this week.",
    "Same as last week.",
    "Busy week but manageable.",
    "Nothing to add.",
    "Looking forward to the new phone system training next month.",
]

RED_FLAG = [
    "A caller threatened me on the phone and I did not feel safe walking to my car.",
    "I have been harassed by someone on another team and I do not know who to tell.",
]

NOMINATION_MESSAGES = [
    "Thank you for covering my calls while I was out, you kept the whole queue under control.",
    "You untangled a denial that had been stuck for months and got the patient's bill fixed.",
    "You stayed calm with a very upset caller and turned the conversation around.",
    "Thanks for training me on the new authorisation portal, you were so patient with me.",
    "You caught a coding error before it went out and saved us a rework cycle.",
    "You went above and beyond to find a same-day slot for a worried patient.",
    "Your mentoring has made our new hires confident in weeks instead of months.",
    "Thank you for jumping in to help the front desk during the flu clinic rush.",
    "You rebuilt the referral tracker and now nothing slips through the cracks.",
    "You always share what you learn from payer updates with the whole team.",
]
