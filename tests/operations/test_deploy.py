"""deploy/: the compose file is valid Compose, every variable is documented, nginx never serves
uploads, and every documented way to run beat restarts it."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _check_jsonschema(document: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - the locked check-jsonschema
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(DEPLOY / "schema" / "compose-spec.json"),
         str(document)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_the_compose_file_validates_against_the_compose_specification_schema():
    result = _check_jsonschema(DEPLOY / "docker-compose.yml")

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_refuses_an_invalid_compose_file(tmp_path):
    broken = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    broken["services"]["web"]["healthcheck"]["retries"] = [3]
    path = tmp_path / "compose.yml"
    path.write_text(yaml.safe_dump(broken))

    result = _check_jsonschema(path)

    assert result.returncode == 1
    assert "Schema validation errors were encountered" in result.stdout
    assert "$.services.web" in result.stdout


def test_compose_runs_the_whole_stack_with_persistent_redis_and_one_beat():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]

    assert set(services) == {"db", "redis", "migrate", "web", "worker", "beat", "nginx"}
    assert "--appendonly" in services["redis"]["command"] and "yes" in services["redis"]["command"]
    assert services["beat"]["deploy"]["replicas"] == 1
    assert services["web"]["command"][0] == "gunicorn"
    assert all(services[name]["restart"] == "unless-stopped" for name in ("web", "worker", "beat", "redis", "db"))
    assert not any("media" in volume for volume in services["nginx"]["volumes"])


def _variables_read() -> set[str]:
    sources = [ROOT / "partycell" / "settings.py", ROOT / "partycell" / "celery.py", DEPLOY / "gunicorn.conf.py"]
    pattern = re.compile(r"""(?:env(?:\.\w+)?|environ\.get)\(\s*["']([A-Z][A-Z0-9_]+)["']""")
    return {name for source in sources for name in pattern.findall(source.read_text())}


def test_the_environment_example_documents_every_variable_settings_read():
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (DEPLOY / "env.example").read_text(), re.MULTILINE))

    missing = _variables_read() - documented
    assert len(_variables_read()) > 30
    assert missing == set()


def test_nginx_serves_static_files_and_never_uploads():
    for site in (DEPLOY / "nginx" / "partycell.conf", DEPLOY / "nginx" / "compose.conf"):
        text = site.read_text()
        media = re.search(r"location /media/ \{([^}]*)\}", text)
        assert media and media.group(1).strip() == "return 404;", site
        assert re.search(r"location /static/ \{\s*alias /\S+/static/;", text), site
        assert "media" not in re.sub(r"#.*", "", text).replace("location /media/", ""), site


def test_every_documented_way_to_run_beat_restarts_it():
    procfile = dict(line.split(": ", 1) for line in (DEPLOY / "Procfile").read_text().splitlines() if ": " in line
                    and not line.startswith("#"))  # fmt: skip
    unit = (DEPLOY / "systemd" / "partycell-beat.service").read_text()
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    readme_beat = [line for line in (ROOT / "README.md").read_text().splitlines() if "celery -A partycell beat" in line]

    assert procfile["beat"].startswith("deploy/supervise celery -A partycell beat")
    assert "Restart=always" in unit
    assert compose["services"]["beat"]["restart"] == "unless-stopped"
    assert readme_beat and all("deploy/supervise" in line for line in readme_beat)


def test_supervise_runs_a_command_again_when_it_exits_and_stops_on_term(tmp_path):
    runs = tmp_path / "runs"
    command = ["bash", str(DEPLOY / "supervise"), "sh", "-c", f"echo run >> {runs}; exit 3"]
    process = subprocess.Popen(  # noqa: S603
        command, env={**os.environ, "RESTART_DELAY": "0.2"}, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (not runs.exists() or len(runs.read_text().split()) < 3):
        time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    try:
        returncode = process.wait(timeout=10)
    finally:
        process.kill()

    assert len(runs.read_text().split()) >= 3
    assert returncode == 0
    assert "exited with status 3; starting it again in 0.2 s" in process.stderr.read()


@pytest.mark.parametrize("unit", ["web", "worker", "beat", "backup"])
def test_systemd_units_read_the_environment_file_and_run_as_partycell(unit):
    text = (DEPLOY / "systemd" / f"partycell-{unit}.service").read_text()

    assert "EnvironmentFile=/etc/partycell/env" in text
    assert "User=partycell" in text
