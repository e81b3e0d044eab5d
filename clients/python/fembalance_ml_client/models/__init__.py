"""Contains all the data models used in inputs/outputs"""

from .assumption import Assumption
from .assumption_params import AssumptionParams
from .batch_item_error import BatchItemError
from .batch_model_name import BatchModelName
from .batch_request import BatchRequest
from .batch_response import BatchResponse
from .contribution import Contribution
from .criteria import Criteria
from .cycle_batch_answer import CycleBatchAnswer
from .cycle_batch_answer_model_name import CycleBatchAnswerModelName
from .cycle_batch_item import CycleBatchItem
from .cycle_batch_item_model_name import CycleBatchItemModelName
from .cycle_entry import CycleEntry
from .cycle_request import CycleRequest
from .cycle_response import CycleResponse
from .cycle_response_confidence import CycleResponseConfidence
from .cycle_response_regularity import CycleResponseRegularity
from .cycle_start import CycleStart
from .cycle_status import CycleStatus
from .cycle_status_current_phase import CycleStatusCurrentPhase
from .erased_counts import ErasedCounts
from .erasure_done import ErasureDone
from .erasure_request import ErasureRequest
from .error_body import ErrorBody
from .error_body_details_item import ErrorBodyDetailsItem
from .error_envelope import ErrorEnvelope
from .fertile_window import FertileWindow
from .flag_out import FlagOut
from .flag_out_params import FlagOutParams
from .forecast_entry import ForecastEntry
from .get_experiment_response_getexperiment import GetExperimentResponseGetexperiment
from .ledger_readiness import LedgerReadiness
from .list_models_response_listmodels import ListModelsResponseListmodels
from .list_pcos_features_response_listpcosfeatures import ListPcosFeaturesResponseListpcosfeatures
from .list_symptoms_response_listsymptoms import ListSymptomsResponseListsymptoms
from .liveness import Liveness
from .model_readiness import ModelReadiness
from .outcome_accepted import OutcomeAccepted
from .outcome_request import OutcomeRequest
from .pcos_batch_answer import PcosBatchAnswer
from .pcos_batch_answer_model_name import PcosBatchAnswerModelName
from .pcos_batch_item import PcosBatchItem
from .pcos_batch_item_model_name import PcosBatchItemModelName
from .pcos_features import PcosFeatures
from .pcos_flag import PcosFlag
from .pcos_flag_code import PcosFlagCode
from .pcos_flag_params import PcosFlagParams
from .pcos_request import PcosRequest
from .pcos_response import PcosResponse
from .pcos_response_risk_level import PcosResponseRiskLevel
from .pcos_response_variant import PcosResponseVariant
from .person_context import PersonContext
from .person_context_breastfeeding_type_0 import PersonContextBreastfeedingType0
from .person_context_contraception_type_0 import PersonContextContraceptionType0
from .person_context_hrt_type_0 import PersonContextHrtType0
from .person_context_menopause_type_0 import PersonContextMenopauseType0
from .person_context_pregnancy_type_0 import PersonContextPregnancyType0
from .pmdd_screen import PmddScreen
from .pmdd_screen_result import PmddScreenResult
from .prediction_interval import PredictionInterval
from .readiness import Readiness
from .readiness_models import ReadinessModels
from .readiness_status import ReadinessStatus
from .red_flag import RedFlag
from .red_flag_params import RedFlagParams
from .screened_cycle import ScreenedCycle
from .screened_cycle_result import ScreenedCycleResult
from .symptom_log import SymptomLog
from .symptom_log_symptom import SymptomLogSymptom
from .symptom_pattern import SymptomPattern
from .symptom_request import SymptomRequest
from .symptom_response import SymptomResponse
from .symptoms_batch_answer import SymptomsBatchAnswer
from .symptoms_batch_answer_model_name import SymptomsBatchAnswerModelName
from .symptoms_batch_item import SymptomsBatchItem
from .symptoms_batch_item_model_name import SymptomsBatchItemModelName
from .upcoming_cycle import UpcomingCycle

__all__ = (
    "Assumption",
    "AssumptionParams",
    "BatchItemError",
    "BatchModelName",
    "BatchRequest",
    "BatchResponse",
    "Contribution",
    "Criteria",
    "CycleBatchAnswer",
    "CycleBatchAnswerModelName",
    "CycleBatchItem",
    "CycleBatchItemModelName",
    "CycleEntry",
    "CycleRequest",
    "CycleResponse",
    "CycleResponseConfidence",
    "CycleResponseRegularity",
    "CycleStart",
    "CycleStatus",
    "CycleStatusCurrentPhase",
    "ErasedCounts",
    "ErasureDone",
    "ErasureRequest",
    "ErrorBody",
    "ErrorBodyDetailsItem",
    "ErrorEnvelope",
    "FertileWindow",
    "FlagOut",
    "FlagOutParams",
    "ForecastEntry",
    "GetExperimentResponseGetexperiment",
    "LedgerReadiness",
    "ListModelsResponseListmodels",
    "ListPcosFeaturesResponseListpcosfeatures",
    "ListSymptomsResponseListsymptoms",
    "Liveness",
    "ModelReadiness",
    "OutcomeAccepted",
    "OutcomeRequest",
    "PcosBatchAnswer",
    "PcosBatchAnswerModelName",
    "PcosBatchItem",
    "PcosBatchItemModelName",
    "PcosFeatures",
    "PcosFlag",
    "PcosFlagCode",
    "PcosFlagParams",
    "PcosRequest",
    "PcosResponse",
    "PcosResponseRiskLevel",
    "PcosResponseVariant",
    "PersonContext",
    "PersonContextBreastfeedingType0",
    "PersonContextContraceptionType0",
    "PersonContextHrtType0",
    "PersonContextMenopauseType0",
    "PersonContextPregnancyType0",
    "PmddScreen",
    "PmddScreenResult",
    "PredictionInterval",
    "Readiness",
    "ReadinessModels",
    "ReadinessStatus",
    "RedFlag",
    "RedFlagParams",
    "ScreenedCycle",
    "ScreenedCycleResult",
    "SymptomLog",
    "SymptomLogSymptom",
    "SymptomPattern",
    "SymptomRequest",
    "SymptomResponse",
    "SymptomsBatchAnswer",
    "SymptomsBatchAnswerModelName",
    "SymptomsBatchItem",
    "SymptomsBatchItemModelName",
    "UpcomingCycle",
)
