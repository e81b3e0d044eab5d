"""What the rules need to know about the person on the day asked about, derived once.

`Situation.of(...)` combines the request's age (or PCOS's years since menarche) with its
optional context and `as_of`. Each property answers one question a rule asks ("could she
be pregnant?", "which cycle limits apply?"), and says nothing it was not told: where the
context is silent, the cautious reading is taken (she could be pregnant; natural cycles)
and `assumptions()` says so in the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from fembalance_ml.clinical import texts
from fembalance_ml.clinical.person import HORMONAL_METHODS, Assumption, PersonContext

# ACOG CO 651: cycles of 21-45 days are typical in the first years after menarche; FIGO
# 2018's adult limits apply from 18. PCOS 2023 uses the same 45-day limit to 3 years.
ADOLESCENT_AGE: Final = 18.0
ADOLESCENT_YEARS_SINCE_MENARCHE: Final = 3.0
# Without breastfeeding, periods usually return within weeks of a birth (first ovulation
# from about day 21-28, FSRH 2017); 3 months without one is then worth a question.
POSTPARTUM_AMENORRHOEA_DAYS: Final = 90
# ACOG CO 651 / PCOS 2023: no period by 15 is primary amenorrhoea.
PRIMARY_AMENORRHOEA_AGE: Final = 15.0

# A birth in the last year rules out a menopause (12 months without a period).
RECENT_BIRTH_DAYS: Final = 365
# What each unstated part of the context is asked as, and what the answer assumes instead.
# The parts of the context a cycle answer needs, in the order `unstated` lists them (each
# has its words in clinical/texts.py: what was not asked, what was assumed instead).
UNSTATED_PARTS: Final = ("pregnancy", "contraception", "recent_birth", "menopause")

Norms = Literal["adolescent", "adult"]
EMPTY: Final = PersonContext()


@dataclass(frozen=True)
class Situation:
    """The person as the rules see her on `as_of`."""

    as_of: date
    age: float | None
    years_since_menarche: float | None
    context: PersonContext
    stated: bool

    @classmethod
    def of(
        cls,
        *,
        as_of: date,
        age: float | None,
        context: PersonContext | None,
        years_since_menarche: float | None = None,
    ) -> Situation:
        """Derive the situation; years since menarche from age and age at menarche."""
        given = context or EMPTY
        years = years_since_menarche
        if years is None and age is not None and given.age_at_menarche is not None:
            years = max(0.0, age - given.age_at_menarche)
        return cls(as_of, age, years, given, context is not None)

    # Pregnancy -----------------------------------------------------------------------
    @property
    def pregnant(self) -> bool:
        """She said she is pregnant."""
        return self.context.pregnancy == "pregnant"

    @property
    def could_be_pregnant(self) -> bool:
        """Pregnancy is not ruled out: stated as possible, or not stated at all (cautious).

        Ruled out only by `not_pregnant`, a menopause, or never having had a period.
        """
        ctx = self.context
        if ctx.pregnancy in ("pregnant", "possibly_pregnant"):
            return True
        if ctx.pregnancy == "not_pregnant":
            return False
        return ctx.menopause not in ("natural", "surgical") and not ctx.never_menstruated

    # After a birth --------------------------------------------------------------------
    @property
    def days_since_delivery(self) -> int | None:
        """Days from the most recent birth to `as_of`, if a birth was given."""
        delivery = self.context.delivery_date
        return None if delivery is None else (self.as_of - delivery).days

    @property
    def breastfeeding(self) -> bool:
        """Fully or partially breastfeeding."""
        return self.context.breastfeeding in ("fully", "partially")

    def no_period_explained_by_birth(self, last_period: date | None) -> bool:
        """No period since the birth is expected: breastfeeding, or within 3 months of it.

        `last_period` is the last logged start; a period since the birth means cycles have
        returned, and the usual rules apply from then on.
        """
        delivery = self.context.delivery_date
        if delivery is None or (last_period is not None and last_period > delivery):
            return False
        days = (self.as_of - delivery).days
        return self.breastfeeding or days <= POSTPARTUM_AMENORRHOEA_DAYS

    # Hormones ------------------------------------------------------------------------
    @property
    def hormonal_contraception(self) -> bool:
        """A method whose hormones change the bleeding pattern."""
        return self.context.contraception in HORMONAL_METHODS

    @property
    def combined_hormonal(self) -> bool:
        """Pill, patch or ring with oestrogen: no ovulation, withdrawal bleeds (FSRH)."""
        return self.context.contraception == "combined_hormonal"

    @property
    def on_hrt(self) -> bool:
        """Sequential or continuous hormone replacement therapy."""
        return self.context.hrt in ("sequential", "continuous")

    @property
    def postmenopausal(self) -> bool:
        """She said her menopause is natural (12 months without a period) or surgical."""
        return self.context.menopause in ("natural", "surgical")

    @property
    def natural_cycles(self) -> bool:
        """No stated state that replaces a natural cycle (pregnancy, hormones, menopause).

        Unstated counts as natural: the answer says so in its assumptions.
        """
        return not (
            self.pregnant or self.hormonal_contraception or self.on_hrt or self.postmenopausal
        )

    # Age and menarche ----------------------------------------------------------------
    @property
    def norms(self) -> Norms:
        """`adolescent` (ACOG CO 651) under 18 or within 3 years of menarche, else `adult`."""
        if self.age is not None and self.age < ADOLESCENT_AGE:
            return "adolescent"
        years = self.years_since_menarche
        if years is not None and years < ADOLESCENT_YEARS_SINCE_MENARCHE:
            return "adolescent"
        return "adult"

    @property
    def primary_amenorrhoea(self) -> bool:
        """Never had a period at 15 or over (ACOG CO 651; PCOS 2023)."""
        return bool(
            self.context.never_menstruated
            and self.age is not None
            and self.age >= PRIMARY_AMENORRHOEA_AGE
        )

    # What the answer assumed ---------------------------------------------------------
    def unstated(self) -> list[str]:
        """The parts of the context that change cycle answers and were not given."""
        ctx = self.context
        missing = []
        if ctx.pregnancy is None:
            missing.append("pregnancy")
        if ctx.contraception is None:
            missing.append("contraception")
        if ctx.delivery_date is None and ctx.breastfeeding is None:
            missing.append("recent_birth")
        if ctx.menopause is None and ctx.hrt is None and not self._menopause_ruled_out:
            missing.append("menopause")
        return missing

    @property
    def _menopause_ruled_out(self) -> bool:
        """A pregnancy, or a birth in the last year, rules a menopause out: not worth asking."""
        days = self.days_since_delivery
        return self.pregnant or (days is not None and days <= RECENT_BIRTH_DAYS)

    def assumptions(self, *, uses_age: bool = True) -> list[Assumption]:
        """What the answer took for granted, in the order a reader needs it."""
        notes = []
        missing = self.unstated()
        if missing:
            notes.append(
                Assumption(
                    code="context_not_stated",
                    message=_not_stated_message(missing),
                    params={"not_stated": missing},
                )
            )
        if uses_age and self.age is None and self.years_since_menarche is None:
            notes.append(
                Assumption(
                    code="age_not_stated",
                    message=texts.AGE_NOT_STATED.render(),
                    params={},
                )
            )
        return notes


def _not_stated_message(missing: list[str]) -> str:
    """The `context_not_stated` text: what was not said, and what was assumed instead."""
    not_stated = ", ".join(missing)
    if len(missing) == len(UNSTATED_PARTS):
        return texts.NOT_STATED_ALL.render(not_stated=not_stated)
    return texts.NOT_STATED.render(
        asked=texts.listed([texts.ASKED[part].render() for part in missing], texts.LISTED_OR),
        not_stated=not_stated,
        assumed=texts.listed([texts.ASSUMED[part].render() for part in missing], texts.LISTED_AND),
    )
