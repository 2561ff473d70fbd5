"""Shared body of the import commands: run one spec, print the report, exit non-zero on bad input."""

from __future__ import annotations

import resource

from django.core.management.base import BaseCommand, CommandError

from enterprises.services import registry_import_file


class ImportCommand(BaseCommand):
    kind = ""
    specs = None  # another registry's import specs (kind -> ImportSpec class); None: the enterprise registry's

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx or .csv file with Chinese (or English) headers")

    def handle(self, *args, **options):
        report = registry_import_file(kind=self.kind, path=options["file"], specs=self.specs)
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(report.summary())
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(self.style.SUCCESS(report.summary()))
        if options.get("verbosity", 1) >= 2:
            self.stdout.write(f"peak RSS {peak_mb:.0f} MB")
