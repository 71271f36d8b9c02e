"""The ``geonews`` command as a whole: version, help a person reads, typer's own errors,
shell completion, and one typer app per command module."""

import os
import re
import shlex
import subprocess
import sys

import pytest
import typer

from geonews import __version__
from geonews.cli import app, batch, cache, extract, gazetteer, geocode, overlay, serve
from geonews.cli import map as map_module

MODULES = [extract, map_module, geocode, overlay, gazetteer, batch, serve, cache]


def _commands(group, path=()):
    """(path, click command) of every command under ``group``, groups included."""
    import typer.main

    cmd = typer.main.get_command(group) if isinstance(group, typer.Typer) else group
    yield path, cmd
    for name, sub in getattr(cmd, "commands", {}).items():
        yield from _commands(sub, (*path, name))


def test_version_prints_the_version_alone(geonews_cli):
    run = geonews_cli("--version")
    assert run.code == 0, run.err
    assert run.out == f"{__version__}\n"


@pytest.mark.parametrize("path", [p for p, _ in _commands(app)], ids=" ".join)
def test_help_shows_metavars_a_person_reads(geonews_cli, path):
    run = geonews_cli(*path, "--help")
    assert run.code == 0, run.err
    # Python annotations (<list[Path]>, <str>, <int range>) and typer's {name} markers.
    leaked = re.findall(r"<(?:list\[|str>|path>|int|float|file>)|\{\w|\w\}", run.out)
    assert not leaked, (leaked, run.out)


def test_arguments_are_named_in_capitals(geonews_cli):
    assert "Usage: geonews extract [OPTIONS] FILE..." in geonews_cli("extract", "--help").out
    assert "Usage: geonews geocode [OPTIONS] [NAME...]" in geonews_cli("geocode", "--help").out
    assert "-a, --a LAYER" in geonews_cli("overlay", "compare", "--help").out


def test_a_bad_choice_gets_typers_own_error_text(geonews_cli):
    run = geonews_cli("overlay", "breakdown", "a.txt", "--by", "county")
    assert run.code == 2
    assert "Invalid value for '--by': 'county' is not one of 'date', 'source'." in run.err
    assert "Value error" not in run.err and "Traceback" not in run.err


def test_shell_completion_completes_commands_and_choices(geonews_cli):
    env = {"_GEONEWS_COMPLETE": "complete_bash", "COMP_WORDS": "geonews ov", "COMP_CWORD": "1"}
    assert geonews_cli(env=env).out.split() == ["overlay"]
    env.update(COMP_WORDS="geonews overlay breakdown a.txt --level m", COMP_CWORD="5")
    assert geonews_cli(env=env).out.split() == ["municipality"]


def test_install_completion_as_typer_provides_it(tmp_path):
    # Typer installs for the shell the command runs in (it looks at the parent process),
    # so the command runs from bash as a user would type it; "; true" keeps bash from
    # replacing itself with the command, which would hide it.
    run = subprocess.run(["bash", "-c", f"{shlex.quote(sys.executable)} -m geonews "
                          "--install-completion; true"], capture_output=True, text=True,
                         cwd=tmp_path, env={**os.environ, "HOME": str(tmp_path)}, timeout=120)
    assert "completion installed" in run.stdout, (run.stdout, run.stderr)
    script = (tmp_path / ".bash_completions" / "geonews.sh").read_text()
    assert "_GEONEWS_COMPLETE=complete_bash" in script
    assert "geonews.sh" in (tmp_path / ".bashrc").read_text()


def test_each_command_module_owns_its_app_and_the_root_only_adds_them():
    import typer.main

    root = typer.main.get_command(app)
    owned = {}
    for module in MODULES:
        assert isinstance(module.app, typer.Typer), module.__name__
        cmd = typer.main.get_command(module.app)  # each app stands on its own
        name = module.app.info.name
        owned.update({name: cmd} if name else getattr(cmd, "commands", {cmd.name: cmd}))
    assert sorted(root.commands) == sorted(owned)
    assert set(overlay.app.registered_commands[i].name for i in range(4)) == {
        "union", "breakdown", "compare", "timeline"}
