"""Words several crisis tables share: pills and drugs, what makes a wish, vital treatments."""

from __future__ import annotations

# What pills come in, as people name them.
PILLS = (
    r"(?:medicaments?|medocs?|cachets?|comprimes?|pilules?|gelules?|boites?|plaquettes?"
    r"|somniferes?|stylos?|pills?|tablets?|meds|capsules?|caps|packets?|boxes)"
)
# Drugs people hoard, by name or class, in both languages (brand names as people write them).
DRUGS = (
    r"(?:stilnox|xanax|lexomil|tramadol|lyrica|doliprane|dafalgan|efferalgan|codeine|paracetamol"
    r"|seroquel|quetiapine|lithium|teralithe|morphine|skenan|actiskenan|oxynorm|fentanyl"
    r"|oxycodone|oxycontin|methadone|amitriptyline|laroxyl|pregabalin|pregabaline|gabapentin"
    r"|diazepam|valium|temesta|lorazepam|seresta|rivotril|clonazepam|imovane|zopiclone|zolpidem"
    r"|atarax|tercian|effexor|venlafaxine|deroxat|prozac|fluoxetine|sertraline|citalopram"
    r"|mirtazapine|duloxetine|propranolol|clozapine|olanzapine|carbamazepine|lamotrigine"
    r"|insuline|insulin|potassium|digoxine|digoxin|betabloquants|anticoagulants|anxiolytiques"
    r"|antidepresseurs|patchs|opioides|opioids|co-?codamol|dihydrocodeine|temazepam"
    r"|benzos?|sleeping (?:pills|tablets)|sleepers|painkillers|paras|ibuprofen|aspirin|oxys?"
    r"|zopis?|trams|dihydros?)"
)

# What, in the same sentence, makes "si je disparaissais" or "ne plus me réveiller" a wish.
WISH = (
    r"\b(?:veux|veu|voudrais|voudrai|aimerais|aimerai|prefererais|souhaite\w*|envies?|espere\w*"
    r"|espoir|prie\w*|demande|vivement|tant\s+mieux|pas\s+contre|serai\w*\s+(?:[\w'-]+\s+){0,2}"
    r"(?:mieux|bien|simple|plus\s+simple|reposant|plus\s+reposant|un\s+cadeau|un\s+soulagement"
    r"|une\s+delivrance|la\s+solution|soulag\w*|libres?|tranquilles?|plus\s+heureu\w*"
    r"|plus\s+mal)"
    r"|dirais\s+merci|soulag\w*|delivrance"
    r"|c'?\s?est\s+tout\s+ce\s+que|aurais\s+prefere|plus\s+beau\s+cadeau|arrangerait"
    r"|irai\w*\s+mieux|si\s+je\s+pouvais|qu'?\s?on\s+me\s+laisse|je\s+demande\s+pas\s+plus"
    r"|wish\w*|hop(?:e|es|ed|ing)|pray\w*|rather|easier|easy|simpler|better|peaceful|nice"
    r"|fine\s+with\s+me|wouldn'?t\s+mind|d\s+mind|relief|relieved|blessing|want\w*)\b"
)

# Treatments one cannot stop without risking one's life.
VITAL = (
    r"(?:l'\s?|d'\s?)?(?:insuli?ne?s?|stylos? d'insuline|stylos|pompe|basale|bolus|lantus"
    r"|levemir|tresiba|toujeo|abasaglar|novorapid|humalog|fiasp|dialyses?"
    r"|hemodialyses?|seances?"
    r"|anti-?\s?rejets?|immunosuppresseurs?|tacrolimus|advagraf|prograf|cellcept|mycophenolate"
    r"|ciclosporine?|neoral"
    r"|traitements? (?:vih|contre le vih|pour le vih|pour (?:le|la|l'|mon|ma)\s?\w+)"
    r"|antiretroviraux|arv|truvada|biktarvy|triumeq|genvoya|descovy|odefsey"
    r"|anticoagulants?|warfarine?|previscan|coumadine|eliquis|xarelto|kardegic|apixaban"
    r"|rivaroxaban|antiepileptiques?|depakine|depakote|keppra|lamotrigine|lamictal|tegretol"
    r"|levetiracetam|epilim|lithium|teralithe|hydrocortisone|cortisone|corticoides?|levothyrox"
    r"|chimio|chimiotherapie|oxygene|concentrateur|aerosols|enzymes|creon|kayexalate|chelateurs"
    r"|kaftrio|trikafta|kalydeco|symkevi|orkambi|clozapine|leponex|digoxine|cordarone"
    r"|nutrition parenterale|flolan|traitements?"
    # English, as people write it.
    r"|insulin|dialysis|haemodialysis|hemodialysis|hiv meds|hiv medication|arvs"
    r"|anti-?\s?retrovirals?|antiretrovirals?|anti-?\s?rejection (?:meds|medication|drugs"
    r"|tablets|pills)|immunosuppressants?|transplant meds|ciclosporin|warfarin|blood thinners"
    r"|anticoagulants|anti-?\s?seizure (?:meds|medication|tablets)|epilepsy (?:meds|medication"
    r"|tablets)|seizure meds|levothyroxine|thyroxine|thyroid meds|heart (?:meds|tablets|pills)"
    r"|digoxin|steroids|nebs|nebulisers?|nebulizers?|tpn|feeds|oxygen|chemo|chemotherapy"
    r"|meds|medication|medications|pump|pens|injections|jabs|sessions|tablets|pyridostigmine"
    r"|mestinon|factor viii|prophylaxis|overnight feeds|peg feeds|pod|heart tablets|heart pills)"
)
