"""One version everywhere: package, API spec, images, Kubernetes and the changelog."""

from __future__ import annotations

import re
import tomllib

from fembalance_ml import __version__
from fembalance_ml.main import build_app
from tests.conftest import make_settings
from tests.support.servers import REPO_ROOT


def test_the_package_reads_its_version_from_the_code() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    assert "version" in project["project"]["dynamic"]
    dynamic = project["tool"]["setuptools"]["dynamic"]["version"]
    assert dynamic == {"attr": "fembalance_ml.__version__"}


def test_the_api_spec_carries_the_version() -> None:
    assert build_app(make_settings()).openapi()["info"]["version"] == __version__


def test_the_changelog_opens_with_the_version() -> None:
    entries = re.findall(r"^## \[([^\]]+)\]", (REPO_ROOT / "CHANGELOG.md").read_text(), re.M)
    assert entries[0] == __version__


def test_the_images_and_the_deployment_name_the_version() -> None:
    for dockerfile in ("Dockerfile.prod", "Dockerfile.gpu"):
        text = (REPO_ROOT / dockerfile).read_text()
        assert f'org.opencontainers.image.version="{__version__}"' in text, dockerfile
    deployment = (REPO_ROOT / "k8s" / "deployment.yaml").read_text()
    tags = re.findall(r"image: \S*fembalance-ml:([^\s@]+)", deployment)
    assert tags, "k8s/deployment.yaml names no fembalance-ml image"
    assert set(tags) == {__version__}
