"""Contains all the data models used in inputs/outputs"""

from .arm_comparison import ArmComparison
from .arm_id import ArmId
from .arm_report import ArmReport
from .arm_report_figures import ArmReportFigures
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
from .cycle_start import CycleStart
from .cycle_status import CycleStatus
from .erased_counts import ErasedCounts
from .erasure_done import ErasureDone
from .erasure_request import ErasureRequest
from .error_body import ErrorBody
from .error_body_details_item import ErrorBodyDetailsItem
from .error_envelope import ErrorEnvelope
from .experiment_report import ExperimentReport
from .fertile_window import FertileWindow
from .figure import Figure
from .flag_out import FlagOut
from .flag_out_params import FlagOutParams
from .forecast_entry import ForecastEntry
from .ledger_readiness import LedgerReadiness
from .liveness import Liveness
from .model_info import ModelInfo
from .model_info_backends import ModelInfoBackends
from .model_info_backends_additional_property import ModelInfoBackendsAdditionalProperty
from .model_info_experiment_type_0 import ModelInfoExperimentType0
from .model_info_metadata_type_0 import ModelInfoMetadataType0
from .model_info_versions_metadata import ModelInfoVersionsMetadata
from .model_info_versions_metadata_additional_property import ModelInfoVersionsMetadataAdditionalProperty
from .model_listing import ModelListing
from .model_readiness import ModelReadiness
from .outcome_accepted import OutcomeAccepted
from .outcome_request import OutcomeRequest
from .pcos_batch_answer import PcosBatchAnswer
from .pcos_batch_answer_model_name import PcosBatchAnswerModelName
from .pcos_batch_item import PcosBatchItem
from .pcos_batch_item_model_name import PcosBatchItemModelName
from .pcos_feature_info import PcosFeatureInfo
from .pcos_feature_listing import PcosFeatureListing
from .pcos_features import PcosFeatures
from .pcos_features_acne_type_1 import PcosFeaturesAcneType1
from .pcos_features_dark_skin_patches_type_1 import PcosFeaturesDarkSkinPatchesType1
from .pcos_features_excess_hair_growth_type_1 import PcosFeaturesExcessHairGrowthType1
from .pcos_features_fast_food_type_1 import PcosFeaturesFastFoodType1
from .pcos_features_hair_loss_type_1 import PcosFeaturesHairLossType1
from .pcos_features_irregular_periods_type_1 import PcosFeaturesIrregularPeriodsType1
from .pcos_features_regular_exercise_type_1 import PcosFeaturesRegularExerciseType1
from .pcos_features_weight_gain_type_1 import PcosFeaturesWeightGainType1
from .pcos_flag import PcosFlag
from .pcos_flag_params import PcosFlagParams
from .pcos_request import PcosRequest
from .pcos_response import PcosResponse
from .person_context import PersonContext
from .person_context_breastfeeding_type_0 import PersonContextBreastfeedingType0
from .person_context_contraception_type_0 import PersonContextContraceptionType0
from .person_context_hrt_type_0 import PersonContextHrtType0
from .person_context_menopause_type_0 import PersonContextMenopauseType0
from .person_context_pregnancy_type_0 import PersonContextPregnancyType0
from .pmdd_screen import PmddScreen
from .prediction_interval import PredictionInterval
from .problem_details import ProblemDetails
from .problem_details_errors_item import ProblemDetailsErrorsItem
from .readiness import Readiness
from .readiness_models import ReadinessModels
from .recommendation_code import RecommendationCode
from .recommendation_code_params import RecommendationCodeParams
from .red_flag import RedFlag
from .red_flag_params import RedFlagParams
from .report_method import ReportMethod
from .screened_cycle import ScreenedCycle
from .severity_scale import SeverityScale
from .severity_scale_labels import SeverityScaleLabels
from .symptom_log import SymptomLog
from .symptom_log_symptom import SymptomLogSymptom
from .symptom_pattern import SymptomPattern
from .symptom_request import SymptomRequest
from .symptom_response import SymptomResponse
from .symptom_term import SymptomTerm
from .symptom_vocabulary import SymptomVocabulary
from .symptoms_batch_answer import SymptomsBatchAnswer
from .symptoms_batch_answer_model_name import SymptomsBatchAnswerModelName
from .symptoms_batch_item import SymptomsBatchItem
from .symptoms_batch_item_model_name import SymptomsBatchItemModelName
from .text_part import TextPart
from .text_part_params import TextPartParams
from .upcoming_cycle import UpcomingCycle

__all__ = (
    "ArmComparison",
    "ArmId",
    "ArmReport",
    "ArmReportFigures",
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
    "CycleStart",
    "CycleStatus",
    "ErasedCounts",
    "ErasureDone",
    "ErasureRequest",
    "ErrorBody",
    "ErrorBodyDetailsItem",
    "ErrorEnvelope",
    "ExperimentReport",
    "FertileWindow",
    "Figure",
    "FlagOut",
    "FlagOutParams",
    "ForecastEntry",
    "LedgerReadiness",
    "Liveness",
    "ModelInfo",
    "ModelInfoBackends",
    "ModelInfoBackendsAdditionalProperty",
    "ModelInfoExperimentType0",
    "ModelInfoMetadataType0",
    "ModelInfoVersionsMetadata",
    "ModelInfoVersionsMetadataAdditionalProperty",
    "ModelListing",
    "ModelReadiness",
    "OutcomeAccepted",
    "OutcomeRequest",
    "PcosBatchAnswer",
    "PcosBatchAnswerModelName",
    "PcosBatchItem",
    "PcosBatchItemModelName",
    "PcosFeatureInfo",
    "PcosFeatureListing",
    "PcosFeatures",
    "PcosFeaturesAcneType1",
    "PcosFeaturesDarkSkinPatchesType1",
    "PcosFeaturesExcessHairGrowthType1",
    "PcosFeaturesFastFoodType1",
    "PcosFeaturesHairLossType1",
    "PcosFeaturesIrregularPeriodsType1",
    "PcosFeaturesRegularExerciseType1",
    "PcosFeaturesWeightGainType1",
    "PcosFlag",
    "PcosFlagParams",
    "PcosRequest",
    "PcosResponse",
    "PersonContext",
    "PersonContextBreastfeedingType0",
    "PersonContextContraceptionType0",
    "PersonContextHrtType0",
    "PersonContextMenopauseType0",
    "PersonContextPregnancyType0",
    "PmddScreen",
    "PredictionInterval",
    "ProblemDetails",
    "ProblemDetailsErrorsItem",
    "Readiness",
    "ReadinessModels",
    "RecommendationCode",
    "RecommendationCodeParams",
    "RedFlag",
    "RedFlagParams",
    "ReportMethod",
    "ScreenedCycle",
    "SeverityScale",
    "SeverityScaleLabels",
    "SymptomLog",
    "SymptomLogSymptom",
    "SymptomPattern",
    "SymptomRequest",
    "SymptomResponse",
    "SymptomsBatchAnswer",
    "SymptomsBatchAnswerModelName",
    "SymptomsBatchItem",
    "SymptomsBatchItemModelName",
    "SymptomTerm",
    "SymptomVocabulary",
    "TextPart",
    "TextPartParams",
    "UpcomingCycle",
)
