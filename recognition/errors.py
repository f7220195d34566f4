"""The one error type pages show to people as it is."""


class RecognitionError(ValueError):
    """Input the rules refuse; the message says what to change. Nothing was stored."""
