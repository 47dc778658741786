from django.db import migrations

# The countries of the seeded regions: the one list that events, user groups and kits derive
# a region from (it replaces representatives' REGION_COUNTRIES and kits/geography.py, which
# disagreed on Turkey and South Asia). Volunteers change it in the Region admin afterwards.
REGION_COUNTRIES = {
    "north-america": (
        "US CA MX GL BM PM GT BZ SV HN NI CR PA CU JM HT DO PR BS BB TT AG DM GD KN LC VC "
        "AW CW SX BQ KY TC VG VI AI MS GP MQ BL MF UM"
    ),
    "south-america": "AR BO BR CL CO EC GY PY PE SR UY VE GF FK GS",
    "europe": (
        "AL AD AT BY BE BA BG HR CY CZ DK EE FO FI FR DE GI GR GG HU IS IE IM IT JE LV "
        "LI LT LU MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB VA AX"
    ),
    "india": "IN",
    "australia": "AU NZ FJ PG SB VU NC PF WS TO TV KI NR MH FM PW CK NU NF TK WF AS GU MP PN",
    "asia": (
        "AF AM AZ BH BD BT BN KH CN GE HK ID IR IQ IL JP JO KZ KW KG LA LB MO MY MV MN MM "
        "NP KP OM PK PS PH QA SA SG KR LK SY TW TJ TH TL TR TM AE UZ VN YE"
    ),
    "africa": (
        "DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR "
        "LY MG MW ML MR MU YT MA MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG TN UG EH "
        "ZM ZW"
    ),
}

AFRICA = {
    "name": "Africa",
    "status": "planned",
    "position": 70,
    "description": "PyCon Africa, PyCon ZA and the user groups across the continent.",
}


def seed_countries(apps, schema_editor):
    Region = apps.get_model("representatives", "Region")
    RegionCountry = apps.get_model("representatives", "RegionCountry")
    Region.objects.get_or_create(slug="africa", defaults=AFRICA)
    taken = set(RegionCountry.objects.values_list("country", flat=True))
    for region in Region.objects.filter(slug__in=REGION_COUNTRIES):
        codes = [code for code in REGION_COUNTRIES[region.slug].split() if code not in taken]
        RegionCountry.objects.bulk_create(
            RegionCountry(region=region, country=code) for code in codes
        )
        taken.update(codes)


class Migration(migrations.Migration):
    dependencies = [("representatives", "0007_region_countries_status_milestones")]

    operations = [migrations.RunPython(seed_countries, migrations.RunPython.noop)]
