"""Property tests: any Dockerfile or Compose text gives findings or a syntax error, never an exception.

The example counts keep the suite fast. For a longer session run, for example:
`HYPOTHESIS_PROFILE=long pytest tests/test_fuzz.py`.
"""

from __future__ import annotations

import os
import pathlib
import tempfile

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlint.discovery import discover
from dlint.engine import run_rules
from dlint.policy import DEFAULT_POLICY
from dlint.project import load_project
from dlint.rules import RULES

settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("long", max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

DOCKERFILE_PIECES = [
    "FROM rust:1.85-slim AS builder", "FROM debian:bookworm-slim", "FROM builder", "FROM ${BASE:-alpine}",
    "FROM --platform=$BUILDPLATFORM scratch AS x", "ARG A=1", "ARG A", "ARG UID=10001 GID",
    "ENV POBLYSH_A=1 B=\"x y\"", "ENV legacy value here", "ENV A=${A:+b}", "USER ${UID}:${GID}",
    "USER root", "USER 10001", "EXPOSE 8080 9090/udp 1-2", "EXPOSE ${PORT}",
    "COPY --from=builder /a /b", "COPY . .", "COPY .env* ./", "ADD https://x/y /z",
    "COPY <<EOF /x", "RUN <<-'EOT' bash", "RUN apt-get install -y curl", "RUN [\"a\", \"b\"]",
    "CMD [\"connectors\"]", "CMD [ \"a\"", "ENTRYPOINT connectors", "HEALTHCHECK NONE",
    "HEALTHCHECK --interval=5s CMD curl -f http://x/readyz", "ONBUILD RUN echo", "ONBUILD",
    "# escape=`", "# syntax=docker/dockerfile:1", "# comment", "", "EOF", "\tEOT", "RUN echo a \\",
    "  && echo b", "WORKDIR /src", "LABEL a=b", "SHELL [\"/bin/sh\", \"-c\"]", "STOPSIGNAL SIGTERM",
    "VOLUME /data", "MAINTAINER x", "FOO bar", "RUN --mount=type=cache,target=/x echo",
]
NOISE = st.text(alphabet=st.sampled_from(list("\\`$<>{}[]\"' \t\r\n=:-#/*?!.\u2028\ufeffAz09")), max_size=12)


def lint_text(name: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / name
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        report = run_rules(load_project(discover([folder]), DEFAULT_POLICY), RULES)
        for finding in report.findings:
            assert finding.line >= 1
            assert finding.column >= 1
            assert finding.message


@st.composite
def dockerfiles(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.sampled_from(DOCKERFILE_PIECES), max_size=25))
    mangled = []
    for line in lines:
        if draw(st.booleans()):
            cut = draw(st.integers(min_value=0, max_value=len(line)))
            line = line[:cut] + draw(NOISE) + line[cut:]
        mangled.append(line)
    return draw(st.sampled_from(["\n", "\r\n"])).join(mangled)


SCALARS = st.one_of(
    st.text(max_size=10), st.integers(), st.booleans(), st.none(),
    st.sampled_from(["service_healthy", "8080:8080", "NONE", "pg_isready", "${X:-y}", "$$", "yes", "2222:22"]),
)
KEYS = st.sampled_from(
    ["services", "db", "app", "migrate", "image", "build", "environment", "depends_on", "condition",
     "healthcheck", "test", "ports", "env_file", "<<", "version", "context", "target", "user", "x-a"]
)
YAML_VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)),
    max_leaves=30,
)


@st.composite
def compose_texts(draw: st.DrawFn) -> str:
    document = {"services": draw(st.dictionaries(KEYS, YAML_VALUES, max_size=4))}
    text = yaml.safe_dump(document, default_flow_style=draw(st.booleans()))
    if draw(st.booleans()):
        cut = draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:cut] + draw(NOISE) + text[cut:]
    return text


@given(dockerfiles())
def test_dockerfile_never_raises(text: str) -> None:
    lint_text("Dockerfile", text)


@given(compose_texts())
def test_compose_never_raises(text: str) -> None:
    lint_text("compose.yaml", text)


@given(st.text(max_size=200))
def test_any_text_as_compose_never_raises(text: str) -> None:
    lint_text("compose.yaml", text)


@given(st.text(max_size=200))
def test_any_text_as_dockerfile_never_raises(text: str) -> None:
    lint_text("Dockerfile", text)
