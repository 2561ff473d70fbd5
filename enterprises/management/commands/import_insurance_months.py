from enterprises.management.commands._base import ImportCommand


class Command(ImportCommand):
    help = "Import monthly social-insurance figures (all or nothing)."
    kind = "insurance_months"
