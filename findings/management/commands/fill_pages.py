import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from findings.content import VERBATIM_FIELDS
from findings.provenance import page_for, source_line

MAIN_FIELD = {
    f"{model._meta.app_label}.{model._meta.model_name}": fields[0]
    for model, fields in VERBATIM_FIELDS.items()
}


class Command(BaseCommand):
    help = "Setter linje og sidetall (der kilden viser et) i fixture-filer."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args, paths, **options):
        sources_fixture = settings.BASE_DIR / "fixtures" / "00_sources.json"
        sources = {
            obj["fields"]["key"]: obj["fields"]["filename"]
            for obj in json.loads(sources_fixture.read_text(encoding="utf-8"))
        }
        for path in paths:
            objects = json.loads(path.read_text(encoding="utf-8"))
            changed = 0
            for obj in objects:
                field = MAIN_FIELD.get(obj["model"])
                if not field:
                    continue
                fields = obj["fields"]
                filename = sources[fields["source"][0]]
                line = source_line(fields[field], filename, near=fields.get("line"))
                location = {"page": page_for(fields[field], filename, line), "line": line}
                if any(fields.get(name) != value for name, value in location.items()):
                    fields.update(location)
                    changed += 1
            text = json.dumps(objects, ensure_ascii=False, indent=2) + "\n"
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"{path}: {changed} plasseringer endret")
