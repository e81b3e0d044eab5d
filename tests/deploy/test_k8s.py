"""The Kubernetes manifests read as an operator would: policy checks, network, secrets, models.

checkov runs from its own virtual environment (`make checkov`), offline. The rest checks
what the manifests promise against the real parts: the app's routes, gunicorn's parsing of
FORWARDED_ALLOW_IPS, a real redis-server started with redis.yaml's own command, and
`fembalance-ml check-models` on a models tree filled with deployment.yaml's own command.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
import yaml
from starlette.routing import Route

from fembalance_ml.main import build_app
from tests.conftest import make_settings
from tests.support.access_table import documented_routes
from tests.support.allowlist import (
    ATTACK_PATHS,
    concrete,
    documented_public,
    ingress_routes,
    ingress_rules,
)
from tests.support.servers import (
    REDIS_SERVER,
    REPO_ROOT,
    free_port,
    gunicorn_server,
    run_nginx,
    wait_for_port,
)

K8S = REPO_ROOT / "k8s"
CHECKOV = REPO_ROOT / ".venv-checkov" / "bin" / "checkov"
GUNICORN = REPO_ROOT / ".venv" / "bin" / "gunicorn"
REDIS_CLI = "/usr/bin/redis-cli"
ZERO_DIGEST = "0" * 64
# Routes the Ingress must never route from outside, whatever else changes.
BLOCKED_PATHS = [
    "/metrics",
    "/api/v1/models/pcos/reload",
    "/api/v1/experiments/pcos",
    "/api/v1/users/someone/data",
    "/openapi.json",
    "/docs",
]


def _documents(name: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all((K8S / name).read_text()) if doc]


def _kind(name: str, kind: str) -> list[dict[str, Any]]:
    return [doc for doc in _documents(name) if doc["kind"] == kind]


def _api_pod() -> dict[str, Any]:
    pod: dict[str, Any] = _documents("deployment.yaml")[0]["spec"]["template"]
    return pod


def _containers(pod_spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    every = [*pod_spec.get("initContainers", []), *pod_spec["containers"]]
    return {container["name"]: container for container in every}


def _offline(command: list[str]) -> list[str]:
    """Run `command` in a network namespace of its own when the kernel lets us."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], check=False).returncode == 0:
        return [unshare, "-rn", *command]
    return command


def _checkov(directory: Path) -> list[dict[str, Any]]:
    """checkov's JSON report on `directory`, one entry per framework, run with no network."""
    if not CHECKOV.exists():
        pytest.fail(f"{CHECKOV} is missing: `make checkov` installs it")
    command = [str(CHECKOV), "-d", str(directory), "--skip-download", "--quiet", "-o", "json"]
    result = subprocess.run(_offline(command), capture_output=True, text=True, check=False)
    reports = json.loads(result.stdout)
    return reports if isinstance(reports, list) else [reports]


def _failed(reports: list[dict[str, Any]]) -> list[str]:
    return [
        f"{check['check_id']} {check['file_path']}"
        for report in reports
        for check in report["results"].get("failed_checks", [])
    ]


# checkov ------------------------------------------------------------------------------------


def test_checkov_finds_no_failed_check() -> None:
    """checkov 3.3 on k8s/: 0 failed checks in every framework, and nothing it cannot parse."""
    reports = _checkov(K8S)
    assert {report["check_type"] for report in reports} >= {"kubernetes", "secrets"}
    assert _failed(reports) == []
    for report in reports:
        assert report["summary"]["parsing_errors"] == 0, report["check_type"]
        assert report["summary"]["passed"] + report["summary"]["skipped"] > 0


def test_checkov_fails_the_manifests_without_their_network_policies(tmp_path: Path) -> None:
    """The pass means something: drop networkpolicy.yaml and checkov flags both pods."""
    copy = tmp_path / "k8s"
    shutil.copytree(K8S, copy)
    (copy / "networkpolicy.yaml").unlink()
    failed = _failed(_checkov(copy))
    assert sum(entry.startswith("CKV2_K8S_6 ") for entry in failed) == 2, failed


