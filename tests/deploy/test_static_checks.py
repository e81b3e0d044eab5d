"""Linters and validators on the deployment files: Dockerfiles, manifests, nginx, compose."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from fembalance_ml.config import Settings, load_settings
from fembalance_ml.config_env import DEPRECATIONS, flat_fields
from tests.support.dockerfile import parse_stages
from tests.support.nginx_config import NginxPorts, adapted_ml_conf, self_signed_certificate
from tests.support.servers import NGINX, REPO_ROOT, free_port, nginx_check

VENV_BIN = REPO_ROOT / ".venv" / "bin"
DOCKERFILES = ["Dockerfile", "Dockerfile.prod", "Dockerfile.gpu"]
MANIFESTS = sorted((REPO_ROOT / "k8s").rglob("*.yaml"))
# The oldest Kubernetes minor still supported by the major clouds; its schema ships with
# kubernetes-validate, so no network is needed.
KUBERNETES_VERSION = "1.33.0"
APP_COMMAND = ["gunicorn", "-c", "gunicorn.conf.py", "fembalance_ml.main:build_app()"]


def _tool(name: str) -> str:
    path = VENV_BIN / name
    if not path.exists():
        pytest.fail(f"{path} is missing: make install-dev installs it")
    return str(path)


def _offline(command: list[str]) -> list[str]:
    """Run `command` in a network namespace of its own when the kernel lets us."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], check=False).returncode == 0:
        return [unshare, "-rn", *command]
    return command


