"""German answers of /symptoms, word for word, on the paths where wording matters most.

The crisis and urgent texts keep their urgency and the help they point to; values (days,
dates, signs) land in the German sentence; the codes beside the texts stay as they are.
"""

from __future__ import annotations

from typing import Any

from fembalance_ml.i18n import use_catalog
from fembalance_ml.i18n.catalogs import translations
from fembalance_ml.symptoms.forecast import SymptomForecastModel
from fembalance_ml.symptoms.schemas import RedFlag, SymptomRequest, SymptomResult
from fembalance_ml.symptoms.service import predict
from tests.symptoms.test_service import TODAY

STARTS = ("2026-03-01", "2026-03-29", "2026-04-26", "2026-05-24")
CRISIS_DE = (
    "Sie haben Suizidgedanken oder Selbstverletzung eingetragen. Wenn Sie danach handeln "
    "könnten oder das Gefühl haben, sich nicht selbst schützen zu können, wenden Sie sich "
    "jetzt an den Rettungsdienst oder eine Krisen-Hotline: zum Beispiel 112 (Europäische "
    "Union), 999 (Vereinigtes Königreich) oder 911 (USA und Kanada) im Notfall; 988 (USA "
    "und Kanada) oder die Samaritans unter 116 123 (Vereinigtes Königreich und Irland), um "
    "jederzeit mit jemandem zu sprechen; anderswo Ihre örtliche Notrufnummer. Bitte sagen "
    "Sie es heute auch einer Ärztin oder einem Arzt oder einer Person, der Sie vertrauen: "
    "Sie müssen damit nicht allein fertigwerden, und Hilfe wirkt."
)
NOT_ENOUGH_DE = (
    "Auswertbare Zyklen: 0. Tragen Sie die DRSP-Items täglich für 2 weitere(n) "
    "Zyklus/Zyklen ein (an mindestens 4 der 7 Tage vor Beginn einer Periode und an 4 der "
    "Tage 4-10 danach), um das Screening abzuschließen."
)


def german(model: SymptomForecastModel, body: dict[str, Any]) -> SymptomResult:
    request = SymptomRequest.model_validate(body)
    with use_catalog(translations("de")):
        return predict(model, request, today=TODAY)


def flag(result: SymptomResult, code: str) -> RedFlag:
    return next(found for found in result.red_flags if found.code == code)


def logs(symptom: str, severity: int, *days: str) -> list[dict[str, Any]]:
    return [{"date": day, "symptom": symptom, "severity": severity} for day in days]


def test_thoughts_of_suicide_get_the_crisis_text_in_german(model: SymptomForecastModel) -> None:
    days = ("2026-05-25", "2026-05-26", "2026-05-27", "2026-05-28", "2026-05-29")
    result = german(
        model,
        {
            "cycles": [{"start_date": start} for start in STARTS],
            "logs": logs("suicidal_thoughts", 3, *days),
            "as_of": "2026-05-30",
        },
    )
    crisis = result.red_flags[0]
    assert crisis.code == "crisis_support"
    assert crisis.guidance == CRISIS_DE
    assert crisis.evidence == [
        "suicidal_thoughts eingetragen an 5 Tag(en) "
        "(2026-05-25, 2026-05-26, 2026-05-27 und 2 weitere)"
    ]
    assert [part.code for part in crisis.guidance_codes] == [
        "crisis_support.suicidal_thoughts_or_self_harm"
    ]
    assert crisis.evidence_codes[0].code == "evidence.logged_on_days"
    assert crisis.evidence_codes[0].params["dates"] == list(days)
    assert result.pmdd_screen.message == NOT_ENOUGH_DE
    assert result.pmdd_screen.message_codes[0].params == {"evaluated": 0, "missing": 2}


def test_a_late_period_with_pain_is_urgent_in_german(model: SymptomForecastModel) -> None:
    result = german(
        model,
        {
            "cycles": [{"start_date": start} for start in STARTS],
            "logs": logs("pelvic_pain", 4, "2026-06-29"),
            "as_of": "2026-06-30",
            "age": 30,
        },
    )
    urgent = flag(result, "urgent_care")
    assert urgent.guidance == (
        "Ihre Periode ist 9 Tage überfällig und Sie haben Folgendes eingetragen: Schmerzen. "
        "Wenn eine Schwangerschaft möglich ist, können Schmerzen, Blutung, Schwindel oder "
        "eine Ohnmacht bei ausbleibender Periode ein Zeichen einer Eileiterschwangerschaft "
        "oder einer Fehlgeburt sein: Suchen Sie noch heute medizinische Hilfe und machen Sie "
        "einen Schwangerschaftstest (NICE NG126). Falls Ihre Periode doch begonnen hat, "
        "tragen Sie ihren Beginn ein."
    )
    assert urgent.evidence == [
        "kein Periodenbeginn eingetragen 9 Tage nach dem erwarteten Beginn am 2026-06-21",
        "Schmerzen seitdem eingetragen am 2026-06-29",
    ]
    assert urgent.guidance_codes[0].model_dump() == {
        "code": "urgent_care.late_period_with_pain_or_bleeding",
        "params": {"days": 9, "signs": ["pain"]},
    }


def test_pregnancy_notes_and_the_missing_forecast_in_german(model: SymptomForecastModel) -> None:
    result = german(
        model,
        {
            "cycles": [{"start_date": start} for start in STARTS],
            "as_of": "2026-06-10",
            "context": {"pregnancy": "pregnant"},
        },
    )
    screen = result.pmdd_screen
    assert screen.message == NOT_ENOUGH_DE + " " + screen.notes[0].message
    assert screen.notes[0].message.startswith(
        "Sie haben angegeben, dass Sie schwanger sind: Dieses prämenstruelle Screening"
    )
    assert [part.code for part in screen.message_codes] == [
        "pmdd_screen.insufficient_cycles",
        "pmdd_screen_in_pregnancy",
    ]
    no_forecast = next(a for a in result.assumptions if a.code == "no_symptom_forecast")
    assert no_forecast.message == (
        "Sie haben angegeben, dass Sie schwanger sind: Es gibt keinen Menstruationszyklus, "
        "entlang dessen Symptome vorhergesagt werden könnten, daher ist `forecast` leer."
    )
