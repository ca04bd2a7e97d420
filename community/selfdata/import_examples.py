"""The example files the import help offers, one per common source of a member's data.

Each is a file the importer reads without a refused line (a test checks it): what a
glucose meter's software, a spreadsheet kept by hand and a health app give, once put in
the vault's columns.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from community.selfdata.importers.csv_file import EXAMPLE


@dataclass(frozen=True)
class Example:
    title: object  # a lazy string
    where: object  # where such a file comes from, in plain words
    how: object  # what to change in one's own file to make it look like this one
    text: str  # the file, with "\n" line ends


EXAMPLES: dict[str, Example] = {
    "lecteur-glycemie": Example(
        _l("Un lecteur de glycémie"),
        _l(
            "Le logiciel ou le site de votre lecteur (par exemple sur l’ordinateur où vous "
            "le branchez) propose souvent « Exporter » ou « Télécharger mes données »."
        ),
        _l(
            "Gardez la date, l’heure et la valeur de chaque mesure. Ajoutez une colonne "
            "« type » où vous écrivez « mesure », une colonne « série » où vous écrivez "
            "« glycémie », et l’unité affichée par votre lecteur : g/L, mg/dL ou mmol/L."
        ),
        "type;date;heure;série;valeur;unité;note\n"
        "mesure;12/03/2024;07:45;glycémie;1,05;g/L;à jeun\n"
        "mesure;12/03/2024;12:30;glycémie;1,62;g/L;après le repas\n"
        "mesure;12/03/2024;19:15;glycémie;0,98;g/L;\n"
        "mesure;13/03/2024;07:50;glycémie;1,10;g/L;à jeun\n",
    ),
    "tableur": Example(
        _l("Un tableau que vous tenez vous-même"),
        _l(
            "Un tableau fait dans un tableur (Excel, LibreOffice, Numbers, Google Sheets) : "
            "dans le menu « Fichier », choisissez « Enregistrer sous » ou « Télécharger », "
            "puis le format « CSV »."
        ),
        _l(
            "Une ligne par mesure, la première ligne pour les noms de colonnes. Écrivez la "
            "date jour d’abord (12/03/2024). Pour la tension, le grand chiffre dans "
            "« valeur » et le petit dans « valeur2 », en mmHg : 13/8 s’écrit 130 et 80."
        ),
        "type;date;série;valeur;valeur2;unité;note\n"
        "mesure;01/03/2024;poids;72,4;;kg;\n"
        "mesure;01/03/2024;tension;132;81;mmHg;le matin\n"
        "mesure;08/03/2024;poids;72,0;;kg;\n"
        "mesure;08/03/2024;tension;128;79;mmHg;le matin\n",
    ),
    "application-sante": Example(
        _l("Une application de santé ou une montre"),
        _l(
            "Les applications de santé et les montres proposent un export dans leurs "
            "réglages, souvent avec des noms de colonnes en anglais et des heures comme "
            "2024-03-12T07:45:00+01:00 (le +01:00 est le décalage avec l’heure universelle)."
        ),
        _l(
            "Ces heures et les noms anglais (type, date, series, value, unit) sont lus tels "
            "quels, avec un point ou une virgule dans les nombres. Il faut une unité à "
            "chaque mesure : steps pour les pas, h pour le sommeil, bpm pour le cœur."
        ),
        "type,date,series,value,unit\n"
        "measurement,2024-03-12T07:45:00+01:00,heart rate,62,bpm\n"
        "measurement,2024-03-12T22:10:00+01:00,steps,8432,steps\n"
        "measurement,2024-03-13T06:55:00+01:00,sleep,7.5,h\n"
        "measurement,2024-03-13T07:02:00+01:00,weight,71.8,kg\n",
    ),
    "complet": Example(
        _l("Un exemple de chaque sorte de donnée"),
        _l(
            "Toutes les colonnes, avec une mesure, un traitement, un symptôme, une analyse et "
            "une maladie."
        ),
        _l(
            "Pour une maladie ou un traitement, le mois (03/2019) ou l’année (2019) suffit "
            "quand vous ne savez plus le jour."
        ),
        EXAMPLE,
    ),
}


def example_file(name: str) -> bytes:
    """An example as a spreadsheet saves it: a BOM, then Windows line ends."""
    return codecs.BOM_UTF8 + EXAMPLES[name].text.replace("\n", "\r\n").encode()
