"""Write ``seeds/gazetteer/world_regions.geojson``: named world regions that news uses.

GeoNames (cities, countries, continents, admin-1 units) has no place for "Middle East",
"Sahel", "Horn of Africa", "Donbas" and the like; this dev script holds a reviewable table of
them and writes a GeoJSON FeatureCollection of Point features (kind ``region``).

Left out on purpose, because another source already has them as places: the seven continents
(GeoNames), real admin-1 units (Gaza Strip and West Bank in Palestine, Crimea, Tibet, Xinjiang,
Indian Kashmir, the two Punjabs, Balochistan, the Red Sea governorates ...: their extra names
are in ``aliases.toml``), and countries.

Each point is either the area-weighted mean of the member countries' centroids (``countryinfo``
``latlng`` weighted by ``area``) when a row lists members, or a hand-placed approximate centre
(after the Wikipedia article's coordinates where it has them) otherwise.

Run: ``.venv/bin/python tools/make_world_regions.py``
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import countryinfo

OUT = Path(__file__).resolve().parent.parent / "seeds" / "gazetteer" / "world_regions.geojson"
LANGS = ("en", "fr", "es", "de", "ar")
SOURCE_MEMBERS = (
    "geomap curated: geographic centre of the member countries "
    "(area-weighted mean of countryinfo centroids: {members})"
)
SOURCE_HAND = (
    "geomap curated: approximate centre from the Wikipedia article's coordinates or the "
    "region's geographic centre; hand-placed"
)


@dataclass(frozen=True)
class Region:
    """One row of the table: a region, its point (or its member countries) and its names."""

    slug: str
    names: dict[str, list[str]]
    point: tuple[float, float] | None = None  # (lat, lon) when hand-placed
    members: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 codes when computed
    country_code: str | None = None  # when the region lies in one country
    note: str = field(default="", compare=False)


def n(en: list[str], fr: list[str], es: list[str], de: list[str], ar: list[str]) -> dict[
    str, list[str]
]:
    """The names of a region per language, in the order en, fr, es, de, ar."""
    return {"en": en, "fr": fr, "es": es, "de": de, "ar": ar}


MENA = ("BH", "CY", "EG", "IR", "IQ", "IL", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY",
        "TR", "AE", "YE")
EAST_ASIA = ("CN", "JP", "KP", "KR", "MN", "TW")

REGIONS: tuple[Region, ...] = (
    # --- Middle East and North Africa -------------------------------------------------------
    Region("middle-east", n(["Middle East", "Mideast"], ["Moyen-Orient"],
                            ["Oriente Medio", "Medio Oriente", "Oriente Próximo"],
                            ["Naher Osten", "Nahost", "Mittlerer Osten"], ["الشرق الأوسط"]),
           members=MENA),
    Region("near-east", n(["Near East"], ["Proche-Orient"], ["Cercano Oriente", "Próximo Oriente"],
                          ["Vorderer Orient"], ["الشرق الأدنى"]),
           members=("IL", "PS", "LB", "SY", "JO", "IQ")),
    Region("levant", n(["Levant"], ["Levant"], ["Levante mediterráneo"], ["Levante"],
                       ["بلاد الشام", "المشرق العربي"]),
           members=("SY", "LB", "IL", "PS", "JO")),
    Region("maghreb", n(["Maghreb", "Maghrib"], ["Maghreb"], ["Magreb"], ["Maghreb"],
                        ["المغرب العربي"]),
           members=("MA", "DZ", "TN", "LY", "MR")),
    Region("north-africa", n(["North Africa", "Northern Africa"], ["Afrique du Nord"],
                             ["África del Norte", "Norte de África", "África septentrional"],
                             ["Nordafrika"], ["شمال أفريقيا", "شمال إفريقيا"]),
           members=("DZ", "EG", "LY", "MA", "SD", "TN")),
    Region("arabian-peninsula", n(["Arabian Peninsula"], ["péninsule Arabique"],
                                  ["península arábiga", "península de Arabia"],
                                  ["Arabische Halbinsel"],
                                  ["شبه الجزيرة العربية", "الجزيرة العربية"]),
           members=("SA", "YE", "OM", "AE", "QA", "BH", "KW")),
    Region("gulf-states", n(["Gulf states", "Gulf countries", "Gulf monarchies"],
                            ["pays du Golfe", "monarchies du Golfe", "États du Golfe"],
                            ["países del Golfo", "monarquías del Golfo"],
                            ["Golfstaaten", "Golfmonarchien"],
                            ["دول الخليج", "دول الخليج العربي"]),
           members=("BH", "KW", "OM", "QA", "SA", "AE")),
    Region("persian-gulf", n(["Persian Gulf", "Arabian Gulf", "Gulf region"],
                             ["golfe Persique", "golfe arabo-persique"],
                             ["golfo Pérsico", "golfo Arábigo"],
                             ["Persischer Golf", "Arabischer Golf", "Golfregion"],
                             ["الخليج العربي", "الخليج الفارسي", "منطقة الخليج"]),
           point=(26.0, 52.0), note="a body of water, placed at its middle"),
    Region("strait-of-hormuz", n(["Strait of Hormuz"], ["détroit d'Ormuz"], ["estrecho de Ormuz"],
                                 ["Straße von Hormus"], ["مضيق هرمز"]),
           point=(26.5667, 56.25)),
    Region("sinai", n(["Sinai", "Sinai Peninsula"], ["Sinaï", "péninsule du Sinaï"],
                      ["Sinaí", "península del Sinaí"], ["Sinai", "Sinai-Halbinsel"],
                      ["سيناء", "شبه جزيرة سيناء"]),
           point=(29.5, 33.8333), country_code="EG"),
    Region("golan-heights", n(["Golan Heights", "Golan"], ["plateau du Golan", "Golan"],
                              ["Altos del Golán", "Golán"], ["Golanhöhen", "Golan"],
                              ["هضبة الجولان", "مرتفعات الجولان", "الجولان"]),
           point=(33.0, 35.8), note="country_code left null: Syrian territory held by Israel"),
    Region("negev", n(["Negev"], ["Néguev"], ["Néguev", "Negev"], ["Negev"], ["النقب"]),
           point=(30.8333, 34.8333), country_code="IL"),
    Region("galilee", n(["Galilee"], ["Galilée"], ["Galilea"], ["Galiläa"], ["الجليل"]),
           point=(32.8333, 35.4167), country_code="IL"),
    Region("kurdistan", n(["Kurdistan"], ["Kurdistan"], ["Kurdistán"], ["Kurdistan"],
                          ["كردستان"]),
           point=(37.0, 43.0), note="the Kurdish region across TR, IQ, IR and SY"),
    Region("iraqi-kurdistan", n(["Iraqi Kurdistan", "Kurdistan Region"],
                                ["Kurdistan irakien"], ["Kurdistán iraquí"],
                                ["Irakisch-Kurdistan", "Autonome Region Kurdistan"],
                                ["إقليم كردستان", "كردستان العراق"]),
           point=(36.4, 44.4), country_code="IQ"),
    Region("rojava", n(["Rojava", "Syrian Kurdistan"], ["Rojava", "Kurdistan syrien"],
                       ["Rojava", "Kurdistán sirio"], ["Rojava", "Syrisch-Kurdistan"],
                       ["روج آفا", "كردستان سوريا"]),
           point=(36.5, 40.5), country_code="SY"),
    Region("anatolia", n(["Anatolia", "Asia Minor"], ["Anatolie"], ["Anatolia"],
                         ["Anatolien", "Kleinasien"], ["الأناضول"]),
           point=(39.0, 35.0), country_code="TR"),
    # --- Africa -----------------------------------------------------------------------------
    Region("sahara", n(["Sahara", "Sahara Desert"], ["Sahara"], ["Sahara", "desierto del Sahara"],
                       ["Sahara"], ["الصحراء الكبرى"]),
           point=(23.0, 13.0)),
    Region("sahel", n(["Sahel"], ["Sahel"], ["Sahel"], ["Sahel"], ["الساحل الأفريقي",
                                                               "منطقة الساحل"]),
           members=("MR", "ML", "BF", "NE", "TD"), note="the G5 Sahel countries"),
    Region("liptako-gourma", n(["Liptako-Gourma"], ["Liptako-Gourma", "zone des trois frontières"],
                               ["Liptako-Gourma"], ["Liptako-Gourma"], ["ليبتاكو غورما"]),
           point=(14.5, 0.5), note="the Mali-Burkina Faso-Niger border area"),
    Region("lake-chad-basin", n(["Lake Chad basin", "Lake Chad region"],
                                ["bassin du lac Tchad", "région du lac Tchad"],
                                ["cuenca del lago Chad"], ["Tschadseebecken", "Tschadsee-Region"],
                                ["حوض بحيرة تشاد"]),
           point=(13.0, 14.0)),
    Region("west-africa", n(["West Africa", "Western Africa"],
                            ["Afrique de l'Ouest", "Afrique occidentale"],
                            ["África Occidental", "África del Oeste"], ["Westafrika"],
                            ["غرب أفريقيا", "غرب إفريقيا"]),
           members=("BJ", "BF", "CV", "CI", "GM", "GH", "GN", "GW", "LR", "ML", "MR", "NE", "NG",
                    "SN", "SL", "TG")),
    Region("east-africa", n(["East Africa", "Eastern Africa"],
                            ["Afrique de l'Est", "Afrique orientale"],
                            ["África Oriental", "África del Este"], ["Ostafrika"],
                            ["شرق أفريقيا", "شرق إفريقيا"]),
           members=("KE", "TZ", "UG", "RW", "BI", "SS", "ET", "SO", "ER", "DJ")),
    Region("horn-of-africa", n(["Horn of Africa"], ["Corne de l'Afrique"], ["Cuerno de África"],
                               ["Horn von Afrika"], ["القرن الأفريقي", "القرن الإفريقي"]),
           members=("ET", "ER", "DJ", "SO")),
    Region("central-africa", n(["Central Africa"], ["Afrique centrale"], ["África Central"],
                               ["Zentralafrika"], ["وسط أفريقيا", "وسط إفريقيا"]),
           members=("CM", "CF", "TD", "CG", "CD", "GQ", "GA")),
    Region("southern-africa", n(["Southern Africa"], ["Afrique australe"],
                                ["África austral", "África meridional"], ["Südliches Afrika"],
                                ["الجنوب الأفريقي"]),
           members=("ZA", "NA", "BW", "LS", "SZ", "ZW", "MZ", "ZM")),
    Region("sub-saharan-africa", n(["Sub-Saharan Africa"], ["Afrique subsaharienne"],
                                   ["África subsahariana"],
                                   ["Subsahara-Afrika", "Afrika südlich der Sahara"],
                                   ["أفريقيا جنوب الصحراء"]),
           point=(0.0, 22.0)),
    Region("african-great-lakes", n(["African Great Lakes", "Great Lakes region of Africa"],
                                    ["Grands Lacs", "région des Grands Lacs",
                                     "Grands Lacs africains"],
                                    ["Grandes Lagos de África", "región de los Grandes Lagos"],
                                    ["Afrikanische Große Seen", "Region der Großen Seen"],
                                    ["منطقة البحيرات العظمى"]),
           point=(-2.0, 30.5)),
    Region("darfur", n(["Darfur"], ["Darfour"], ["Darfur"], ["Darfur"], ["دارفور"]),
           point=(13.0, 24.5), country_code="SD"),
    Region("kordofan", n(["Kordofan"], ["Kordofan"], ["Kordofán"], ["Kordofan"], ["كردفان"]),
           point=(12.5, 30.0), country_code="SD"),
    # --- Europe and the former USSR ---------------------------------------------------------
    Region("western-europe", n(["Western Europe"], ["Europe de l'Ouest", "Europe occidentale"],
                               ["Europa Occidental", "Europa del Oeste"], ["Westeuropa"],
                               ["أوروبا الغربية", "غرب أوروبا"]),
           members=("FR", "DE", "BE", "NL", "LU", "AT", "CH", "GB", "IE")),
    Region("central-europe", n(["Central Europe"], ["Europe centrale"], ["Europa Central"],
                               ["Mitteleuropa", "Zentraleuropa"], ["أوروبا الوسطى"]),
           members=("DE", "PL", "CZ", "SK", "AT", "HU", "CH", "SI")),
    Region("eastern-europe", n(["Eastern Europe"], ["Europe de l'Est", "Europe orientale"],
                               ["Europa del Este", "Europa Oriental"], ["Osteuropa"],
                               ["أوروبا الشرقية", "شرق أوروبا"]),
           members=("BY", "BG", "CZ", "HU", "MD", "PL", "RO", "SK", "UA"),
           note="Russia left out so that its area does not pull the point into Russia"),
    Region("scandinavia", n(["Scandinavia"], ["Scandinavie"], ["Escandinavia"], ["Skandinavien"],
                            ["إسكندنافيا", "اسكندنافيا"]),
           members=("DK", "NO", "SE")),
    Region("nordic-countries", n(["Nordic countries", "Nordics"], ["pays nordiques"],
                                 ["países nórdicos"], ["nordische Länder"],
                                 ["دول الشمال الأوروبي"]),
           members=("DK", "NO", "SE", "FI", "IS")),
    Region("baltic-states", n(["Baltic states", "Baltics", "Baltic countries"],
                              ["pays baltes", "États baltes"],
                              ["países bálticos", "Estados bálticos"],
                              ["baltische Staaten", "Baltikum"], ["دول البلطيق"]),
           members=("EE", "LV", "LT")),
    Region("benelux", n(["Benelux"], ["Benelux"], ["Benelux"], ["Benelux"], ["البنلوكس"]),
           members=("BE", "NL", "LU")),
    Region("british-isles", n(["British Isles"], ["îles Britanniques"], ["islas británicas"],
                              ["Britische Inseln"], ["الجزر البريطانية"]),
           members=("GB", "IE")),
    Region("iberian-peninsula", n(["Iberian Peninsula", "Iberia"], ["péninsule Ibérique"],
                                  ["península ibérica"], ["Iberische Halbinsel"],
                                  ["شبه الجزيرة الإيبيرية"]),
           members=("ES", "PT")),
    Region("balkans", n(["Balkans", "Balkan Peninsula"], ["Balkans"], ["Balcanes"],
                        ["Balkan", "Balkanhalbinsel"], ["البلقان"]),
           members=("AL", "BA", "BG", "HR", "ME", "MK", "RS", "GR")),
    Region("western-balkans", n(["Western Balkans"], ["Balkans occidentaux"],
                                ["Balcanes Occidentales"], ["Westbalkan"], ["غرب البلقان"]),
           members=("AL", "BA", "ME", "MK", "RS")),
    Region("mediterranean", n(["Mediterranean", "Mediterranean Sea"],
                              ["Méditerranée", "mer Méditerranée"],
                              ["Mediterráneo", "mar Mediterráneo"],
                              ["Mittelmeer", "Mittelmeerraum"],
                              ["البحر الأبيض المتوسط", "البحر المتوسط"]),
           point=(35.0, 18.0)),
    Region("black-sea", n(["Black Sea"], ["mer Noire"], ["mar Negro"], ["Schwarzes Meer"],
                          ["البحر الأسود"]),
           point=(43.0, 35.0)),
    Region("donbas", n(["Donbas", "Donbass"], ["Donbass"], ["Donbás", "Dombás", "Donbass"],
                       ["Donbass", "Donezbecken"], ["دونباس"]),
           point=(48.2, 38.5), country_code="UA"),
    Region("caucasus", n(["Caucasus"], ["Caucase"], ["Cáucaso"], ["Kaukasus"], ["القوقاز"]),
           point=(42.0, 45.0)),
    Region("south-caucasus", n(["South Caucasus", "Transcaucasia"],
                               ["Caucase du Sud", "Transcaucasie"],
                               ["Cáucaso Sur", "Transcaucasia"],
                               ["Südkaukasus", "Transkaukasien"], ["جنوب القوقاز"]),
           members=("GE", "AM", "AZ")),
    Region("north-caucasus", n(["North Caucasus", "Northern Caucasus"], ["Caucase du Nord"],
                               ["Cáucaso Norte", "Cáucaso del Norte"], ["Nordkaukasus"],
                               ["شمال القوقاز"]),
           point=(43.5, 45.0), country_code="RU"),
    Region("nagorno-karabakh", n(["Nagorno-Karabakh", "Karabakh", "Artsakh"],
                                 ["Haut-Karabakh", "Karabakh"],
                                 ["Alto Karabaj", "Nagorno Karabaj", "Karabaj"],
                                 ["Bergkarabach", "Berg-Karabach", "Karabach"],
                                 ["ناغورني قره باغ", "قره باغ"]),
           point=(39.8333, 46.75), country_code="AZ"),
    Region("siberia", n(["Siberia"], ["Sibérie"], ["Siberia"], ["Sibirien"], ["سيبيريا"]),
           point=(61.0, 105.0), country_code="RU"),
    Region("russian-far-east", n(["Russian Far East"], ["Extrême-Orient russe"],
                                 ["Lejano Oriente ruso"], ["Russisch-Fernost"],
                                 ["الشرق الأقصى الروسي"]),
           point=(62.0, 140.0), country_code="RU"),
    Region("arctic", n(["Arctic", "Arctic region"], ["Arctique"], ["Ártico"], ["Arktis"],
                       ["القطب الشمالي", "المنطقة القطبية الشمالية"]),
           point=(80.0, 0.0), note="placed at 80N, not the pole, so that web maps can show it"),
    # --- Asia and the Pacific ---------------------------------------------------------------
    Region("central-asia", n(["Central Asia"], ["Asie centrale"], ["Asia Central"],
                             ["Zentralasien", "Mittelasien"], ["آسيا الوسطى"]),
           members=("KZ", "KG", "TJ", "TM", "UZ")),
    Region("south-asia", n(["South Asia"], ["Asie du Sud"],
                           ["Asia del Sur", "Asia meridional", "Sur de Asia"], ["Südasien"],
                           ["جنوب آسيا"]),
           members=("AF", "BD", "BT", "IN", "MV", "NP", "PK", "LK")),
    Region("indian-subcontinent", n(["Indian subcontinent"], ["sous-continent indien"],
                                    ["subcontinente indio"], ["Indischer Subkontinent"],
                                    ["شبه القارة الهندية"]),
           members=("IN", "PK", "BD", "NP", "BT", "LK")),
    Region("himalayas", n(["Himalayas", "Himalaya"], ["Himalaya"], ["Himalaya"], ["Himalaya"],
                          ["جبال الهيمالايا", "الهيمالايا"]),
           point=(28.0, 84.0)),
    Region("southeast-asia", n(["Southeast Asia", "South-East Asia"], ["Asie du Sud-Est"],
                               ["Sudeste Asiático", "Sureste Asiático", "Asia Sudoriental"],
                               ["Südostasien"], ["جنوب شرق آسيا"]),
           members=("BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN")),
    Region("indochina", n(["Indochina", "Indo-China"], ["Indochine"], ["Indochina"],
                          ["Indochina"], ["الهند الصينية"]),
           members=("KH", "LA", "VN", "TH", "MM")),
    Region("east-asia", n(["East Asia"], ["Asie de l'Est", "Asie orientale"],
                          ["Asia Oriental", "Asia del Este", "Este de Asia"], ["Ostasien"],
                          ["شرق آسيا"]),
           members=EAST_ASIA),
    Region("far-east", n(["Far East"], ["Extrême-Orient"], ["Lejano Oriente", "Extremo Oriente"],
                         ["Ferner Osten", "Fernost"], ["الشرق الأقصى"]),
           members=EAST_ASIA),
    Region("korean-peninsula", n(["Korean Peninsula"], ["péninsule coréenne"],
                                 ["península de Corea", "península coreana"],
                                 ["Koreanische Halbinsel"], ["شبه الجزيرة الكورية"]),
           members=("KR", "KP")),
    Region("south-china-sea", n(["South China Sea"], ["mer de Chine méridionale"],
                                ["mar de la China Meridional", "mar de China Meridional"],
                                ["Südchinesisches Meer"], ["بحر الصين الجنوبي"]),
           point=(12.0, 114.0)),
    Region("taiwan-strait", n(["Taiwan Strait", "Strait of Taiwan"], ["détroit de Taïwan"],
                              ["estrecho de Taiwán"], ["Taiwanstraße", "Straße von Taiwan"],
                              ["مضيق تايوان"]),
           point=(24.0, 119.5)),
    Region("pacific-islands", n(["Pacific Islands"], ["îles du Pacifique"],
                                ["islas del Pacífico"], ["Pazifische Inseln"],
                                ["جزر المحيط الهادئ"]),
           point=(-10.0, 170.0)),
    # --- The Americas -----------------------------------------------------------------------
    Region("americas", n(["Americas", "the Americas"], ["Amériques"], ["Américas"],
                         ["Amerika", "Doppelkontinent Amerika"], ["الأمريكتان", "الأمريكيتين"]),
           point=(15.0, -85.0)),
    Region("latin-america", n(["Latin America"], ["Amérique latine"],
                              ["América Latina", "Latinoamérica"], ["Lateinamerika"],
                              ["أمريكا اللاتينية"]),
           members=("MX", "GT", "HN", "SV", "NI", "CR", "PA", "CU", "DO", "HT", "CO", "VE", "EC",
                    "PE", "BO", "BR", "PY", "UY", "AR", "CL")),
    Region("central-america", n(["Central America"], ["Amérique centrale"],
                                ["Centroamérica", "América Central"],
                                ["Mittelamerika", "Zentralamerika"], ["أمريكا الوسطى"]),
           members=("BZ", "GT", "SV", "HN", "NI", "CR", "PA")),
    Region("caribbean", n(["Caribbean"], ["Caraïbes", "Antilles"], ["Caribe"], ["Karibik"],
                          ["الكاريبي", "منطقة البحر الكاريبي"]),
           point=(15.0, -75.0)),
    Region("andes", n(["Andes", "Andes Mountains"], ["Andes", "cordillère des Andes"],
                      ["Andes", "cordillera de los Andes"], ["Anden"],
                      ["جبال الأنديز", "الأنديز"]),
           point=(-15.0, -70.0)),
    Region("amazon", n(["Amazonia", "Amazon rainforest", "Amazon basin"],
                       ["Amazonie", "forêt amazonienne"],
                       ["Amazonia", "Amazonía", "selva amazónica"],
                       ["Amazonien", "Amazonasgebiet", "Amazonas-Regenwald"],
                       ["غابات الأمازون", "منطقة الأمازون"]),
           point=(-3.0, -60.0),
           note="bare 'Amazon' left out: in English news it is mostly the company"),
    Region("patagonia", n(["Patagonia"], ["Patagonie"], ["Patagonia"], ["Patagonien"],
                          ["باتاغونيا"]),
           point=(-45.0, -69.0)),
    Region("great-lakes", n(["Great Lakes"], ["Grands Lacs d'Amérique du Nord"],
                            ["Grandes Lagos de Norteamérica"], ["Große Seen Nordamerikas"],
                            ["البحيرات العظمى"]),
           point=(45.0, -84.0), note="the North American lakes; the African region is apart"),
    # --- oceans, seas and gulfs news names (a body of water is placed at its middle) --------
    Region("atlantic-ocean", n(["Atlantic Ocean", "Atlantic"], ["océan Atlantique", "Atlantique"],
                               ["océano Atlántico"], ["Atlantischer Ozean", "Atlantik"],
                               ["المحيط الأطلسي"]),
           point=(0.0, -25.0), note="a body of water, placed at its middle"),
    Region("pacific-ocean", n(["Pacific Ocean", "Pacific"], ["océan Pacifique", "Pacifique"],
                              ["océano Pacífico"], ["Pazifischer Ozean", "Pazifik"],
                              ["المحيط الهادئ"]),
           point=(0.0, -160.0), note="a body of water, placed at its middle"),
    Region("indian-ocean", n(["Indian Ocean"], ["océan Indien"], ["océano Índico"],
                             ["Indischer Ozean"], ["المحيط الهندي"]),
           point=(-20.0, 80.0), note="a body of water, placed at its middle"),
    Region("arctic-ocean", n(["Arctic Ocean"], ["océan Arctique"], ["océano Ártico"],
                             ["Arktischer Ozean", "Nordpolarmeer"], ["المحيط المتجمد الشمالي"]),
           point=(90.0, 0.0), note="a body of water, placed at its middle"),
    Region("gulf-of-mexico", n(["Gulf of Mexico"], ["golfe du Mexique"], ["golfo de México"],
                               ["Golf von Mexiko"], ["خليج المكسيك"]),
           point=(25.0, -90.0), note="a body of water, placed at its middle"),
    Region("red-sea", n(["Red Sea"], ["mer Rouge"], ["mar Rojo"], ["Rotes Meer"],
                        ["البحر الأحمر"]),
           point=(20.0, 38.0), note="a body of water, placed at its middle"),
    Region("gulf-of-aden", n(["Gulf of Aden"], ["golfe d'Aden"], ["golfo de Adén"],
                             ["Golf von Aden"], ["خليج عدن"]),
           point=(12.0, 48.0), note="a body of water, placed at its middle"),
    Region("arabian-sea", n(["Arabian Sea"], ["mer d'Arabie"], ["mar Arábigo"],
                            ["Arabisches Meer"], ["بحر العرب"]),
           point=(14.0, 65.0), note="a body of water, placed at its middle"),
    Region("bay-of-bengal", n(["Bay of Bengal"], ["golfe du Bengale"], ["golfo de Bengala"],
                              ["Golf von Bengalen"], ["خليج البنغال"]),
           point=(15.0, 88.0), note="a body of water, placed at its middle"),
    Region("north-sea", n(["North Sea"], ["mer du Nord"], ["mar del Norte"], ["Nordsee"],
                          ["بحر الشمال"]),
           point=(56.0, 3.0), note="a body of water, placed at its middle"),
    Region("baltic-sea", n(["Baltic Sea"], ["mer Baltique"], ["mar Báltico"], ["Ostsee"],
                           ["بحر البلطيق"]),
           point=(58.0, 20.0), note="a body of water, placed at its middle"),
    Region("caspian-sea", n(["Caspian Sea"], ["mer Caspienne"], ["mar Caspio"],
                            ["Kaspisches Meer"], ["بحر قزوين"]),
           point=(41.7, 50.6), note="a body of water, placed at its middle"),
    Region("aegean-sea", n(["Aegean Sea", "Aegean"], ["mer Égée"], ["mar Egeo"],
                           ["Ägäisches Meer", "Ägäis"], ["بحر إيجة"]),
           point=(39.0, 25.0), note="a body of water, placed at its middle"),
    Region("sea-of-azov", n(["Sea of Azov"], ["mer d'Azov"], ["mar de Azov"],
                            ["Asowsches Meer"], ["بحر آزوف"]),
           point=(46.0, 36.5), note="a body of water, placed at its middle"),
    Region("gulf-of-guinea", n(["Gulf of Guinea"], ["golfe de Guinée"], ["golfo de Guinea"],
                               ["Golf von Guinea"], ["خليج غينيا"]),
           point=(2.0, 4.0), note="a body of water, placed at its middle"),
    Region("gulf-of-oman", n(["Gulf of Oman"], ["golfe d'Oman"], ["golfo de Omán"],
                             ["Golf von Oman"], ["خليج عمان"]),
           point=(24.5, 58.5), note="a body of water, placed at its middle"),
)


def country_table() -> dict[str, tuple[float, float, float]]:
    """ISO alpha-2 → (lat, lon, area km²) from countryinfo (the first record that has all)."""
    table: dict[str, tuple[float, float, float]] = {}
    for country in countryinfo.all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha2")
        latlng = info.get("latlng")
        area = info.get("area")
        if code and latlng and len(latlng) == 2 and area and code not in table:
            table[code] = (float(latlng[0]), float(latlng[1]), float(area))
    return table


def centre(members: tuple[str, ...], table: dict[str, tuple[float, float, float]]) -> tuple[
    float, float
]:
    """Area-weighted mean of the members' centroids.

    Raises:
        KeyError: when countryinfo lacks a member.
    """
    rows = [table[code] for code in members]
    total = sum(area for _, _, area in rows)
    lat = sum(la * area for la, _, area in rows) / total
    lon = sum(lo * area for _, lo, area in rows) / total
    return lat, lon


def feature(region: Region, table: dict[str, tuple[float, float, float]]) -> dict[str, object]:
    """The GeoJSON feature of one row."""
    if region.point is not None:
        lat, lon = region.point
        source = SOURCE_HAND
    else:
        lat, lon = centre(region.members, table)
        source = SOURCE_MEMBERS.format(members=" ".join(region.members))
    lat, lon = round(lat, 4), round(lon, 4)
    rid = f"geomap:region-{region.slug}"
    return {
        "type": "Feature",
        "id": rid,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "id": rid,
            "name": region.names["en"][0],
            "names": {lang: region.names[lang] for lang in LANGS},
            "kind": "region",
            "country_code": region.country_code,
            "admin1": None,
            "parent_id": None,
            "point": [lat, lon],
            "population": 0,
            "source": source,
        },
    }


def check(regions: tuple[Region, ...]) -> None:
    """Fail loudly on a malformed row.

    Raises:
        ValueError: on a duplicate slug, a missing language, an empty name or a point (or
            member list) that is missing or doubled.
    """
    seen: set[str] = set()
    for region in regions:
        if region.slug in seen:
            raise ValueError(f"duplicate slug {region.slug!r}")
        seen.add(region.slug)
        if set(region.names) != set(LANGS):
            raise ValueError(f"{region.slug}: names must have exactly {LANGS}")
        for lang, names in region.names.items():
            if not names or any(not s.strip() or s != s.strip() for s in names):
                raise ValueError(f"{region.slug}: bad {lang} names {names!r}")
            if len(set(names)) != len(names):
                raise ValueError(f"{region.slug}: duplicate {lang} names {names!r}")
        if (region.point is None) == (not region.members):
            raise ValueError(f"{region.slug}: give either a point or members, not both/neither")
        if region.point is not None:
            lat, lon = region.point
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"{region.slug}: point {region.point} out of range")


def main() -> int:
    """Write the file and print a summary."""
    check(REGIONS)
    table = country_table()
    missing = sorted({c for r in REGIONS for c in r.members if c not in table})
    if missing:
        raise SystemExit(f"countryinfo lacks member countries {missing}")
    features = [feature(region, table) for region in REGIONS]
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n",
        encoding="utf-8",
    )
    for f in features:
        props = f["properties"]
        assert isinstance(props, dict)
        print(f"{props['id']:40} {props['point']}")
    print(f"wrote {len(features)} regions to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
