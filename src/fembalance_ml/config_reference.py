"""docs/SETTINGS.md, written from the Settings model: every setting by group.

    python -m fembalance_ml.config_reference [--output docs/SETTINGS.md]

tests/test_config_reference.py fails when the file and the model disagree, so a new or
changed setting only needs its description in config_groups.py / config_stores.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from pydantic import BaseModel, SecretStr
from pydantic.fields import FieldInfo

from fembalance_ml.config import PROJECT_ROOT, Settings
from fembalance_ml.config_env import env_name, group_of

HEADER = """# Settings reference

Generated from `src/fembalance_ml/config.py` by `python -m fembalance_ml.config_reference
--output docs/SETTINGS.md`; do not edit by hand (a test compares the two).

Each setting is read from its environment variable, then `.env`, then
`.env.<ENVIRONMENT>` (real environment variables win). In code the settings are grouped:
`settings.<group>.<attribute>`, e.g. `settings.server.port` for `PORT`. Settings marked
advanced are internal tuning knobs with measured defaults: they are listed apart, at the
end, and rarely need changing. Deprecated settings still start the service, each with a
`deprecated_setting` warning at start-up that names it and what replaces it (never its
value).
"""

Row = tuple[str, str, FieldInfo]  # (environment name, attribute path, field)


def _default(info: FieldInfo) -> str:
    """The default as an operator would write it; paths relative to the checkout."""
    value: Any = info.get_default(call_default_factory=True)
    if value is None:
        return "unset"
    if isinstance(value, SecretStr):
        return "a development-only key"
    if isinstance(value, Path):
        text = str(value)
        for root, name in ((PROJECT_ROOT, "<project>"), (PROJECT_ROOT.parent, "<project>/..")):
            if value.is_relative_to(root):
                text = f"{name}/{value.relative_to(root).as_posix()}"
                break
        return f"`{text}`"
    if isinstance(value, list):
        return f"`{','.join(map(str, value))}`" if value else "none"
    if isinstance(value, dict):
        return "none" if not value else f"`{value}`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def _advanced(info: FieldInfo) -> bool:
    extra = info.json_schema_extra
    return bool(isinstance(extra, dict) and extra.get("advanced"))


def _table(rows: list[Row]) -> list[str]:
    lines = ["| variable | attribute | default | what it does |", "|---|---|---|---|"]
    for env, path, info in rows:
        description = (info.description or "").replace("|", "\\|")
        lines.append(f"| `{env}` | `{path}` | {_default(info)} | {description} |")
    return lines


def _groups(settings_cls: type[BaseModel]) -> list[tuple[str, str, list[Row]]]:
    """(title, docstring, rows) for the top-level settings and then each group."""
    top: list[Row] = []
    groups: list[tuple[str, str, list[Row]]] = []
    for name, info in settings_cls.model_fields.items():
        group = group_of(info)
        if group is None:
            top.append((env_name(name, info), name, info))
            continue
        rows = [
            (env_name(field, field_info), f"{name}.{field}", field_info)
            for field, field_info in group.model_fields.items()
        ]
        groups.append((name, (group.__doc__ or "").strip(), rows))
    return [("(top level)", "The profile every other setting is read for.", top), *groups]


def render(settings_cls: type[BaseModel] = Settings) -> str:
    """The whole reference, as Markdown."""
    lines = [HEADER.rstrip("\n")]
    knobs: list[Row] = []
    for title, doc, rows in _groups(settings_cls):
        common = [row for row in rows if not _advanced(row[2])]
        knobs.extend(row for row in rows if _advanced(row[2]))
        lines += ["", f"## {title}", "", doc, ""]
        lines += _table(common) if common else ["Every setting of this group is advanced."]
    lines += ["", "## Advanced: tuning knobs", ""]
    lines += _table(knobs)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=PROJECT_ROOT / "docs" / "SETTINGS.md")
    args = parser.parse_args(argv)
    args.output.write_text(render())


if __name__ == "__main__":
    main()
