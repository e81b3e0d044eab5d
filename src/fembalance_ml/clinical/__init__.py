"""Clinical knowledge shared by the three domains: who the person is, and the bleeding rules.

`person` holds the optional context a request may carry (pregnancy, postpartum,
contraception, HRT, menopause, menarche) and the messages that say what an answer assumed;
`situation` derives from it, the person's age and the day asked about what every rule
needs to know; `bleeding` and `menopause` hold the one set of bleeding rules /cycle and
/symptoms apply;
`sources` names the guidelines. Domain packages import this package; it imports none of them.
"""
