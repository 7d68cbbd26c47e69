"""The keys the Compose specification allows at the top level and in a service.

Compose rejects a file with any other key (`x-` extension keys aside), so a typo
such as `enviroment` is a syntax error rather than a setting that silently does
nothing.
"""

from __future__ import annotations

from dlint.compose.nodes import Mapping, Node, Scalar

TOP_LEVEL_KEYS = frozenset(
    {"version", "name", "include", "services", "networks", "volumes", "secrets", "configs", "models"}
)

SERVICE_KEYS = frozenset(
    {
        "annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup",
        "cgroup_parent", "command", "configs", "container_name", "cpu_count", "cpu_percent",
        "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpus",
        "cpuset", "credential_spec", "depends_on", "deploy", "develop", "device_cgroup_rules",
        "devices", "dns", "dns_opt", "dns_search", "domainname", "entrypoint", "env_file",
        "environment", "expose", "extends", "external_links", "extra_hosts", "gpus",
        "group_add", "healthcheck", "hostname", "image", "init", "ipc", "isolation",
        "label_file", "labels", "links", "logging", "mac_address", "mem_limit",
        "mem_reservation", "mem_swappiness", "memswap_limit", "models", "network_mode",
        "networks", "oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform",
        "ports", "post_start", "pre_stop", "privileged", "profiles", "provider",
        "pull_policy", "read_only", "restart", "runtime", "scale", "secrets",
        "security_opt", "shm_size", "stdin_open", "stop_grace_period", "stop_signal",
        "storage_opt", "sysctls", "tmpfs", "tty", "ulimits", "use_api_socket", "user",
        "userns_mode", "uts", "volumes", "volumes_from", "working_dir",
    }
)


def unknown_keys(root: Mapping) -> list[tuple[Scalar, str]]:
    """Keys Compose does not know, each with a message naming where it is."""
    found: list[tuple[Scalar, str]] = []
    for key, value in root.entries:
        if key.text.startswith("x-"):
            continue
        if key.text not in TOP_LEVEL_KEYS:
            found.append((key, f"unknown top-level key `{key.text}`; expected one of `services`, `networks`, `volumes`, `secrets`, `configs`, `include`, `name` or an `x-` key"))
        elif key.text == "services":
            found.extend(_unknown_service_keys(value))
    return found


def _unknown_service_keys(services: Node) -> list[tuple[Scalar, str]]:
    found: list[tuple[Scalar, str]] = []
    if not isinstance(services, Mapping):
        return found
    for name, service in services.entries:
        if not isinstance(service, Mapping):
            continue
        for key, _ in service.entries:
            if key.text not in SERVICE_KEYS and not key.text.startswith("x-"):
                found.append((key, f"unknown key `{key.text}` in service `{name.text}`; check its spelling"))
    return found