def _skips() -> list[tuple[str, str]]:
    """Every checkov skip under k8s/ as (check id, reason)."""
    skips: list[tuple[str, str]] = []
    for path in sorted(K8S.rglob("*")):
        if not path.is_file():
            continue
        text = path.read_text()
        skips += re.findall(r"checkov:skip=([A-Z0-9_]+):?([^\n]*)", text)
        for document in yaml.safe_load_all(text) if path.suffix == ".yaml" else []:
            annotations = (document or {}).get("metadata", {}).get("annotations", {})
            for key, value in annotations.items():
                if key.startswith("checkov.io/skip"):
                    check, _, reason = value.partition("=")
                    skips.append((check, reason))
    return skips


def test_every_checkov_skip_names_its_reason() -> None:
    """Each skip is written in the manifest with a reason, and there are few of them."""
    skips = _skips()
    assert skips
    for check, reason in skips:
        assert re.fullmatch(r"CKV2?_[A-Z0-9]+_\d+", check), check
        assert len(reason.strip()) >= 20, f"{check}: no reason given"
    # Only the ones argued in docs/DEPLOYMENT.md; a new one is a decision, not a fix.
    assert {check for check, _ in skips} == {
        "CKV_K8S_15",
        "CKV_K8S_35",
        "CKV_SECRET_6",
        "CKV_DOCKER_2",
    }


# Images and rollouts ------------------------------------------------------------------------


def test_every_image_is_pinned_by_digest() -> None:
    """Containers and init containers name `repository[:tag]@sha256:<64 hex>`."""
    pods = [_api_pod()["spec"], _kind("redis.yaml", "Deployment")[0]["spec"]["template"]["spec"]]
    images = [container["image"] for pod in pods for container in _containers(pod).values()]
    assert len(images) == 4
    for image in images:
        assert re.fullmatch(r"[a-z0-9./-]+(:[\w.-]+)?@sha256:[0-9a-f]{64}", image), image


def test_config_checksum_annotation_matches_the_configmap() -> None:
    """A ConfigMap change must change the pod template (`make k8s-checksum` rewrites it)."""
    annotation = _api_pod()["metadata"]["annotations"]["checksum/config"]
    expected = hashlib.sha256((K8S / "configmap.yaml").read_bytes()).hexdigest()
    assert annotation == expected, "k8s/configmap.yaml changed: run `make k8s-checksum`"


def test_rollout_keeps_every_old_pod_until_a_new_one_is_ready() -> None:
    """A new pod that fails its model check stalls the rollout instead of replacing a pod."""
    strategy = _documents("deployment.yaml")[0]["spec"]["strategy"]
    assert strategy["type"] == "RollingUpdate"
    assert strategy["rollingUpdate"]["maxUnavailable"] == 0


# Models: filled and verified before the app starts -----------------------------------------


def test_models_are_filled_then_verified_then_mounted_read_only() -> None:
    """fill-models writes the pod's models volume, verify-models checks it, the API reads it."""
    pod = _api_pod()["spec"]
    fill, verify = pod["initContainers"]
    assert (fill["name"], verify["name"]) == ("fill-models", "verify-models")
    volume = next(volume for volume in pod["volumes"] if volume["name"] == "models")
    assert "emptyDir" in volume
    model_path = _documents("configmap.yaml")[0]["data"]["MODEL_PATH"]
    mounts = {
        container["name"]: {mount["name"]: mount for mount in container["volumeMounts"]}
        for container in _containers(pod).values()
    }
    assert mounts["fill-models"]["models"]["mountPath"] == model_path
    assert not mounts["fill-models"]["models"].get("readOnly", False)
    for reader in ("verify-models", "api"):
        assert mounts[reader]["models"] == {
            "name": "models",
            "mountPath": model_path,
            "readOnly": True,
        }
    assert verify["command"] == ["fembalance-ml", "check-models", "--models-dir", model_path]
    # The verifier runs the app's image with the app's settings (model versions, backend).
    assert verify["image"] == pod["containers"][0]["image"]
    assert verify["envFrom"] == pod["containers"][0]["envFrom"]
    assert verify["env"] == pod["containers"][0]["env"]


def _models_image_source() -> str:
    """Where the models image keeps the tree (its Dockerfile's `COPY . <dir>`)."""
    dockerfile = (K8S / "models-image" / "Dockerfile").read_text()
    match = re.search(r"^COPY \. (\S+)$", dockerfile, re.MULTILINE)
    assert match, "the models image copies its context (models/) somewhere"
    return match.group(1)


