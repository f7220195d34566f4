import datetime as dt

from surveys.__main__ import main
from surveys.answering import open_invitation
from tests.surveys.helpers import small_org


def test_cadence_and_link_commands(db, isolated_database, capsys):
    small_org(db)
    assert main(["--db", str(isolated_database), "--today", "2026-11-25", "cadence"]) == 0
    out = capsys.readouterr().out
    assert "Weekly pulse, week of 23 Nov 2026" in out
    assert main(["--db", str(isolated_database), "--today", "2026-11-25", "cadence"]) == 0
    assert "Created 0 round(s)" in capsys.readouterr().out

    args = [
        "--db",
        str(isolated_database),
        "--today",
        "2026-11-25",
        "link",
        "--email",
        "cy@x.example",
    ]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    token = lines[-1].split("?invite=", 1)[1]
    assert lines[-1].startswith("Weekly pulse, week of 23 Nov 2026: http://localhost:8501/?invite=")
    assert open_invitation(db, token, dt.date(2026, 11, 25)).title.startswith("Weekly pulse")

    assert main([*args[:-1], "nobody@x.example"]) == 1
    assert "No one on the roster" in capsys.readouterr().err


def test_link_without_an_email_picks_someone_or_explains_weekends(db, isolated_database, capsys):
    small_org(db)
    db.execute("UPDATE survey_cadences SET active = 0 WHERE kind = 'onboarding'")
    base = ["--db", str(isolated_database)]
    assert main([*base, "--today", "2026-11-25", "cadence"]) == 0
    assert main([*base, "--today", "2026-11-25", "link"]) == 0
    out = capsys.readouterr().out
    assert "Personal link for ann@x.example:" in out and "?invite=" in out
    assert main([*base, "--today", "2026-11-28", "link"]) == 1
    assert "open Monday to Friday" in capsys.readouterr().err
