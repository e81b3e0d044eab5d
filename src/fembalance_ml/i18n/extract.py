"""Bring every language's catalogs up to date with the texts in the code, or check they are.

    python -m fembalance_ml.i18n.extract          # rewrite locales/*/LC_MESSAGES/*.po
    python -m fembalance_ml.i18n.extract --check  # exit 1 if a catalog is stale or incomplete

The texts are the `Text` constants of every module of the service (importing a module
registers them). A new text arrives untranslated; a text whose English changed keeps its old
translation marked fuzzy, which the service does not use until a translator removes the
mark. Texts gone from the code leave the catalogs.
"""

from __future__ import annotations

import argparse
import importlib
import io
import pkgutil
import sys
from collections.abc import Iterable, Sequence

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

import fembalance_ml
from fembalance_ml.i18n.catalogs import (
    PSEUDO_LANGUAGE,
    SOURCE_LANGUAGE,
    available_languages,
    catalog_path,
)
from fembalance_ml.i18n.text import DOMAINS, REGISTRY, Text

# Training code says nothing to a person at serving time and imports heavy libraries;
# migrations and the Gunicorn configuration run only inside their tools.
SKIPPED_PACKAGES = (
    "fembalance_ml.training",
    "fembalance_ml.ledger.migrations",
    "fembalance_ml.gunicorn_conf",
)

HEADER = (
    "# The FEMbalance ML API's texts of the {domain} domain, in {language}.\n"
    "# Translate msgstr only, keeping every {{value}} as it is; the key (msgctxt) and the\n"
    "# English (msgid) follow the code: python -m fembalance_ml.i18n.extract"
)


def load_all_texts() -> dict[str, Text]:
    """Import every serving module so that each registers its texts; the texts by key."""
    prefix = fembalance_ml.__name__ + "."
    for module in pkgutil.walk_packages(fembalance_ml.__path__, prefix):
        if not module.name.startswith(SKIPPED_PACKAGES):
            importlib.import_module(module.name)
    return dict(REGISTRY)


def _template_catalog(texts: Iterable[Text], language: str, domain: str) -> Catalog:
    template = Catalog(
        locale=language,
        domain=domain,
        header_comment=HEADER.format(language=language, domain=domain),
        project="fembalance-ml",
        version=fembalance_ml.__version__.split(".", 1)[0],
        msgid_bugs_address="see README.md",
        last_translator="FEMbalance ML API team",
        language_team="FEMbalance ML API team",
        fuzzy=False,
    )
    for text in sorted(texts, key=lambda item: item.key):
        comments = [text.note] if text.note else []
        if text.fields:
            names = ", ".join("{" + name + "}" for name in sorted(text.fields))
            comments.append(f"values: {names}")
        template.add(text.template, context=text.key, auto_comments=comments)
    return template


def updated_catalog(texts: Iterable[Text], language: str, domain: str) -> Catalog:
    """The catalog of `domain` in `language` as the code's texts make it."""
    path = catalog_path(language, domain)
    template = _template_catalog(texts, language, domain)
    if not path.is_file():
        return template
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=domain)
    catalog.update(template, update_header_comment=False)
    return catalog


def render_po(catalog: Catalog) -> bytes:
    """A catalog as .po bytes, without dates, so that unchanged catalogs stay unchanged."""
    catalog.creation_date = catalog.revision_date = None  # type: ignore[assignment]
    out = io.BytesIO()
    write_po(out, catalog, ignore_obsolete=True, omit_header=False, width=100)
    return b"\n".join(
        line
        for line in out.getvalue().split(b"\n")
        if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date'))
    )


def problems(catalog: Catalog) -> list[str]:
    """Texts a catalog does not translate, or translates with a fuzzy mark."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        if not message.string:
            found.append(f"untranslated: {message.context}")
        elif message.fuzzy:
            found.append(f"fuzzy: {message.context}")
    return found


def translated_languages() -> list[str]:
    """The languages with catalogs: every available one but the source and the pseudo."""
    return [
        language
        for language in available_languages()
        if language not in (SOURCE_LANGUAGE, PSEUDO_LANGUAGE)
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    texts = load_all_texts()
    failures: list[str] = []
    for language in translated_languages():
        for domain in DOMAINS:
            domain_texts = [text for text in texts.values() if text.domain == domain]
            path = catalog_path(language, domain)
            if not domain_texts and not path.is_file():
                continue
            catalog = updated_catalog(domain_texts, language, domain)
            content = render_po(catalog)
            current = path.read_bytes() if path.is_file() else b""
            if args.check:
                if content != current:
                    failures.append(f"{path}: stale (run python -m fembalance_ml.i18n.extract)")
                failures.extend(f"{path}: {problem}" for problem in problems(catalog))
            elif content != current:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
                print(f"updated {path}")
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
