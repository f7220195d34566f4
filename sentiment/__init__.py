"""Comment sentiment and themes: offline VADER tuned for healthcare back-office language.

Entry points: ``sentiment.analysis.analyse`` (one text), ``sentiment.store.score_comment`` /
``score_pending`` / ``rescore_all`` (database), ``sentiment.red_flags.red_flag_queue`` (HR),
``sentiment.masking.mask_names`` (before leaders read a comment). See docs/SENTIMENT.md.
"""
