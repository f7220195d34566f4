"""Recognition: the organisation's values, nominations, the feed, monthly awards and insight.

Recognition is not anonymous (people sign their nominations), so it does not pass through the
survey privacy guard; scope still applies: leaders see private recognition and awards only for
the teams they lead. Every rule that can refuse input raises ``RecognitionError`` with a
message meant for the person who typed it, and nothing is stored.
"""

from recognition.errors import RecognitionError

__all__ = ["RecognitionError"]
