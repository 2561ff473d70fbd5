from enterprises.management.commands._base import ImportCommand
from persons.imports import SPECS


class Command(ImportCommand):
    help = "Import hardship certifications (all or nothing; every bad row reported; exit 1 on bad input)."
    kind = "hardship_certifications"
    specs = SPECS
