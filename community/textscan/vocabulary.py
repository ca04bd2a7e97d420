"""Medical vocabulary as pattern fragments: treatments, surgery, remedies, doctors, diseases.

The spam rules look for a disease said to be cured by something sold; the dangerous-advice
rules for a treatment stopped, refused or replaced by a remedy. Both read the same words.
Each fragment is a non-capturing group without boundaries, to be read on folded text (no
accents, lower case; see normalize.py); each rule adds the boundaries it needs. Not to be
confused with lexicon.py, the words normalisation may rewrite a disguised spelling into.
"""

from __future__ import annotations

TREATMENT = (
    r"(?:traitements?(?:\s{1,3}de\s{1,3}fond)?|medicaments?|medocs?|cachets|comprimes|pilules"
    r"|gelules|insulines?|lantus|novorapid|humalog|levemir|toujeo|tresiba|basale|bolus"
    r"|stylos?|pompe|metformine|chimio\w{0,9}|radiotherapie|rayons|hormonotherapie"
    r"|immunotherapie|antiretroviraux|antiretroviral|arv|tritherapies?|truvada|biktarvy"
    r"|anti-?coagulants?|antiagregants?|avk|previscan|coumadine|sintrom|xarelto|eliquis"
    r"|pradaxa|kardegic|plavix|heparine|fluidifiants?|anti-?epileptiques?|depakine|keppra"
    r"|lamotrigine|lamictal|tegretol|lithium|teralithe|antipsychotiques?|neuroleptiques?"
    r"|abilify|risperdal|risperidone|olanzapine|zyprexa|antidepresseurs?|sertraline"
    r"|regulateurs?\s{1,3}de\s{1,3}l'?\s?humeur|dialyses?|hemodialyses?|vaccins?"
    r"|vaccinations?|ror|levothyrox|levothyroxine|l-?thyroxine|euthyrox|corticoides?"
    r"|cortisone|cortico|prednisone|prednisolone|solupred|cortancyl|hydrocortisone"
    r"|inhalateurs?|ventoline|symbicort|immunosuppresseurs?|anti-?rejets?|tacrolimus"
    r"|advagraf|cellcept|ciclosporine|biotherapies?|humira|remicade|stelara|ocrevus"
    r"|tysabri|gilenya|interferon|methotrexate|imurel|pentasa|plaquenil|hydroxychloroquine"
    r"|statines?|beta-?bloquants?|betabloquants?|antihypertenseurs?|diuretiques?|levodopa"
    r"|antibiotiques?|antiviraux|oxygene|oxygenotherapie|transfusions?|injections?|piqures"
    r"|perfusions?|dienogest|visanne|decapeptyl|lyrica|tramadol|antalgiques|antidouleurs"
    r"|insulin|pens|chemotherapy|chemo|radiotherapy|radiation|arvs|antiretrovirals?"
    r"|hiv\s{1,3}(?:meds|medication|drugs|tablets)|blood\s{1,3}thinners?|warfarin"
    r"|rivaroxaban|apixaban|antiepileptics?|epilepsy\s{1,3}(?:meds|medication|drugs)"
    r"|epilim|antidepressants?|dialysis|vaccines?|jabs?|mmr|levothyroxine|thyroxine"
    r"|steroids?|inhalers?|immunosuppressants?|anti-?rejection\s{1,3}(?:drugs|meds)"
    r"|biologics?|infusions?|statins?|metformin|meds|medications?|medicines?|pills|tablets"
    r"|drugs|treatments?|tamoxif\w{1,3}|letrozole|anastrozole|exemestane|aromatase\s{1,3}"
    r"inhibitors?|anti-?aromatases?|hormone\s{1,3}therapy|mood\s{1,3}stabili[sz]ers?"
    r"|anti-?convuls\w{3,7}|anti-?seizure\s{1,3}(?:meds|medication|drugs)|seizure\s{1,3}meds"
    r"|(?:heart|blood\s{1,3}pressure|thyroid|cancer)\s{1,3}(?:meds|medication|tablets|pills|drugs)"
    r"|disease.modifying\s{1,3}(?:drugs|treatments?|therapies)|dmts?|anti-?tnf|azathioprine"
    r"|mycophenolate|rituximab|ocrelizumab|natalizumab|fingolimod|copaxone|tecfidera"
    r"|levetiracetam|valproate|carbamazepine|oxcarbazepine|trileptal|topiramate|epitomax"
    r"|urbanyl|clobazam|lacosamide|vimpat|clozapine|leponex|quetiapine|seroquel|aripiprazole"
    r"|haloperidol|haldol|xeplion|depakote|dabigatran|edoxaban|clopidogrel|furosemide"
    r"|lasilix|ramipril|bisoprolol|atorvastatine?|rosuvastatine?|digoxine?|fiasp|apidra"
    r"|abasaglar|novomix|descovy|genvoya|triumeq|dovato|prep|efavirenz|dolutegravir"
    r"|tenofovir|hydroxyur\w{2,3}|imatinib|glivec|enbrel|etanercept|adalimumab|infliximab"
    r"|ustekinumab|vedolizumab|entyvio|cosentyx|secukinumab|salazopyrine|sulfasalazine"
    r"|mesalazine|fludrocortisone|methylprednisolone|medrol|budesonide|pulmicort|spiriva"
    r"|salbutamol|montelukast|singulair|creon|kaftrio|kalydeco|pulmozyme)"
)
SURGERY = (
    r"(?:operations?|operer|chirurgies?|mastectomie|prostatectomie|ablation|greffes?"
    r"|transplantations?|fistule|transfusions?|irradier|surgery|operation|transplant"
    r"|mastectomy|lumpectomy)"
)
# What people put in the place of a treatment: plants, diets, supplements, energies.
REMEDY = (
    r"(?:plantes?|tisanes?|huiles?|cbd|cannabis|homeopathi\w{0,3}|naturopath\w{0,3}"
    r"|jeune(?:s|r)?\s{1,3}(?:hydrique|therapeutique|prolonge|intermittent|sec|de\s{1,3}\d)"
    r"|(?:le|un|du|au|mon|son|leur)\s{1,3}jeune(?=\s{0,3}[,.!?;:)]|\s{1,3}(?:et|ou|peut|fait"
    r"|est|pendant|guerit|suffit|soigne|lundi)\b)|regimes?\s{1,3}\w{3,}|alimentation|cetogene"
    r"|keto|paleo|carnivore|crudivor\w{0,3}|vegan\w{0,2}|jus|curcuma|gingembre|ail|cannelle"
    r"|vinaigre|citron|bicarbonate|argile|spiruline|chlorella|moringa|niacine|vitamines?"
    r"|iode|algues?|kelp|selenium|magnesium|omega\s?3|nigelle|harpagophytum|ashwagandha"
    r"|rhodiola|adaptogen\w{0,3}|safran|aubepine|ginkgo|coenzyme|chrome|murier|berberine"
    r"|probiotiques?|complements?|meditation|priere|yoga|respiration|buteyko|acupuncture"
    r"|hypnose|kinesiologie|energeti\w{1,5}|reiki|magneti\w{1,5}|aromatherapie|ozone"
    r"|naturel\w{0,4}|nature|protocole\s{1,3}(?:du|de|d')|alcalin\w{0,2}|hydrogenee"
    r"|eau\s{1,3}(?:structuree|alcaline|de\s{1,3}lourdes)"
    r"|ayurved\w{1,5}|medecine\s{1,3}chinoise|tradipraticien|gerson|budwig|coimbra|wahls"
    r"|herbs?|herbal|natural\w{0,3}|diet|fasting|(?:water|juice|dry)\s{1,3}fasts?|fasts|gluten"
    r"|colloidal|soursop|celery|leaf\s{1,3}tea"
    r"|raw\s{1,3}(?:food|vegan|vegetables)"
    r"|juic\w{1,4}|cleanse|detox|turmeric|ginger|garlic|cinnamon|bitter\s{1,3}melon"
    r"|black\s{1,3}seed|nattokinase|fish\s{1,3}oil|iodine|niacin|vitamin\s?\w{0,3}"
    r"|supplements?|homeopath\w{1,4}|arsenicum|breathing|prayer|pray|adaptogens?|oils?"
    r"|coffee\s{1,3}enemas?|apricot|b17|alkaline|grounding|remed(?:y|ies)|orthomolecular"
    r"|cold\s{1,3}showers?|moringa)"
)
DOCTOR = (
    r"(?:medecins?|docteur|dr|generaliste|specialiste|neuro\w{0,8}|onco\w{0,7}|rhumato\w{0,6}"
    r"|endocrino\w{0,6}|endo|diabeto\w{0,6}|cardio\w{0,6}|psychiatre|psy|nephro\w{0,6}"
    r"|hemato\w{0,6}|infectio\w{0,6}|pneumo\w{0,6}|gyneco\w{0,6}|gastro\w{0,9}|hepato\w{0,6}"
    r"|dermato\w{0,6}|urologue|interniste|chirurgien\w{0,2}|pediatre|equipe|sage-femme"
    r"|pharmacien\w{0,2}|infirmiere?|doctors?|gp|consultant|specialist|rheumatologist"
    r"|rheumy|endocrinologist|cardiologist|psychiatrist|nephrologist|ha?ematologist|team"
    r"|nurse|surgeon|midwife|pharmacist|clinic)"
)
# Chronic diseases no diet or plant cures; "guérir le cancer" needs a remedy to be a promise.
INCURABLE = (
    r"(?:diabetes?(?:\s{1,3}(?:de\s{1,3})?type\s{1,3}[12i])?|t1|dt1|sclerose\s{1,3}en\s{1,3}plaques"
    r"|sep|ms|vih|hiv|sida|aids|parkinson|alzheimer|autisme|autism|schizophreni\w{1,2}"
    r"|bipolarite|bipolar|lupus|crohn|rch|mucoviscidose|polyarthrite|spondylarthrite"
    r"|epilepsie|epilepsy|insuffisance\s{1,3}renale|bpco|copd|fibromyalgie|fibro"
    r"|endometriose|endometriosis|hashimoto|psoriasis|eczema|asthme|asthma|sopk|pcos"
    r"|arthrose|arthritis|hepatite\s{1,3}b|lyme|maladies?\s{1,3}auto-?immunes?"
    r"|autoimmune\s{1,3}disease|hypothyroidie|thyroide|hypertension|cystic\s{1,3}fibrosis"
    r"|multiple\s{1,3}sclerosis|kidney\s{1,3}(?:failure|disease)|heart\s{1,3}failure"
    r"|insuffisance\s{1,3}cardiaque|t1d|t2d|dt2|type\s{1,3}[12]\s{1,3}diabetes|endo)"
)
DISEASE = (
    rf"(?:{INCURABLE}|cancers?|cancereu\w{{1,3}}|tumeurs?|tumou?rs?|leucemi\w{{1,3}}|lymphomes?"
    r"|depression)"
)