def test_models_image_dockerfile_passes_hadolint() -> None:
    """The models image's Dockerfile is as clean as the app's three (hadolint's defaults)."""
    hadolint = REPO_ROOT / ".venv" / "bin" / "hadolint"
    if not hadolint.exists():
        pytest.fail(f"{hadolint} is missing: make install-dev installs it")
    dockerfile = K8S / "models-image" / "Dockerfile"
    result = subprocess.run([str(hadolint), str(dockerfile)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^USER 10001", dockerfile.read_text(), re.MULTILINE)


def _fill(target: Path) -> None:
    """Run fill-models' own command, with the image's tree and the volume as local folders."""
    fill = _api_pod()["spec"]["initContainers"][0]
    source, volume = _models_image_source(), _documents("configmap.yaml")[0]["data"]["MODEL_PATH"]
    command = [
        str(REPO_ROOT / "models") + part[len(source) :]
        if part.startswith(source + "/")
        else str(target) + part[len(volume) :]
        if part.startswith(volume + "/")
        else part
        for part in fill["command"]
    ]
    assert command != fill["command"]
    subprocess.run(command, check=True)


def _check_models(models_dir: Path) -> subprocess.CompletedProcess[str]:
    """`fembalance-ml check-models` from this checkout, as verify-models runs it."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "src"), "MODEL_WATCH_SECONDS": "0"}
    command = [sys.executable, "-m", "fembalance_ml.cli", "check-models"]
    return subprocess.run(
        [*command, "--models-dir", str(models_dir)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        check=False,
    )


def test_filled_models_pass_the_check_and_a_corrupted_file_fails_it(tmp_path: Path) -> None:
    """The init containers' commands end to end: a faithful copy passes, one flipped byte not."""
    volume = tmp_path / "models"
    volume.mkdir()
    _fill(volume)
    assert (volume / "pcos" / "latest").is_symlink(), "links must be copied as links"
    passed = _check_models(volume)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert passed.stdout.count(": ready ") == 3
    model = (volume / "pcos" / "latest").resolve() / "model.pkl"  # the version that serves
    data = bytearray(model.read_bytes())
    data[len(data) // 2] ^= 0xFF
    model.write_bytes(bytes(data))
    failed = _check_models(volume)
    assert failed.returncode == 1
    assert "pcos: NOT READY" in failed.stdout


# Network ------------------------------------------------------------------------------------


def _matches(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    wanted = selector.get("matchLabels", {})
    assert set(selector) <= {"matchLabels"}, "only matchLabels is modelled here"
    return all(labels.get(key) == value for key, value in wanted.items())


def _peer_admits(peer: dict[str, Any], pod: dict[str, Any], namespace: str) -> bool:
    """NetworkPolicy peer semantics: namespaceSelector AND podSelector when both are given."""
    if "namespaceSelector" in peer:
        namespace_labels = {"kubernetes.io/metadata.name": pod["namespace"]}
        if not _matches(peer["namespaceSelector"], namespace_labels):
            return False
    elif pod["namespace"] != namespace:
        return False
    return _matches(peer.get("podSelector", {}), pod["labels"])


def _allowed(source: dict[str, Any], target: dict[str, Any], port: int) -> bool:
    """Whether networkpolicy.yaml lets `source` open TCP `port` on `target` (both directions)."""
    policies = _documents("networkpolicy.yaml")

    def side(pod: dict[str, Any], kind: str, peer: dict[str, Any]) -> bool:
        selecting = [
            policy
            for policy in policies
            if pod["namespace"] == policy["metadata"]["namespace"]
            and kind in policy["spec"]["policyTypes"]
            and _matches(policy["spec"]["podSelector"], pod["labels"])
        ]
        if not selecting:
            return True  # no policy selects the pod: not isolated in this direction
        key, peers_key = ("ingress", "from") if kind == "Ingress" else ("egress", "to")
        for policy in selecting:
            for rule in policy["spec"].get(key, []):
                ports = {
                    entry["port"] for entry in rule.get("ports", []) if entry["protocol"] == "TCP"
                }
                peer_ok = any(
                    _peer_admits(entry, peer, policy["metadata"]["namespace"])
                    for entry in rule.get(peers_key, [])
                )
                if peer_ok and (not rule.get("ports") or port in ports):
                    return True
        return False

    return side(source, "Egress", target) and side(target, "Ingress", source)


API = {"namespace": "fembalance", "labels": _api_pod()["metadata"]["labels"]}
REDIS = {
    "namespace": "fembalance",
    "labels": _kind("redis.yaml", "Deployment")[0]["spec"]["template"]["metadata"]["labels"],
}
INGRESS_CONTROLLER = {
    "namespace": "ingress-nginx",
    "labels": {
        "app.kubernetes.io/name": "ingress-nginx",
        "app.kubernetes.io/component": "controller",
    },
}
PROMETHEUS = {"namespace": "monitoring", "labels": {"app.kubernetes.io/name": "prometheus"}}
OTHER_APP = {"namespace": "shop", "labels": {"app.kubernetes.io/name": "shop"}}
STRAY_POD = {"namespace": "fembalance", "labels": {"run": "debug"}}


@pytest.mark.parametrize(
    ("source", "target", "port", "allowed"),
    [
        (INGRESS_CONTROLLER, API, 8000, True),
        (PROMETHEUS, API, 8000, True),
        (OTHER_APP, API, 8000, False),
        (STRAY_POD, API, 8000, False),
        # A Prometheus pod elsewhere, or a pod named like the controller in another namespace.
        ({**PROMETHEUS, "namespace": "shop"}, API, 8000, False),
        ({**INGRESS_CONTROLLER, "namespace": "shop"}, API, 8000, False),
        (INGRESS_CONTROLLER, API, 9000, False),
        (API, REDIS, 6379, True),
        (INGRESS_CONTROLLER, REDIS, 6379, False),
        (STRAY_POD, REDIS, 6379, False),
        (OTHER_APP, REDIS, 6379, False),
        (API, OTHER_APP, 443, False),
        (REDIS, API, 8000, False),
    ],
)
def test_network_policies_admit_only_the_intended_peers(
    source: dict[str, Any], target: dict[str, Any], port: int, allowed: bool
) -> None:
    """Only the ingress controller and Prometheus reach the API; only the API reaches Redis."""
    assert _allowed(source, target, port) is allowed


def test_default_deny_covers_every_pod_both_ways() -> None:
    """An empty podSelector denying ingress and egress: a new pod starts isolated."""
    deny = next(
        p for p in _documents("networkpolicy.yaml") if p["metadata"]["name"] == "default-deny"
    )
    assert deny["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}


def test_forwarded_allow_ips_names_networks_that_gunicorn_accepts() -> None:
    """No `*`: only the ingress controller's addresses may set X-Forwarded-For."""
    value = _documents("configmap.yaml")[0]["data"]["FORWARDED_ALLOW_IPS"]
    networks = [ipaddress.ip_network(part.strip()) for part in value.split(",")]
    assert all(network.prefixlen >= 8 for network in networks), value
    result = subprocess.run(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--print-config", "no_such_module:app"],
        cwd=REPO_ROOT,
        env={**os.environ, "FORWARDED_ALLOW_IPS": value},
        capture_output=True,
        text=True,
        check=False,
    )
    match = re.search(r"^forwarded_allow_ips\s+=\s+(.+)$", result.stdout, re.MULTILINE)
    assert match, result.stdout + result.stderr
    assert match.group(1) == repr([part.strip() for part in value.split(",")])


# Ingress ------------------------------------------------------------------------------------


def _app_paths() -> set[str]:
    """Every path the app serves (development settings: docs and spec on), `{...}` filled."""
    app = build_app(make_settings())
    # The OpenAPI spec lists every API route, admin and /metrics included; the spec and the
    # docs pages are plain routes of their own.
    paths = set(app.openapi()["paths"]) | {app.openapi_url or ""}
    paths |= {route.path for route in app.routes if isinstance(route, Route)}
    return {concrete(path) for path in paths if path}


def test_ingress_routes_the_public_api_and_nothing_else() -> None:
    """docs/API.md's public routes go through; every other route of the app does not."""
    served = _app_paths()
    public = {path for path, is_public in documented_public().items() if is_public}
    assert public <= served
    assert len(public) == 10
    for path in public:
        assert ingress_routes(path), f"{path} is public but not routed"
    for path in served - public:
        assert not ingress_routes(path), f"{path} is routed from outside"
    for path in BLOCKED_PATHS:
        assert path in served
        assert not ingress_routes(path)


def test_ingress_terminates_tls_for_its_host_and_targets_the_service() -> None:
    """HTTPS for every host, redirect from HTTP, body limit as the app's, the right backend."""
    ingress = _kind("ingress.yaml", "Ingress")[0]
    hosts = {rule["host"] for rule in ingress["spec"]["rules"]}
    tls_hosts = {host for entry in ingress["spec"]["tls"] for host in entry["hosts"]}
    assert hosts <= tls_hosts
    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/force-ssl-redirect"] == "true"
    assert annotations["nginx.ingress.kubernetes.io/proxy-body-size"] == "1m"
    assert int(_documents("configmap.yaml")[0]["data"]["MAX_BODY_BYTES"]) == 1024 * 1024
    service = _documents("service.yaml")[0]
    port_names = {port["name"] for port in service["spec"]["ports"]}
    for rule in ingress["spec"]["rules"]:
        for entry in rule["http"]["paths"]:
            assert entry["backend"]["service"]["name"] == service["metadata"]["name"]
            assert entry["backend"]["service"]["port"]["name"] in port_names


NO_RULE = "no ingress rule"


def _as_ingress_nginx_renders(listen: int, upstream: int) -> str:
    """The Ingress rules as nginx locations, the way ingress-nginx renders them.

    Exact -> `location = path`; Prefix -> `location = path` and `location path/`; whatever
    matches no rule -> the default backend's 404 (marked, to tell it from the app's).
    """
    proxy = f"{{ proxy_pass http://127.0.0.1:{upstream}; }}"
    locations = []
    for entry in ingress_rules():
        path = entry["path"]
        locations.append(f"location = {path} {proxy}")
        if entry["pathType"] == "Prefix":
            locations.append(f"location {path.rstrip('/')}/ {proxy}")
    default = f'location / {{ default_type text/plain; return 404 "{NO_RULE}"; }}'
    return f"server {{ listen 127.0.0.1:{listen}; {' '.join(locations)} {default} }}"


def _raw_request(port: int, method: str, path: str) -> tuple[int, str]:
    """Send `path` byte for byte (no client-side normalisation); return status and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        body = b"{}" if method == "POST" else None
        connection.request(method, path, body=body, headers={"Content-Type": "application/json"})
        answer = connection.getresponse()
        return answer.status, answer.read().decode(errors="replace")
    finally:
        connection.close()


@pytest.mark.integration
def test_blocked_routes_stay_blocked_through_a_real_nginx_with_the_ingress_rules() -> None:
    """Through nginx with the Ingress's rules: public routes reach the app, tricks do not."""
    listen = free_port()
    with (
        gunicorn_server(workers=1) as app,
        run_nginx(_as_ingress_nginx_renders(listen, int(app.url.rsplit(":", 1)[1])), [listen]),
    ):
        for (method, template), route in documented_routes().items():
            if not route.public:
                continue
            status, body = _raw_request(listen, method, concrete(template))
            # GETs answer 200; a POST's `{}` gets the app's own 422: either way it got through.
            assert (status, NO_RULE in body) == (200 if method == "GET" else 422, False), template
        for path in ATTACK_PATHS:
            for method in ("GET", "POST"):
                status, body = _raw_request(listen, method, path)
                assert (status, body) == (404, NO_RULE), f"{method} {path} -> {status}"


# Redis: password from the Secret, checked against a real redis-server ----------------------


def _redis_container() -> dict[str, Any]:
    pod = _kind("redis.yaml", "Deployment")[0]["spec"]["template"]["spec"]
    container: dict[str, Any] = pod["containers"][0]
    return container


def _password_file_in_pod() -> str:
    pod = _kind("redis.yaml", "Deployment")[0]["spec"]["template"]["spec"]
    volume = next(volume for volume in pod["volumes"] if "secret" in volume)
    secret = volume["secret"]
    assert secret["secretName"] == "fembalance-redis"
    (item,) = secret["items"]
    assert item["key"] == "password"
    mount = next(m for m in _redis_container()["volumeMounts"] if m["name"] == volume["name"])
    assert mount["readOnly"] is True
    return f"{mount['mountPath']}/{item['path']}"


@pytest.fixture
def redis_as_deployed(tmp_path: Path) -> Iterator[tuple[int, str]]:
    """redis-server started by redis.yaml's own shell command; yields its port and password."""
    password = hashlib.sha256(os.urandom(16)).hexdigest()
    secret_file = tmp_path / "password"
    secret_file.write_text(password)
    shell = _redis_container()["command"][-1].replace(_password_file_in_pod(), str(secret_file))
    port = free_port()
    script = f"{shell} --port {port} --bind 127.0.0.1 --dir {tmp_path}"
    script = script.replace("exec redis-server", f"exec {REDIS_SERVER}")
    process = subprocess.Popen(["sh", "-c", script], cwd=tmp_path, stdout=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        yield port, password
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_redis_refuses_clients_without_the_password(redis_as_deployed: tuple[int, str]) -> None:
    """requirepass is on: a client without the Secret's password gets nothing."""
    port, _ = redis_as_deployed
    with pytest.raises(redis.AuthenticationError):
        redis.Redis(port=port, socket_timeout=5).ping()


def test_readiness_probe_passes_only_with_the_password(
    redis_as_deployed: tuple[int, str], tmp_path: Path
) -> None:
    """The probe's own command succeeds against the server, and fails with a wrong password."""
    port, password = redis_as_deployed
    probe = _redis_container()["readinessProbe"]["exec"]["command"]
    secret_file = tmp_path / "probe-password"
    script = probe[-1].replace(_password_file_in_pod(), str(secret_file))
    script = script.replace("redis-cli ping", f"{REDIS_CLI} -p {port} ping")
    for written, expected in ((password, 0), ("wrong", 1)):
        secret_file.write_text(written)
        assert subprocess.run([*probe[:-1], script], check=False).returncode == expected


def test_api_redis_url_is_built_from_the_same_secret(redis_as_deployed: tuple[int, str]) -> None:
    """The API's REDIS_URL, expanded as the kubelet does, authenticates against that Redis."""
    port, password = redis_as_deployed
    env = {entry["name"]: entry for entry in _api_pod()["spec"]["containers"][0]["env"]}
    reference = env["REDIS_PASSWORD"]["valueFrom"]["secretKeyRef"]
    assert reference == {"name": "fembalance-redis", "key": "password"}
    names = list(env)
    assert names.index("REDIS_PASSWORD") < names.index("REDIS_URL"), "$(VAR) needs it defined first"
    url = env["REDIS_URL"]["value"].replace("$(REDIS_PASSWORD)", password)
    service = _kind("redis.yaml", "Service")[0]
    address = f"{service['metadata']['name']}:{service['spec']['ports'][0]['port']}"
    assert address in url
    client = redis.Redis.from_url(url.replace(address, f"127.0.0.1:{port}"), socket_timeout=5)
    assert client.ping() is True
    assert "REDIS_URL" not in _documents("configmap.yaml")[0]["data"]


def test_example_secrets_are_obvious_placeholders() -> None:
    """Every non-empty value in examples/secret.yaml starts with PLACEHOLDER (never applied)."""
    documents = list(yaml.safe_load_all((K8S / "examples" / "secret.yaml").read_text()))
    assert {doc["metadata"]["name"] for doc in documents} == {"fembalance-ml", "fembalance-redis"}
    for document in documents:
        for key, value in document["stringData"].items():
            for part in filter(None, value.split(",")):
                assert part.startswith("PLACEHOLDER"), key


# Resources and probes -----------------------------------------------------------------------


def test_cpu_limit_leaves_room_above_the_request() -> None:
    """A CPU limit equal to the request throttles the workers in every burst."""
    resources = _api_pod()["spec"]["containers"][0]["resources"]
    workers = int(_documents("configmap.yaml")[0]["data"]["MAX_WORKERS"])
    assert float(resources["requests"]["cpu"]) == workers
    assert float(resources["limits"]["cpu"]) > float(resources["requests"]["cpu"])


def test_liveness_outlasts_gunicorns_own_worker_timeout() -> None:
    """A worker busy with a heavy batch is gunicorn's to handle (WORKER_TIMEOUT), not a restart."""
    container = _api_pod()["spec"]["containers"][0]
    worker_timeout = int(_documents("configmap.yaml")[0]["data"]["WORKER_TIMEOUT"])
    liveness = container["livenessProbe"]
    assert liveness["periodSeconds"] * liveness["failureThreshold"] > worker_timeout
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert container[probe]["timeoutSeconds"] >= 5, probe
