from tests.insights.fixtures import scored_demo, scored_demo_path  # noqa: F401
