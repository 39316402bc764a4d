"""The command line: help texts, one-line usage errors, exit codes."""

from __future__ import annotations

import pytest

from flows.cli import build_parser, main


def test_help_explains_every_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert "run" in capsys.readouterr().out
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    for name, sub in subparsers.choices.items():
        with pytest.raises(SystemExit):
            main([name, "--help"])
        text = capsys.readouterr().out
        assert sub.description and sub.description.split()[0] in text
        if name == "run":
            for option in ("--raw", "--db", "--reports"):
                assert option in text


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["run", "--nope"], ["run", "--raw"]])
def test_usage_errors_are_one_line_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("hibah") and ": error: " in err


def test_missing_raw_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["run", "--raw", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nowhere" in err
