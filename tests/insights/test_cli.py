from insights.__main__ import main


def test_publish_command_runs_on_a_fresh_database(isolated_database, capsys):
    assert main(["--db", str(isolated_database), "--today", "2026-11-25", "publish"]) == 0
    assert capsys.readouterr().out.strip() == "Published 0 round(s)."
    assert isolated_database.exists()  # migrated on the way
