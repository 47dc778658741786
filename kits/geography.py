"""Which region a conference's country belongs to, for transit times between regions.

Only the regions the PSF works in or plans (their slugs from representatives' seed).
A country missing here has no region: its transit time is the default.
"""

_REGION_COUNTRIES = {
    "north-america": (
        "US CA MX GT BZ SV HN NI CR PA CU DO HT JM BS BB TT PR AG DM GD KN LC VC BM AW CW"
    ),
    "south-america": "AR BO BR CL CO EC GY PY PE SR UY VE GF",
    "europe": (
        "AL AD AT BY BE BA BG HR CY CZ DK EE FI FR DE GR HU IS IE IT XK LV LI LT LU MT MD MC "
        "ME NL MK NO PL PT RO RU SM RS SK SI ES SE CH UA GB VA GI FO IM JE GG TR"
    ),
    "india": "IN LK NP BD BT MV",
    "australia": "AU NZ FJ PG NC SB VU WS TO",
    "asia": (
        "CN JP KR KP TW HK MO MN SG MY ID TH VN PH KH LA MM BN TL PK AF KZ KG TJ TM UZ "
        "AE SA QA BH KW OM YE IR IQ JO LB SY IL PS GE AM AZ"
    ),
}

REGION_OF_COUNTRY = {
    code: slug for slug, codes in _REGION_COUNTRIES.items() for code in codes.split()
}


def region_slug_for_country(country: str) -> str | None:
    return REGION_OF_COUNTRY.get((country or "").upper())
