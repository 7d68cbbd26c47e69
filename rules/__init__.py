"""The rule registry: every rule dlint runs, listed here explicitly and in id order."""

from __future__ import annotations

from dlint.rules import (
    cf001_required_services,
    cf002_db_healthcheck_pg_isready,
    cf003_migrate_gates_app,
    cf004_db_gates_startup,
    cf005_one_off_migration,
    cf006_app_env_prefix,
    cf007_app_readiness_healthcheck,
    cf008_published_ports,
    cf009_no_version_key,
    cf010_healthy_dependency_has_healthcheck,
    cf011_hardened_app_services,
    cf012_pinned_service_image,
    df001_multi_stage_build,
    df002_non_root_user,
    df003_expose_only_8080,
    df004_no_env_file_copy,
    df005_pinned_base_image,
    df006_runtime_env_prefix,
    df007_exec_form_command,
    df008_no_secret_in_build,
    df009_runtime_copies_artifacts_only,
    df010_slim_apt_install,
    xf001_port_agreement,
    xf002_healthcheck_tool_in_image,
    xf003_database_url_agreement,
    xf004_user_agreement,
    xf005_command_in_image,
    xf006_dockerignore_excludes_secrets,
)
from dlint.rules.base import Rule

# Dockerfile rules first, then Compose, then the checks across both files.
_FAMILY_ORDER = ("DF", "CF", "XF")

RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            df001_multi_stage_build.RULE,
            df002_non_root_user.RULE,
            df003_expose_only_8080.RULE,
            df004_no_env_file_copy.RULE,
            df005_pinned_base_image.RULE,
            df006_runtime_env_prefix.RULE,
            df007_exec_form_command.RULE,
            df008_no_secret_in_build.RULE,
            df009_runtime_copies_artifacts_only.RULE,
            df010_slim_apt_install.RULE,
            cf001_required_services.RULE,
            cf002_db_healthcheck_pg_isready.RULE,
            cf003_migrate_gates_app.RULE,
            cf004_db_gates_startup.RULE,
            cf005_one_off_migration.RULE,
            cf006_app_env_prefix.RULE,
            cf007_app_readiness_healthcheck.RULE,
            cf008_published_ports.RULE,
            cf009_no_version_key.RULE,
            cf010_healthy_dependency_has_healthcheck.RULE,
            cf011_hardened_app_services.RULE,
            cf012_pinned_service_image.RULE,
            xf001_port_agreement.RULE,
            xf002_healthcheck_tool_in_image.RULE,
            xf003_database_url_agreement.RULE,
            xf004_user_agreement.RULE,
            xf005_command_in_image.RULE,
            xf006_dockerignore_excludes_secrets.RULE,
        ),
        key=lambda rule: (_FAMILY_ORDER.index(rule.id[:2]), rule.id),
    )
)

FILE_ERRORS = {"E001": "syntax-error", "E002": "unreadable-file"}


def find_rule(key: str) -> Rule | None:
    """Look a rule up by id (`DF002`, any case) or by name (`non-root-user`)."""
    for rule in RULES:
        if rule.id == key.upper() or rule.name == key.lower():
            return rule
    return None
