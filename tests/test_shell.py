from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlint.shell import (
    PackageSpec,
    SimpleCommand,
    apk_adds,
    apt_get_installs,
    find_urls,
    parse_shell,
    program_name,
    split_commands,
)


def argvs(script: str) -> list[tuple[str, ...]]:
    return [command.argv for command in split_commands(script)]


SPLIT = [
    pytest.param("ls -l", [("ls", "-l")], id="single"),
    pytest.param("a && b", [("a",), ("b",)], id="and"),
    pytest.param("a || b", [("a",), ("b",)], id="or"),
    pytest.param("a | b |& c", [("a",), ("b",), ("c",)], id="pipes"),
    pytest.param("a; b & c", [("a",), ("b",), ("c",)], id="semicolon-background"),
    pytest.param("a\nb\n\n", [("a",), ("b",)], id="newlines"),
    pytest.param("a&&b||c", [("a",), ("b",), ("c",)], id="no-spaces"),
    pytest.param("apt-get update \\\n  && apt-get clean", [("apt-get", "update"), ("apt-get", "clean")], id="continuation"),
    pytest.param("ec\\\nho hi", [("echo", "hi")], id="continuation-mid-word"),
    pytest.param("echo 'a && b'", [("echo", "a && b")], id="single-quotes"),
    pytest.param('echo "a; $HOME \\"x\\" \\n"', [("echo", 'a; $HOME "x" \\n')], id="double-quotes"),
    pytest.param("echo a\\ b \\;", [("echo", "a b", ";")], id="backslash"),
    pytest.param("echo ''", [("echo", "")], id="empty-word"),
    pytest.param("echo x # a && b\nls", [("echo", "x"), ("ls",)], id="comment"),
    pytest.param("echo a#b", [("echo", "a#b")], id="hash-in-word"),
    pytest.param("(cd src && make) && { ./test; }", [("cd", "src"), ("make",), ("./test",)], id="subshell-group"),
    pytest.param("exec /usr/bin/python3 app.py", [("/usr/bin/python3", "app.py")], id="exec"),
    pytest.param("exec -a name prog", [("prog",)], id="exec-option"),
    pytest.param("command curl -f x", [("curl", "-f", "x")], id="command"),
    pytest.param("command -v curl", [("command", "-v", "curl")], id="command-v-kept"),
    pytest.param("time -p make", [("make",)], id="time"),
    pytest.param("env -i PATH=/bin sh x.sh", [("sh", "x.sh")], id="env"),
    pytest.param("env", [("env",)], id="env-alone"),
    pytest.param("exec 2>&1", [("exec",)], id="exec-alone"),
    pytest.param("curl -o out http://x > log 2>&1 < /dev/null", [("curl", "-o", "out", "http://x")], id="redirections"),
    pytest.param("echo hi &>/dev/null; ls", [("echo", "hi"), ("ls",)], id="redirect-both"),
    pytest.param(
        "sh -c 'curl -fsS http://localhost/health || exit 1'",
        [("sh", "-c", "curl -fsS http://localhost/health || exit 1"), ("curl", "-fsS", "http://localhost/health"), ("exit", "1")],
        id="sh-c",
    ),
    pytest.param(
        'bash -o pipefail -ec "wget -qO- http://x | tar x"',
        [("bash", "-o", "pipefail", "-ec", "wget -qO- http://x | tar x"), ("wget", "-qO-", "http://x"), ("tar", "x")],
        id="bash-options",
    ),
    pytest.param(
        "sh -c \"bash -c 'a && b'\"",
        [("sh", "-c", "bash -c 'a && b'"), ("bash", "-c", "a && b"), ("a",), ("b",)],
        id="nested-shells",
    ),
    pytest.param("/bin/sh script.sh -c x", [("/bin/sh", "script.sh", "-c", "x")], id="sh-without-c"),
    pytest.param("if [ -f x ]; then make; else exit 1; fi", [("[", "-f", "x", "]"), ("make",), ("exit", "1")], id="if"),
    pytest.param("for f in *.gz; do gunzip \"$f\"; done", [("gunzip", "$f")], id="for"),
    pytest.param("while read l; do echo $l; done < f", [("read", "l"), ("echo", "$l")], id="while"),
    pytest.param("case $A in x|y) a;; *) b ;; esac; c", [("a",), ("b",), ("c",)], id="case"),
    pytest.param("f() { g; }; f", [("g",), ("f",)], id="function"),
    pytest.param("cat <<EOF > x\nrm -rf /\nEOF\nls", [("cat",), ("ls",)], id="heredoc"),
    pytest.param("cat <<-END\n\trm x\n\tEND\nls", [("cat",), ("ls",)], id="heredoc-tabs"),
    pytest.param(
        "V=$(curl -s https://x/v) && echo \"$(date)\" `id -u`",
        [(), ("curl", "-s", "https://x/v"), ("echo", "$(date)", "`id -u`"), ("date",), ("id", "-u")],
        id="substitutions",
    ),
    pytest.param("echo $((1 + 2))", [("echo", "$((1 + 2))")], id="arithmetic"),
    pytest.param("echo ${A:-b c} d", [("echo", "${A:-b c}", "d")], id="braced-expansion"),
]


