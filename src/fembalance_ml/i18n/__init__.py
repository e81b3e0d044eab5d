"""Localisable texts: stable keys, English templates, gettext catalogs per language."""

from fembalance_ml.i18n.text import (
    Text,
    current_catalog,
    current_language,
    set_catalog,
    use_catalog,
)

__all__ = ["Text", "current_catalog", "current_language", "set_catalog", "use_catalog"]
