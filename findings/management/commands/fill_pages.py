import json
from pathlib import Path

from django.core.management.base import BaseCommand

from findings.content import VERBATIM_FIELDS
from findings.provenance import page_for
from measures.models import SourceDocument

MAIN_FIELD = {
    f"{model._meta.app_label}.{model._meta.model_name}": fields[0]
    for model, fields in VERBATIM_FIELDS.items()
}


class Command(BaseCommand):
    help = "Setter sidetall i fixture-filer der kilden viser et sidetall."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args, paths, **options):
        sources = dict(SourceDocument.objects.values_list("key", "filename"))
        for path in paths:
            objects = json.loads(path.read_text(encoding="utf-8"))
            changed = 0
            for obj in objects:
                field = MAIN_FIELD.get(obj["model"])
                if not field:
                    continue
                fields = obj["fields"]
                page = page_for(fields[field], sources[fields["source"][0]])
                if fields.get("page") != page:
                    fields["page"] = page
                    changed += 1
            text = json.dumps(objects, ensure_ascii=False, indent=2) + "\n"
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"{path}: {changed} sidetall endret")