@pytest.mark.parametrize("dockerfile", DOCKERFILES)
def test_hadolint_passes(dockerfile: str) -> None:
    """Each Dockerfile is clean under hadolint's default rules."""
    result = subprocess.run(
        [_tool("hadolint"), str(REPO_ROOT / dockerfile)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("dockerfile", DOCKERFILES)
def test_dockerfile_runs_the_shared_gunicorn_config(dockerfile: str) -> None:
    """Every image starts the app the same way, in exec form, as a non-root user."""
    final = parse_stages(REPO_ROOT / dockerfile)[-1]
    command = [part for part in final.exec_form("CMD") if part != "--reload"]
    assert command == APP_COMMAND
    users = final.of("USER")
    assert users, "the final stage must switch to a non-root user"
    assert users[-1].argument.split(":")[0] not in {"root", "0"}
    assert final.env()["HOST"] == "0.0.0.0"


def test_production_images_mount_models_instead_of_copying_them() -> None:
    """Dockerfile.prod and .gpu copy only the gunicorn config: the code comes installed."""
    for dockerfile in ("Dockerfile.prod", "Dockerfile.gpu"):
        final = parse_stages(REPO_ROOT / dockerfile)[-1]
        copied = [source for sources, _ in final.local_copies() for source in sources]
        assert sorted(copied) == ["gunicorn.conf.py"]
        assert final.env()["MODEL_PATH"] == "/app/models"
        assert final.of("HEALTHCHECK"), f"{dockerfile} has no HEALTHCHECK"


def test_gpu_image_selects_the_torch_cuda_backend() -> None:
    """The GPU image asks for torch on CUDA and installs the CUDA torch requirements."""
    stages = parse_stages(REPO_ROOT / "Dockerfile.gpu")
    assert stages[-1].env()["DEVICE"] == "cuda"
    assert stages[-1].env()["INFERENCE_BACKEND"] == "torch"
    assert any("requirements.gpu.txt" in run.argument for run in stages[0].of("RUN"))
    requirements = (REPO_ROOT / "requirements.gpu.txt").read_text().splitlines()
    assert "-r requirements.txt" in requirements
    assert any(re.fullmatch(r"torch==\d+\.\d+\.\d+", line) for line in requirements)
    assert any(line.startswith("--extra-index-url") and "/cu" in line for line in requirements)


def test_kubernetes_manifests_validate_offline() -> None:
    """Every manifest under k8s/ validates strictly against a bundled schema, with no network."""
    assert len(MANIFESTS) >= 9
    command = [_tool("kubernetes-validate"), "-k", KUBERNETES_VERSION, "--strict", "--quiet"]
    result = subprocess.run(
        _offline([*command, *map(str, MANIFESTS)]), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_kubernetes_validate_rejects_a_misspelled_field(tmp_path: Path) -> None:
    """The validator is strict: a typo in the Deployment fails, so a pass means something."""
    broken = tmp_path / "deployment.yaml"
    text = (REPO_ROOT / "k8s" / "deployment.yaml").read_text()
    broken.write_text(text.replace("readOnlyRootFilesystem", "readOnlyRootFilesytem"))
    command = [_tool("kubernetes-validate"), "-k", KUBERNETES_VERSION, "--strict", "--quiet"]
    result = subprocess.run(_offline([*command, str(broken)]), capture_output=True, text=True)
    assert result.returncode != 0


def _documents(name: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all((REPO_ROOT / "k8s" / name).read_text()) if doc]


def test_deployment_shutdown_and_probes_fit_gunicorn() -> None:
    """The grace period outlasts preStop plus gunicorn's drain; probes use the right paths."""
    pod = _documents("deployment.yaml")[0]["spec"]["template"]["spec"]
    container = pod["containers"][0]
    pre_stop = container["lifecycle"]["preStop"]["exec"]["command"]
    assert pre_stop[0] == "sleep"
    graceful = _gunicorn_setting("graceful_timeout")
    assert pod["terminationGracePeriodSeconds"] > int(pre_stop[1]) + graceful
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    assert container["startupProbe"]["httpGet"]["path"] == "/health"
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    mounts = {mount["mountPath"]: mount for mount in container["volumeMounts"]}
    assert mounts["/app/models"]["readOnly"] is True
    config = _documents("configmap.yaml")[0]["data"]
    assert config["PROMETHEUS_MULTIPROC_DIR"] in mounts
    assert "/tmp" in mounts


def _gunicorn_setting(name: str) -> int:
    # --print-config prints, then fails to load the dummy app: only stdout matters.
    result = subprocess.run(
        [_tool("gunicorn"), "-c", "gunicorn.conf.py", "--print-config", "no_such_module:app"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    match = re.search(rf"^{name}\s+=\s+(\d+)$", result.stdout, re.MULTILINE)
    assert match, result.stdout
    return int(match.group(1))


def test_nginx_config_passes_nginx_t(tmp_path: Path) -> None:
    """nginx -t accepts nginx/ml.conf with only its ports and certificate paths changed."""
    if not Path(NGINX).exists():
        pytest.fail(f"{NGINX} is missing: apt-get install nginx")
    cert, key = self_signed_certificate(tmp_path)
    ports = NginxPorts(free_port(), free_port(), free_port(), free_port())
    result = nginx_check(adapted_ml_conf(ports, cert, key))
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_nginx_config_matches_the_app_limits() -> None:
    """nginx's body limit equals the app's default MAX_BODY_BYTES, and it forwards the
    client's address, scheme and request id (what it routes: tests/deploy/test_allowlist.py)."""
    text = (REPO_ROOT / "nginx" / "ml.conf").read_text()
    assert "client_max_body_size 1m;" in text
    assert Settings().server.max_body_bytes == 1024 * 1024
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Request-ID"):
        assert f"proxy_set_header {header}" in text


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO_ROOT / "docker-compose.ml.yml").read_text())
    return loaded


def _compose_paths(compose: dict[str, Any]) -> list[str]:
    paths: list[str] = []
    for service in compose["services"].values():
        build = service.get("build")
        if build:
            paths += [build["context"], str(Path(build["context"]) / build["dockerfile"])]
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                paths.append(source)
        for env_file in service.get("env_file", []):
            entry = env_file if isinstance(env_file, dict) else {"path": env_file}
            if entry.get("required", True):
                paths.append(entry["path"])
    return paths


def test_compose_file_names_only_paths_that_exist() -> None:
    """docker-compose.ml.yml parses, and every local file it names is in the repository."""
    compose = _compose()
    assert {"api", "redis", "nginx", "api-gpu"} <= set(compose["services"])
    paths = _compose_paths(compose)
    assert "nginx/ml.conf" in {Path(path).as_posix() for path in paths}
    missing = [path for path in paths if not (REPO_ROOT / path).exists()]
    assert not missing


def test_compose_mounts_models_read_only_and_reserves_a_gpu() -> None:
    """The API services mount models read-only; the gpu profile reserves an NVIDIA device."""
    services = _compose()["services"]
    for name in ("api", "api-gpu"):
        assert "./models:/app/models:ro" in services[name]["volumes"]
        assert "healthcheck" in services[name]
    gpu = services["api-gpu"]
    assert gpu["profiles"] == ["gpu"]
    devices = gpu["deploy"]["resources"]["reservations"]["devices"]
    assert devices[0]["capabilities"] == ["gpu"]
    # The compose nginx rewrites exactly this upstream line of the shared config.
    assert "server 127.0.0.1:8000;" in (REPO_ROOT / "nginx" / "ml.conf").read_text()


def test_env_example_names_every_setting_and_loads() -> None:
    """.env.example documents every setting still in use and is itself a valid settings file."""
    text = (REPO_ROOT / ".env.example").read_text()
    named = set(re.findall(r"^#?\s?([A-Z][A-Z0-9_]*)=", text, re.MULTILINE))
    retired = {name for name, entry in DEPRECATIONS.items() if entry.effect.startswith("no longer")}
    assert not {name.upper() for name in flat_fields(Settings)} - retired - named
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(REPO_ROOT / ".env.example", Path(tmp) / ".env")
        settings = load_settings(Path(tmp))
    assert settings.environment == "development"
    assert settings.server.max_body_bytes == 1_048_576


def test_procfile_serves_the_app_on_herokus_port() -> None:
    """Heroku's web process runs the shared gunicorn config on all interfaces."""
    (line,) = (REPO_ROOT / "Procfile").read_text().splitlines()
    process, command = line.split(": ", 1)
    assert process == "web"
    # As the shell reads it: the factory call is quoted for its parentheses.
    assert shlex.split(command)[-4:] == APP_COMMAND
    assert "HOST=0.0.0.0" in command


def test_systemd_unit_verifies(tmp_path: Path) -> None:
    """systemd-analyze accepts the unit (its ExecStart pointed at a binary that exists here)."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    unit_text = (REPO_ROOT / "deploy" / "fembalance-ml.service").read_text()
    for setting in ("NoNewPrivileges=true", "ProtectSystem=strict", "EnvironmentFile="):
        assert setting in unit_text
    assert "ReadOnlyPaths=/opt/fembalance-ml/models" in unit_text
    unit = tmp_path / "fembalance-ml.service"
    unit.write_text(unit_text.replace("/opt/fembalance-ml/.venv/bin/gunicorn", "/bin/true"))
    result = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
