from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.pcos_features_acne_type_1 import PcosFeaturesAcneType1
from ..models.pcos_features_dark_skin_patches_type_1 import PcosFeaturesDarkSkinPatchesType1
from ..models.pcos_features_excess_hair_growth_type_1 import PcosFeaturesExcessHairGrowthType1
from ..models.pcos_features_fast_food_type_1 import PcosFeaturesFastFoodType1
from ..models.pcos_features_hair_loss_type_1 import PcosFeaturesHairLossType1
from ..models.pcos_features_irregular_periods_type_1 import PcosFeaturesIrregularPeriodsType1
from ..models.pcos_features_regular_exercise_type_1 import PcosFeaturesRegularExerciseType1
from ..models.pcos_features_weight_gain_type_1 import PcosFeaturesWeightGainType1
from ..types import UNSET, Unset

T = TypeVar("T", bound="PcosFeatures")


@_attrs_define
class PcosFeatures:
    """Self-report answers (six required symptoms) and optional labs and ultrasound.

    Attributes:
        irregular_periods (bool | PcosFeaturesIrregularPeriodsType1):
        excess_hair_growth (bool | PcosFeaturesExcessHairGrowthType1):
        acne (bool | PcosFeaturesAcneType1):
        weight_gain (bool | PcosFeaturesWeightGainType1):
        hair_loss (bool | PcosFeaturesHairLossType1):
        dark_skin_patches (bool | PcosFeaturesDarkSkinPatchesType1):
        age (float | None | Unset): years
        bmi (float | None | Unset): kg/m2; computed from height and weight if absent
        height_cm (float | None | Unset): cm
        weight_kg (float | None | Unset): kg
        cycle_length_days (float | None | Unset): typical days from one period start to the next
        period_length_days (float | None | Unset): bleeding days
        fast_food (bool | None | PcosFeaturesFastFoodType1 | Unset):
        regular_exercise (bool | None | PcosFeaturesRegularExerciseType1 | Unset):
        amh_ng_ml (float | None | Unset): anti-Mullerian hormone, ng/mL
        fsh_miu_ml (float | None | Unset): FSH, mIU/mL
        lh_miu_ml (float | None | Unset): LH, mIU/mL
        follicle_count_left (int | None | Unset): left ovary
        follicle_count_right (int | None | Unset): right ovary
        avg_follicle_size_left_mm (float | None | Unset): mm
        avg_follicle_size_right_mm (float | None | Unset): mm
        endometrium_mm (float | None | Unset): endometrial thickness, mm
        tsh_miu_l (float | None | Unset): TSH, mIU/L
        prl_ng_ml (float | None | Unset): prolactin, ng/mL
        waist_hip_ratio (float | None | Unset): waist over hip
        years_since_menarche (float | None | Unset): years since the first period; decides whether adolescent criteria
            apply (within 8 years); when absent, an age under 18 counts as within 8 years
        total_testosterone_nmol_l (float | None | Unset): total testosterone, nmol/L (ng/dL divided by 28.84); feeds the
            hyperandrogenism criterion, not the score
    """

    irregular_periods: bool | PcosFeaturesIrregularPeriodsType1
    excess_hair_growth: bool | PcosFeaturesExcessHairGrowthType1
    acne: bool | PcosFeaturesAcneType1
    weight_gain: bool | PcosFeaturesWeightGainType1
    hair_loss: bool | PcosFeaturesHairLossType1
    dark_skin_patches: bool | PcosFeaturesDarkSkinPatchesType1
    age: float | None | Unset = UNSET
    bmi: float | None | Unset = UNSET
    height_cm: float | None | Unset = UNSET
    weight_kg: float | None | Unset = UNSET
    cycle_length_days: float | None | Unset = UNSET
    period_length_days: float | None | Unset = UNSET
    fast_food: bool | None | PcosFeaturesFastFoodType1 | Unset = UNSET
    regular_exercise: bool | None | PcosFeaturesRegularExerciseType1 | Unset = UNSET
    amh_ng_ml: float | None | Unset = UNSET
    fsh_miu_ml: float | None | Unset = UNSET
    lh_miu_ml: float | None | Unset = UNSET
    follicle_count_left: int | None | Unset = UNSET
    follicle_count_right: int | None | Unset = UNSET
    avg_follicle_size_left_mm: float | None | Unset = UNSET
    avg_follicle_size_right_mm: float | None | Unset = UNSET
    endometrium_mm: float | None | Unset = UNSET
    tsh_miu_l: float | None | Unset = UNSET
    prl_ng_ml: float | None | Unset = UNSET
    waist_hip_ratio: float | None | Unset = UNSET
    years_since_menarche: float | None | Unset = UNSET
    total_testosterone_nmol_l: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        irregular_periods: bool | int
        if isinstance(self.irregular_periods, PcosFeaturesIrregularPeriodsType1):
            irregular_periods = self.irregular_periods.value
        else:
            irregular_periods = self.irregular_periods

        excess_hair_growth: bool | int
        if isinstance(self.excess_hair_growth, PcosFeaturesExcessHairGrowthType1):
            excess_hair_growth = self.excess_hair_growth.value
        else:
            excess_hair_growth = self.excess_hair_growth

        acne: bool | int
        if isinstance(self.acne, PcosFeaturesAcneType1):
            acne = self.acne.value
        else:
            acne = self.acne

        weight_gain: bool | int
        if isinstance(self.weight_gain, PcosFeaturesWeightGainType1):
            weight_gain = self.weight_gain.value
        else:
            weight_gain = self.weight_gain

        hair_loss: bool | int
        if isinstance(self.hair_loss, PcosFeaturesHairLossType1):
            hair_loss = self.hair_loss.value
        else:
            hair_loss = self.hair_loss

        dark_skin_patches: bool | int
        if isinstance(self.dark_skin_patches, PcosFeaturesDarkSkinPatchesType1):
            dark_skin_patches = self.dark_skin_patches.value
        else:
            dark_skin_patches = self.dark_skin_patches

        age: float | None | Unset
        if isinstance(self.age, Unset):
            age = UNSET
        else:
            age = self.age

        bmi: float | None | Unset
        if isinstance(self.bmi, Unset):
            bmi = UNSET
        else:
            bmi = self.bmi

        height_cm: float | None | Unset
        if isinstance(self.height_cm, Unset):
            height_cm = UNSET
        else:
            height_cm = self.height_cm

        weight_kg: float | None | Unset
        if isinstance(self.weight_kg, Unset):
            weight_kg = UNSET
        else:
            weight_kg = self.weight_kg

        cycle_length_days: float | None | Unset
        if isinstance(self.cycle_length_days, Unset):
            cycle_length_days = UNSET
        else:
            cycle_length_days = self.cycle_length_days

        period_length_days: float | None | Unset
        if isinstance(self.period_length_days, Unset):
            period_length_days = UNSET
        else:
            period_length_days = self.period_length_days

        fast_food: bool | int | None | Unset
        if isinstance(self.fast_food, Unset):
            fast_food = UNSET
        elif isinstance(self.fast_food, PcosFeaturesFastFoodType1):
            fast_food = self.fast_food.value
        else:
            fast_food = self.fast_food

        regular_exercise: bool | int | None | Unset
        if isinstance(self.regular_exercise, Unset):
            regular_exercise = UNSET
        elif isinstance(self.regular_exercise, PcosFeaturesRegularExerciseType1):
            regular_exercise = self.regular_exercise.value
        else:
            regular_exercise = self.regular_exercise

        amh_ng_ml: float | None | Unset
        if isinstance(self.amh_ng_ml, Unset):
            amh_ng_ml = UNSET
        else:
            amh_ng_ml = self.amh_ng_ml

        fsh_miu_ml: float | None | Unset
        if isinstance(self.fsh_miu_ml, Unset):
            fsh_miu_ml = UNSET
        else:
            fsh_miu_ml = self.fsh_miu_ml

        lh_miu_ml: float | None | Unset
        if isinstance(self.lh_miu_ml, Unset):
            lh_miu_ml = UNSET
        else:
            lh_miu_ml = self.lh_miu_ml

        follicle_count_left: int | None | Unset
        if isinstance(self.follicle_count_left, Unset):
            follicle_count_left = UNSET
        else:
            follicle_count_left = self.follicle_count_left

        follicle_count_right: int | None | Unset
        if isinstance(self.follicle_count_right, Unset):
            follicle_count_right = UNSET
        else:
            follicle_count_right = self.follicle_count_right

        avg_follicle_size_left_mm: float | None | Unset
        if isinstance(self.avg_follicle_size_left_mm, Unset):
            avg_follicle_size_left_mm = UNSET
        else:
            avg_follicle_size_left_mm = self.avg_follicle_size_left_mm

        avg_follicle_size_right_mm: float | None | Unset
        if isinstance(self.avg_follicle_size_right_mm, Unset):
            avg_follicle_size_right_mm = UNSET
        else:
            avg_follicle_size_right_mm = self.avg_follicle_size_right_mm

        endometrium_mm: float | None | Unset
        if isinstance(self.endometrium_mm, Unset):
            endometrium_mm = UNSET
        else:
            endometrium_mm = self.endometrium_mm

        tsh_miu_l: float | None | Unset
        if isinstance(self.tsh_miu_l, Unset):
            tsh_miu_l = UNSET
        else:
            tsh_miu_l = self.tsh_miu_l

        prl_ng_ml: float | None | Unset
        if isinstance(self.prl_ng_ml, Unset):
            prl_ng_ml = UNSET
        else:
            prl_ng_ml = self.prl_ng_ml

        waist_hip_ratio: float | None | Unset
        if isinstance(self.waist_hip_ratio, Unset):
            waist_hip_ratio = UNSET
        else:
            waist_hip_ratio = self.waist_hip_ratio

        years_since_menarche: float | None | Unset
        if isinstance(self.years_since_menarche, Unset):
            years_since_menarche = UNSET
        else:
            years_since_menarche = self.years_since_menarche

        total_testosterone_nmol_l: float | None | Unset
        if isinstance(self.total_testosterone_nmol_l, Unset):
            total_testosterone_nmol_l = UNSET
        else:
            total_testosterone_nmol_l = self.total_testosterone_nmol_l

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "irregular_periods": irregular_periods,
                "excess_hair_growth": excess_hair_growth,
                "acne": acne,
                "weight_gain": weight_gain,
                "hair_loss": hair_loss,
                "dark_skin_patches": dark_skin_patches,
            }
        )
        if age is not UNSET:
            field_dict["age"] = age
        if bmi is not UNSET:
            field_dict["bmi"] = bmi
        if height_cm is not UNSET:
            field_dict["height_cm"] = height_cm
        if weight_kg is not UNSET:
            field_dict["weight_kg"] = weight_kg
        if cycle_length_days is not UNSET:
            field_dict["cycle_length_days"] = cycle_length_days
        if period_length_days is not UNSET:
            field_dict["period_length_days"] = period_length_days
        if fast_food is not UNSET:
            field_dict["fast_food"] = fast_food
        if regular_exercise is not UNSET:
            field_dict["regular_exercise"] = regular_exercise
        if amh_ng_ml is not UNSET:
            field_dict["amh_ng_ml"] = amh_ng_ml
        if fsh_miu_ml is not UNSET:
            field_dict["fsh_miu_ml"] = fsh_miu_ml
        if lh_miu_ml is not UNSET:
            field_dict["lh_miu_ml"] = lh_miu_ml
        if follicle_count_left is not UNSET:
            field_dict["follicle_count_left"] = follicle_count_left
        if follicle_count_right is not UNSET:
            field_dict["follicle_count_right"] = follicle_count_right
        if avg_follicle_size_left_mm is not UNSET:
            field_dict["avg_follicle_size_left_mm"] = avg_follicle_size_left_mm
        if avg_follicle_size_right_mm is not UNSET:
            field_dict["avg_follicle_size_right_mm"] = avg_follicle_size_right_mm
        if endometrium_mm is not UNSET:
            field_dict["endometrium_mm"] = endometrium_mm
        if tsh_miu_l is not UNSET:
            field_dict["tsh_miu_l"] = tsh_miu_l
        if prl_ng_ml is not UNSET:
            field_dict["prl_ng_ml"] = prl_ng_ml
        if waist_hip_ratio is not UNSET:
            field_dict["waist_hip_ratio"] = waist_hip_ratio
        if years_since_menarche is not UNSET:
            field_dict["years_since_menarche"] = years_since_menarche
        if total_testosterone_nmol_l is not UNSET:
            field_dict["total_testosterone_nmol_l"] = total_testosterone_nmol_l

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_irregular_periods(data: object) -> bool | PcosFeaturesIrregularPeriodsType1:
            try:
                if not isinstance(data, int):
                    raise TypeError()
                irregular_periods_type_1 = PcosFeaturesIrregularPeriodsType1(data)

                return irregular_periods_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | PcosFeaturesIrregularPeriodsType1, data)

        irregular_periods = _parse_irregular_periods(d.pop("irregular_periods"))

        def _parse_excess_hair_growth(data: object) -> bool | PcosFeaturesExcessHairGrowthType1:
            try:
                if not isinstance(data, int):
                    raise TypeError()
                excess_hair_growth_type_1 = PcosFeaturesExcessHairGrowthType1(data)

                return excess_hair_growth_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | PcosFeaturesExcessHairGrowthType1, data)

        excess_hair_growth = _parse_excess_hair_growth(d.pop("excess_hair_growth"))

        def _parse_acne(data: object) -> bool | PcosFeaturesAcneType1:
            try:
                if not isinstance(data, int):
                    raise TypeError()
                acne_type_1 = PcosFeaturesAcneType1(data)

                return acne_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | PcosFeaturesAcneType1, data)

        acne = _parse_acne(d.pop("acne"))

        def _parse_weight_gain(data: object) -> bool | PcosFeaturesWeightGainType1:
            try:
                if not isinstance(data, int):
                    raise TypeError()
                weight_gain_type_1 = PcosFeaturesWeightGainType1(data)

                return weight_gain_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | PcosFeaturesWeightGainType1, data)

        weight_gain = _parse_weight_gain(d.pop("weight_gain"))

        def _parse_hair_loss(data: object) -> bool | PcosFeaturesHairLossType1:
            try:
                if not isinstance(data, int):
                    raise TypeError()
                hair_loss_type_1 = PcosFeaturesHairLossType1(data)

                return hair_loss_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | PcosFeaturesHairLossType1, data)

        hair_loss = _parse_hair_loss(d.pop("hair_loss"))

        def _parse_dark_skin_patches(data: object) -> bool | PcosFeaturesDarkSkinPatchesType1:
            try:
                if not isinstance(data, int):
                    raise TypeError()
                dark_skin_patches_type_1 = PcosFeaturesDarkSkinPatchesType1(data)

                return dark_skin_patches_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | PcosFeaturesDarkSkinPatchesType1, data)

        dark_skin_patches = _parse_dark_skin_patches(d.pop("dark_skin_patches"))

        def _parse_age(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        age = _parse_age(d.pop("age", UNSET))

        def _parse_bmi(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        bmi = _parse_bmi(d.pop("bmi", UNSET))

        def _parse_height_cm(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        height_cm = _parse_height_cm(d.pop("height_cm", UNSET))

        def _parse_weight_kg(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        weight_kg = _parse_weight_kg(d.pop("weight_kg", UNSET))

        def _parse_cycle_length_days(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        cycle_length_days = _parse_cycle_length_days(d.pop("cycle_length_days", UNSET))

        def _parse_period_length_days(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        period_length_days = _parse_period_length_days(d.pop("period_length_days", UNSET))

        def _parse_fast_food(data: object) -> bool | None | PcosFeaturesFastFoodType1 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                fast_food_type_1 = PcosFeaturesFastFoodType1(data)

                return fast_food_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | None | PcosFeaturesFastFoodType1 | Unset, data)

        fast_food = _parse_fast_food(d.pop("fast_food", UNSET))

        def _parse_regular_exercise(data: object) -> bool | None | PcosFeaturesRegularExerciseType1 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                regular_exercise_type_1 = PcosFeaturesRegularExerciseType1(data)

                return regular_exercise_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | None | PcosFeaturesRegularExerciseType1 | Unset, data)

        regular_exercise = _parse_regular_exercise(d.pop("regular_exercise", UNSET))

        def _parse_amh_ng_ml(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        amh_ng_ml = _parse_amh_ng_ml(d.pop("amh_ng_ml", UNSET))

        def _parse_fsh_miu_ml(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        fsh_miu_ml = _parse_fsh_miu_ml(d.pop("fsh_miu_ml", UNSET))

        def _parse_lh_miu_ml(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        lh_miu_ml = _parse_lh_miu_ml(d.pop("lh_miu_ml", UNSET))

        def _parse_follicle_count_left(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        follicle_count_left = _parse_follicle_count_left(d.pop("follicle_count_left", UNSET))

        def _parse_follicle_count_right(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        follicle_count_right = _parse_follicle_count_right(d.pop("follicle_count_right", UNSET))

        def _parse_avg_follicle_size_left_mm(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        avg_follicle_size_left_mm = _parse_avg_follicle_size_left_mm(d.pop("avg_follicle_size_left_mm", UNSET))

        def _parse_avg_follicle_size_right_mm(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        avg_follicle_size_right_mm = _parse_avg_follicle_size_right_mm(d.pop("avg_follicle_size_right_mm", UNSET))

        def _parse_endometrium_mm(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        endometrium_mm = _parse_endometrium_mm(d.pop("endometrium_mm", UNSET))

        def _parse_tsh_miu_l(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        tsh_miu_l = _parse_tsh_miu_l(d.pop("tsh_miu_l", UNSET))

        def _parse_prl_ng_ml(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        prl_ng_ml = _parse_prl_ng_ml(d.pop("prl_ng_ml", UNSET))

        def _parse_waist_hip_ratio(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        waist_hip_ratio = _parse_waist_hip_ratio(d.pop("waist_hip_ratio", UNSET))

        def _parse_years_since_menarche(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        years_since_menarche = _parse_years_since_menarche(d.pop("years_since_menarche", UNSET))

        def _parse_total_testosterone_nmol_l(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        total_testosterone_nmol_l = _parse_total_testosterone_nmol_l(d.pop("total_testosterone_nmol_l", UNSET))

        pcos_features = cls(
            irregular_periods=irregular_periods,
            excess_hair_growth=excess_hair_growth,
            acne=acne,
            weight_gain=weight_gain,
            hair_loss=hair_loss,
            dark_skin_patches=dark_skin_patches,
            age=age,
            bmi=bmi,
            height_cm=height_cm,
            weight_kg=weight_kg,
            cycle_length_days=cycle_length_days,
            period_length_days=period_length_days,
            fast_food=fast_food,
            regular_exercise=regular_exercise,
            amh_ng_ml=amh_ng_ml,
            fsh_miu_ml=fsh_miu_ml,
            lh_miu_ml=lh_miu_ml,
            follicle_count_left=follicle_count_left,
            follicle_count_right=follicle_count_right,
            avg_follicle_size_left_mm=avg_follicle_size_left_mm,
            avg_follicle_size_right_mm=avg_follicle_size_right_mm,
            endometrium_mm=endometrium_mm,
            tsh_miu_l=tsh_miu_l,
            prl_ng_ml=prl_ng_ml,
            waist_hip_ratio=waist_hip_ratio,
            years_since_menarche=years_since_menarche,
            total_testosterone_nmol_l=total_testosterone_nmol_l,
        )

        return pcos_features
