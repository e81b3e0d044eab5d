"""`service.result_json` writes a PCOS result exactly as pydantic's serializer does.

For every model version, on the golden corpus's valid requests (every symptom pattern,
labs, adolescents, contexts with their flags and assumptions), in English and German.
"""

from __future__ import annotations

import pytest

from fembalance_ml.i18n import use_catalog
from fembalance_ml.i18n.catalogs import translations
from fembalance_ml.pcos.schemas import PcosRequest
from fembalance_ml.pcos.service import predict, result_json
from tests.pcos import golden_corpus
from tests.pcos.test_columnar import valid
from tests.pcos.test_one_row import VERSIONS, loaded

REQUESTS = valid(golden_corpus.corpus(2027, 600))


@pytest.mark.parametrize("language", [None, "de"])
@pytest.mark.parametrize("version", VERSIONS)
def test_result_json_is_pydantics(version: str, language: str | None) -> None:
    model = loaded(version, "onnx")
    requests: list[PcosRequest] = REQUESTS
    with use_catalog(None if language is None else translations(language)):
        results = [predict(model, r, today=golden_corpus.TODAY) for r in requests]
        assert any(r.flags for r in results)
        assert any(r.assumptions for r in results)
        for result in results:
            assert result_json(result) == result.__pydantic_serializer__.to_json(result)
        # A result validated from its JSON (as a client or a cache would read it) too.
        again = type(results[0]).model_validate_json(result_json(results[0]))
        assert result_json(again) == again.__pydantic_serializer__.to_json(again)
