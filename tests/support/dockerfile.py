"""Read a Dockerfile's instructions: enough to replay its final stage without Docker."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Instruction:
    """One instruction: its keyword (upper case) and the rest of its logical line."""

    keyword: str
    argument: str


@dataclass
class Stage:
    """The instructions of one FROM ... stage."""

    base: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        """The ENV values this stage sets, in `KEY=value` form, later ones winning."""
        values: dict[str, str] = {}
        for instruction in self.of("ENV"):
            for pair in shlex.split(instruction.argument):
                key, _, value = pair.partition("=")
                values[key] = value
        return values

    def exec_form(self, keyword: str) -> list[str]:
        """The last `keyword` (CMD, ENTRYPOINT) of this stage as an exec-form list."""
        found = self.of(keyword)
        if not found:
            raise ValueError(f"stage {self.name or self.base} has no {keyword}")
        return self._exec_list(keyword, found[-1].argument)

    @staticmethod
    def _exec_list(keyword: str, text: str) -> list[str]:
        parsed = json.loads(text)
        if not (isinstance(parsed, list) and all(isinstance(part, str) for part in parsed)):
            raise ValueError(f"{keyword} is not in exec form: {text}")
        return [str(part) for part in parsed]

    def healthcheck(self) -> list[str]:
        """The exec-form command of this stage's HEALTHCHECK (the part after CMD)."""
        (instruction,) = self.of("HEALTHCHECK")[-1:] or [Instruction("HEALTHCHECK", "NONE")]
        _, found, command = instruction.argument.partition("CMD ")
        if not found:
            raise ValueError(f"stage {self.name or self.base} has no HEALTHCHECK CMD")
        return self._exec_list("HEALTHCHECK", command)

    def local_copies(self) -> list[tuple[list[str], str]]:
        """COPY instructions from the build context (not --from a stage): (sources, dest)."""
        copies = []
        for instruction in self.of("COPY"):
            words = shlex.split(instruction.argument)
            if any(word.startswith("--from") for word in words):
                continue
            paths = [word for word in words if not word.startswith("--")]
            copies.append((paths[:-1], paths[-1]))
        return copies

    def of(self, keyword: str) -> list[Instruction]:
        """This stage's instructions with the given keyword."""
        return [each for each in self.instructions if each.keyword == keyword]


def logical_lines(text: str) -> list[str]:
    """Join backslash continuations and drop comments and blank lines."""
    lines: list[str] = []
    current = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if current and stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1].rstrip() + " "
            continue
        lines.append(current + stripped)
        current = ""
    if current.strip():
        lines.append(current.strip())
    return lines


def parse_stages(path: Path) -> list[Stage]:
    """The stages of the Dockerfile at `path`, in order."""
    stages: list[Stage] = []
    for line in logical_lines(path.read_text()):
        keyword, _, argument = line.partition(" ")
        keyword, argument = keyword.upper(), argument.strip()
        if keyword == "FROM":
            words = argument.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            stages.append(Stage(base=words[0], name=name))
        elif stages:
            stages[-1].instructions.append(Instruction(keyword, argument))
    return stages
