from enterprises.management.commands._base import ImportCommand


class Command(ImportCommand):
    help = "Import monthly employment reports (all or nothing)."
    kind = "employment_reports"
