"""The guidelines the clinical rules cite, named once (docs/CLINICAL.md lists them in full)."""

from __future__ import annotations

from typing import Final

PCOS_2023: Final = "International evidence-based PCOS guideline (Teede et al., 2023)"
FIGO_2018: Final = "FIGO 2018 systems for abnormal uterine bleeding (Munro et al., IJGO 2018)"
ACOG_CO_651: Final = "ACOG Committee Opinion 651, Menstruation in girls and adolescents (2015)"
NICE_NG126: Final = "NICE NG126 Ectopic pregnancy and miscarriage (2019, updated 2023)"
NICE_NG88: Final = "NICE NG88 Heavy menstrual bleeding: assessment and management (2018, 2021)"
NICE_NG73: Final = "NICE NG73 Endometriosis: diagnosis and management (2017, updated 2024), 1.1.1"
NICE_NG12: Final = "NICE NG12 Suspected cancer: recognition and referral (2015, updated)"
NICE_NG23: Final = "NICE NG23 Menopause: diagnosis and management (2015, updated 2024)"
NICE_NG225: Final = "NICE NG225 Self-harm: assessment, management and preventing recurrence (2022)"
NICE_CKS_PMB: Final = "NICE CKS Post-menopausal bleeding"
NICE_CKS_PCB: Final = "NICE CKS Post-coital bleeding"
NICE_CKS_HMB: Final = "NICE CKS Heavy menstrual bleeding (menorrhagia)"
NICE_CKS_AMENORRHOEA: Final = "NICE CKS Amenorrhoea"
NICE_CKS_PID: Final = "NICE CKS Pelvic inflammatory disease"
FSRH_CHC: Final = "FSRH Clinical Guideline: Combined Hormonal Contraception (2019, amended 2023)"
FSRH_PROBLEMATIC_BLEEDING: Final = (
    "FSRH Clinical Guideline: Problematic Bleeding with Hormonal Contraception (2015)"
)
FSRH_EC: Final = "FSRH Clinical Guideline: Emergency Contraception (2017, amended 2023)"
FSRH_OVER_40: Final = (
    "FSRH Clinical Guideline: Contraception for Women Aged over 40 Years (2017, amended 2023)"
)
STRAW_10: Final = (
    "STRAW+10 stages of reproductive aging (Harlow et al., Menopause 2012; ReSTAGE criteria)"
)
FSRH_POSTPARTUM: Final = (
    "FSRH Clinical Guideline: Contraception After Pregnancy (2017, amended 2020)"
)
# Added for the symptom rules of issue 22.
NICE_CG109: Final = (
    "NICE CG109 Transient loss of consciousness ('blackouts') in over 16s (2010, updated 2023)"
)
NICE_NG194: Final = "NICE NG194 Postnatal care (2021)"
NICE_CKS_DISCHARGE: Final = "NICE CKS Vaginal discharge"
NICE_CG192: Final = "NICE CG192 Antenatal and postnatal mental health (2014, updated 2020)"
RCOG_GTG_48: Final = "RCOG Green-top Guideline 48, Management of premenstrual syndrome (2016)"
