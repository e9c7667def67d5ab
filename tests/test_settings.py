import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(env_extra: dict) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "PARTYCELL_ENV": "production", **env_extra}
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_production_refuses_to_start_without_secret_key():
    result = _check({"ALLOWED_HOSTS": "partycell.example.vn"})

    assert result.returncode != 0
    assert "partycell.E001" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _check({"SECRET_KEY": "x" * 60})

    assert result.returncode != 0
    assert "partycell.E002" in result.stderr


def test_production_starts_with_required_settings():
    result = _check({"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "partycell.example.vn"})

    assert result.returncode == 0, result.stderr


def test_default_settings_use_vietnamese_and_ho_chi_minh_time(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