@pytest.mark.parametrize(("script", "expected"), SPLIT)
def test_split(script: str, expected: list[tuple[str, ...]]) -> None:
    assert argvs(script) == expected


ASSIGNMENTS = [
    pytest.param("A=1 B='x y' make", ("make",), (("A", "1"), ("B", "x y")), id="prefix"),
    pytest.param("DEBIAN_FRONTEND=noninteractive", (), (("DEBIAN_FRONTEND", "noninteractive"),), id="bare"),
    pytest.param("make A=1", ("make", "A=1"), (), id="argument-kept"),
    pytest.param("'A'=1 make", ("A=1", "make"), (), id="quoted-name"),
    pytest.param('A="$(pwd)/x" ./run', ("./run",), (("A", "$(pwd)/x"),), id="quoted-value"),
    pytest.param("A=1 env B=2 exec prog", ("prog",), (("A", "1"), ("B", "2")), id="env-assignment"),
    pytest.param("1A=x cmd", ("1A=x", "cmd"), (), id="bad-name"),
]


@pytest.mark.parametrize(("script", "argv", "assignments"), ASSIGNMENTS)
def test_assignments(script: str, argv: tuple[str, ...], assignments: tuple[tuple[str, str], ...]) -> None:
    command = split_commands(script)[0]
    assert command == SimpleCommand(argv, assignments)


@pytest.mark.parametrize(
    ("script", "complete"),
    [
        pytest.param("echo ok", True, id="ok"),
        pytest.param("echo 'open", False, id="single-quote"),
        pytest.param('echo "open', False, id="double-quote"),
        pytest.param("echo $(date", False, id="substitution"),
        pytest.param("echo `date", False, id="backquote"),
        pytest.param("echo x\\", False, id="trailing-backslash"),
        pytest.param("a &&", False, id="trailing-and"),
        pytest.param("a |\n", False, id="trailing-pipe"),
        pytest.param("a &", True, id="trailing-background"),
        pytest.param("cat <<EOF\nx", False, id="open-heredoc"),
        pytest.param("echo >", False, id="redirect-without-target"),
        pytest.param("sh -c 'echo \"x'", False, id="nested-open-quote"),
    ],
)
def test_complete(script: str, complete: bool) -> None:
    assert parse_shell(script).complete is complete


def test_unbalanced_keeps_commands() -> None:
    parsed = parse_shell("apt-get update && echo 'oops")
    assert [c.argv for c in parsed.commands] == [("apt-get", "update"), ("echo", "oops")]


@pytest.mark.parametrize(
    ("word", "name"),
    [
        pytest.param("/usr/bin/curl", "curl", id="absolute"),
        pytest.param("curl", "curl", id="bare"),
        pytest.param("./bin/run", "run", id="relative"),
        pytest.param("", "", id="empty"),
    ],
)
def test_program_name(word: str, name: str) -> None:
    assert program_name(word) == name


def test_program_property() -> None:
    assert [c.program for c in split_commands("A=1; /bin/ls")] == ["", "ls"]


@pytest.mark.parametrize(
    ("argv", "urls"),
    [
        pytest.param(("curl", "-fsSL", "https://x.example/a.sh"), ["https://x.example/a.sh"], id="plain"),
        pytest.param(("wget", "--url=http://x/y?z=1"), ["http://x/y?z=1"], id="option-value"),
        pytest.param(("curl", "HTTPS://X/"), ["HTTPS://X/"], id="upper-scheme"),
        pytest.param(("curl", "ftp://x/y", "file:///etc"), [], id="other-schemes"),
        pytest.param(("echo", "see http://a and http://b"), ["http://a", "http://b"], id="two-in-word"),
    ],
)
def test_find_urls(argv: tuple[str, ...], urls: list[str]) -> None:
    assert find_urls(argv) == urls


APT = [
    pytest.param("apt-get install -y curl", ("curl",), True, False, id="basic"),
    pytest.param("apt-get -y install --no-install-recommends curl git", ("curl", "git"), True, True, id="flags-around"),
    pytest.param("apt install -qq vim=2:9.0-1", ("vim",), True, False, id="apt-qq-version"),
    pytest.param("apt-get install -yq --no-install-recommends a", ("a",), True, True, id="cluster"),
    pytest.param("apt-get install -q a", ("a",), False, False, id="single-q"),
    pytest.param("apt-get --assume-yes install a", ("a",), True, False, id="assume-yes"),
    pytest.param("apt-get -o Dpkg::Options::=--force-confold install -y a", ("a",), True, False, id="option-value"),
    pytest.param("apt-get install -o APT::Install-Recommends=false -y a", ("a",), True, True, id="config-recommends"),
    pytest.param("apt-get install -t bookworm-backports a", ("a",), False, False, id="target-release"),
    pytest.param("/usr/bin/apt-get install -y libc6:i386", ("libc6:i386",), True, False, id="arch-suffix"),
    pytest.param("DEBIAN_FRONTEND=noninteractive apt-get install -y a", ("a",), True, False, id="assignment"),
    pytest.param("apt-get install -y -- -weird", ("-weird",), True, False, id="double-dash"),
]


