"""The README's command list and URL table are checked against the code, so docs cannot drift."""

from __future__ import annotations

import re

from cli import main
from catalogue.settings import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def table_rows(heading: str) -> list[str]:
    section = README.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| ---")][1:]


def test_readme_gives_the_two_setup_commands():
    assert "make run" in README and "make test" in README


def test_readme_lists_every_cli_command_and_only_those():
    documented = {re.match(r"\| `symbios (\w+)", row).group(1) for row in table_rows("Command line") if row.startswith("| `symbios")}
    assert documented == set(main.commands)


def test_readme_gives_each_commands_options_and_choices_as_the_code_does():
    import click

    for row in table_rows("Command line"):
        usage = re.match(r"\| `symbios ([^`]+)`", row)
        if not usage:
            continue
        words = usage.group(1).replace("\\|", "|")
        command = main.commands[words.split()[0]]
        if isinstance(command, click.Group):
            command = command.commands[words.split()[1]]
        options = {opt: param for param in command.params for opt in [*param.opts, *param.secondary_opts]}
        for option in re.findall(r"--[\w-]+", words):
            assert option in options, f"README: symbios {words}: the command has no {option}"
        for option, choices in re.findall(r"(--[\w-]+) ([\w-]+(?:\|[\w-]+)+)", words):
            assert set(choices.split("|")) == set(options[option].type.choices), f"README: symbios {words}: {option}"


def test_readme_lists_every_setting_the_code_reads():
    source = (PROJECT_ROOT / "catalogue" / "settings.py").read_text(encoding="utf-8")
    in_code = set(re.findall(r'"(SYMBIOS_[A-Z_]+)"', source))
    in_readme = set(re.findall(r"`(SYMBIOS_[A-Z_]+)`", README))
    assert in_code == in_readme


def test_readme_url_table_matches_the_routes(client):
    documented = {re.match(r"\| `([^`]+)`", row).group(1) for row in table_rows("URLs")}
    served = set()
    for route in client.app.routes:
        nested = getattr(route, "original_router", None)
        served |= {r.path for r in nested.routes} if nested is not None else {route.path}
    assert documented <= served
    public = {p for p in served if not p.startswith(("/docs/", "/redoc"))}
    assert public - documented == set()


def test_ci_runs_the_readme_test_command():
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
