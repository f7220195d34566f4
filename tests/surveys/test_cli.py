import datetime as dt

from surveys.__main__ import main
from surveys.answering import open_invitation
from tests.surveys.helpers import small_org


def test_cadence_and_link_commands(db, isolated_database, capsys, monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.delenv("VITALS_BASE_URL", raising=False)
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


def test_links_follow_port_unless_a_base_url_is_set_and_a_bad_port_issues_nothing(
    db, isolated_database, capsys, monkeypatch
):
    small_org(db)
    base = ["--db", str(isolated_database), "--today", "2026-11-25"]
    assert main([*base, "cadence"]) == 0
    link = [*base, "link", "--email", "cy@x.example"]
    monkeypatch.delenv("VITALS_BASE_URL", raising=False)
    monkeypatch.setenv("PORT", "8611")  # make run PORT=8611 / make link PORT=8611
    assert main(link) == 0
    assert "http://localhost:8611/?invite=" in capsys.readouterr().out
    monkeypatch.setenv("VITALS_BASE_URL", "http://192.168.1.20:8611/")  # a phone on the LAN
    assert main(link) == 0
    assert "http://192.168.1.20:8611/?invite=" in capsys.readouterr().out
    monkeypatch.delenv("VITALS_BASE_URL")
    monkeypatch.setenv("PORT", "eighty")
    issued = db.execute("SELECT count(*) FROM invitation_tokens").fetchone()[0]
    assert main(link) == 1
    assert "PORT must be a port number" in capsys.readouterr().err
    assert db.execute("SELECT count(*) FROM invitation_tokens").fetchone()[0] == issued
