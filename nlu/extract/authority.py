"""Who decides: authority statements, with or without a title ("my director makes the final
call", "c'est mon DG qui signe", "I sign off"). A statement overrides the title's role
(nlu/extract/job_title.py)."""

from __future__ import annotations

import re

from nlu.extract.accents import accent_free

# Authority statements, with or without a title.
DEFERS = re.compile(
    r"\b(?:(?:(?:my|our) (?:\w+ ){0,2}(?:boss|manager|director|ceo|cto|cfo|cmo|board|vp|"
    r"head|founder|owner|management|leadership|team lead|committee)|the (?:board|management|"
    r"leadership|committee|ceo|cfo|cmo|cto))\b[^.?!]{0,40}"
    r"(?:makes?|take|takes|has|have|gets?|gives?|signs?|approves?|decides?|decide|will decide)"
    r"[^.?!]{0,20}?(?:final (?:call|say|decision|word)|decision|decides?|sign[- ]?off|approv\w*|"
    r"green light|the call)|"
    # "my boss the CRO signs off", "our CFO signs off on it"
    r"(?:my|our) (?:\w+ ){0,3}(?:boss|manager|director|ceo|cto|cfo|cmo|cro|vp|head|founder|"
    r"owner|board)\b[^.?!]{0,30}\bsigns? (?:it )?off|"
    r"(?:i|we) (?:would |will |'ll )?(?:need|have) to (?:check|validate|get (?:it )?approved|"
    r"run it by|convince|ask|talk to|discuss (?:it )?with) (?:with )?(?:my|our|the)|"
    r"not (?:the|a) decision[- ]maker|i don'?t (?:make|take) the (?:final )?(?:call|decision)|"
    r"c'est (?:mon|ma|notre|le|la) [\w' ]{2,30}? qui (?:décide|tranche|valide|signe)|"
    r"(?:mon|ma|notre|nos|le|la) (?:\w+ ){0,2}(?:boss|chef|manager|direct(?:eur|rice)|n\+1|"
    r"dg|pdg|direction|comité|patron(?:ne)?|associés?)\b[^.?!]{0,40}"
    r"(?:décide|décidera|tranche|valide|validera|signe|a le dernier mot|prend la décision|"
    r"aura le dernier mot)|"
    r"(?:je dois|il faut que je|je devrai) (?:faire valider|valider avec|en parler à|"
    r"convaincre|demander à|voir avec)|"
    r"je ne suis pas (?:le |la )?(?:seul(?:e)? )?décisionnaire|"
    r"(?:i'?d|i would|i'?ll|i will) (?:be )?recommend\w*[^.?!]{0,30}\bnot (?:be )?sign\w*|"
    r"je (?:recommande|conseille)[^.?!]{0,30}\b(?:pas moi qui|ne) (?:signe|décide)|"
    r"ce n'est pas moi qui (?:décide|signe|valide)|"
    # "who decides on our side is our VP marketing, not me", "the CFO decides", "me and my
    # boss decide together", "mon associé gère le budget", "je ne décide pas"
    r"who (?:decides|signs|approves|makes the (?:final )?(?:call|decision))"
    r"(?: on our side| here| for us)? is (?:my|our|the)|"
    r"(?:the|our|my) (?:\w+ ){0,2}(?:ceo|cfo|cmo|cto|cro|coo|boss|board|founder|owner|"
    r"director|vp|head)\b[^.?!,]{0,20}\b(?:decides|will decide|signs|approves|has the final say)|"
    r"(?:me and my|my \w+ and i|moi et mon|moi et ma|mon \w+ et moi) (?:\w+ ){0,2}"
    r"(?:decide|décid)|"
    r"(?:mon|ma|notre) (?:associée?|boss|chef|n\+1|patron(?:ne)?|dg|pdg|daf|cfo|direct(?:eur|rice))"
    r" (?:gère|tient|a|détient|valide) (?:le|les) budgets?|"
    r"je ne décide pas|i don'?t decide|i'?m not the one (?:who )?decid\w*)",
    re.IGNORECASE,
)
DECIDES = re.compile(
    r"\b(?:i(?:'m| am) the (?:final )?decision[- ]maker|i (?:make|take) the (?:final )?"
    r"(?:call|decisions?)|i (?:have|get) the final (?:say|word|call)|i sign (?:off|the)|"
    r"i decide|the decision is mine|i own the budget|i hold the budget|"
    r"c'est moi qui (?:décide|tranche|signe|valide)|je suis (?:le |la )?(?:seul(?:e)? )?"
    r"décisionnaire|je décide|la décision (?:me revient|m'appartient)|"
    r"j'ai le dernier mot|je signe)\b",
    re.IGNORECASE,
)

DEFERS_PLAIN = accent_free(DEFERS)
DECIDES_PLAIN = accent_free(DECIDES)