@pytest.mark.parametrize(("script", "packages", "yes", "no_recommends"), APT)
def test_apt_packages(script: str, packages: tuple[str, ...], yes: bool, no_recommends: bool) -> None:
    (install,) = apt_get_installs(split_commands(script))
    assert install.packages == packages


@pytest.mark.parametrize(("script", "packages", "yes", "no_recommends"), APT)
def test_apt_assume_yes(script: str, packages: tuple[str, ...], yes: bool, no_recommends: bool) -> None:
    (install,) = apt_get_installs(split_commands(script))
    assert install.assume_yes is yes


@pytest.mark.parametrize(("script", "packages", "yes", "no_recommends"), APT)
def test_apt_no_recommends(script: str, packages: tuple[str, ...], yes: bool, no_recommends: bool) -> None:
    (install,) = apt_get_installs(split_commands(script))
    assert install.no_install_recommends is no_recommends


@pytest.mark.parametrize(
    "script",
    [
        pytest.param("apt-get update", id="update"),
        pytest.param("apt-get remove -y install", id="remove"),
        pytest.param("apt-cache install x", id="apt-cache"),
        pytest.param("echo apt-get install x", id="echo"),
    ],
)
def test_apt_not_install(script: str) -> None:
    assert apt_get_installs(script) == []


def test_apt_version_spec() -> None:
    (install,) = apt_get_installs("apt-get install -y curl=7.88.1-10+deb12u5")
    assert install.specs == (PackageSpec("curl", "7.88.1-10+deb12u5", "curl=7.88.1-10+deb12u5"),)


def test_apt_chained_and_nested() -> None:
    script = "apt-get update && sh -c 'apt-get install -y a' && apt-get install -y b"
    assert [i.packages for i in apt_get_installs(script)] == [("a",), ("b",)]


APK = [
    pytest.param("apk add curl", ("curl",), False, None, id="basic"),
    pytest.param("apk add --no-cache curl git", ("curl", "git"), True, None, id="no-cache"),
    pytest.param("apk add --no-cache --virtual .build-deps gcc musl-dev", ("gcc", "musl-dev"), True, ".build-deps", id="virtual"),
    pytest.param("apk add -t .deps gcc", ("gcc",), False, ".deps", id="virtual-short"),
    pytest.param("apk add --virtual=.deps gcc", ("gcc",), False, ".deps", id="virtual-equals"),
    pytest.param("apk --no-cache add -X http://dl/edge/testing foo", ("foo",), True, None, id="repository"),
    pytest.param("apk add --update-cache bash=5.2.26-r0 'py3-pip>23'", ("bash", "py3-pip"), False, None, id="versions"),
]


@pytest.mark.parametrize(("script", "packages", "no_cache", "virtual"), APK)
def test_apk_packages(script: str, packages: tuple[str, ...], no_cache: bool, virtual: str | None) -> None:
    (add,) = apk_adds(script)
    assert add.packages == packages


@pytest.mark.parametrize(("script", "packages", "no_cache", "virtual"), APK)
def test_apk_no_cache(script: str, packages: tuple[str, ...], no_cache: bool, virtual: str | None) -> None:
    (add,) = apk_adds(script)
    assert add.no_cache is no_cache


@pytest.mark.parametrize(("script", "packages", "no_cache", "virtual"), APK)
def test_apk_virtual(script: str, packages: tuple[str, ...], no_cache: bool, virtual: str | None) -> None:
    (add,) = apk_adds(script)
    assert add.virtual == virtual


@pytest.mark.parametrize(
    ("word", "name", "version"),
    [
        pytest.param("bash=5.2.26-r0", "bash", "5.2.26-r0", id="equals"),
        pytest.param("py3-pip>23", "py3-pip", "23", id="greater"),
        pytest.param("musl~1.2", "musl", "1.2", id="fuzzy"),
        pytest.param("py3-pip>=23", "py3-pip", "23", id="greater-equal"),
        pytest.param("gcc", "gcc", None, id="none"),
    ],
)
def test_apk_version(word: str, name: str, version: str | None) -> None:
    (add,) = apk_adds(f"apk add '{word}'")
    assert add.specs[0].name == name
    assert add.specs[0].version == version


def test_apk_del_ignored() -> None:
    assert apk_adds("apk del .build-deps") == []


@given(st.text(alphabet=st.sampled_from(list("ab -;&|()<>'\"\\$`{}#=\n\tc")), max_size=40))
def test_parse_never_raises(script: str) -> None:
    assert isinstance(parse_shell(script).complete, bool)
