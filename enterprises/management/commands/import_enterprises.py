from enterprises.management.commands._base import ImportCommand


class Command(ImportCommand):
    help = "Import enterprises (all or nothing)."
    kind = "enterprises"
