"""The policy parameters every rule reads, with the Connectors API's defaults."""

from __future__ import annotations

from dlint.records import record


@record(frozen=True)
class Policy:
    uid: str = "10001"
    gid: str = "10001"
    port: int = 8080
    env_prefix: str = "POBLYSH_"
    builder_image: str = "rust:*-slim"
    min_rust_version: str = "1.85"
    runtime_image: str = "debian:bookworm-slim"
    db_image: str = "postgres:16-alpine"
    db_service: str = "db"
    migrate_service: str = "migrate"
    app_service: str = "app"
    app_services: tuple[str, ...] = ("app", "migrate")
    env_exempt_services: tuple[str, ...] = ("db",)
    binary: str = "connectors"
    migrate_command: tuple[str, ...] = ("migrate", "up")
    health_path: str = "/readyz"
    bind_address_variable: str = "POBLYSH_API_BIND_ADDR"
    database_url_variable: str = "POBLYSH_DATABASE_URL"
    secret_name_patterns: tuple[str, ...] = (
        "PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "PRIVATE",
    )

    @property
    def required_services(self) -> tuple[str, ...]:
        return (self.db_service, self.migrate_service, self.app_service)


DEFAULT_POLICY = Policy()
