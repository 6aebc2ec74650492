"""Spreadsheet import and export in the admin (django-import-export), made strict:
an upload is refused with a Norwegian message when it is too big, unreadable,
has the wrong columns or any bad row; the preview and the import finish within a
request; and the confirm step imports only the file this user previewed."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.results import RowResult

from core import uploads
from core.formatting import number
from core.resources import row_problems
from core.spreadsheets import SafeCSV, SafeXLSX, UnreadableFile, read_table

logger = logging.getLogger(__name__)

# The preview lists this many rows and problems; the rest are counted.
SHOWN_ROWS = 500
SHOWN_PROBLEMS = 200

STALE_CONFIRM_MESSAGE = (
    "Importen kan ikke fullføres: denne filen er ikke den du sist så forhåndsvisningen av "
    "her, eller forhåndsvisningen er for gammel. Last opp filen på nytt."
)


class SpreadsheetMixin(ImportExportMixin):
    """XLSX/CSV import with preview, and export, of a model's `resource_classes`."""

    formats = [SafeXLSX, SafeCSV]
    # Each imported row's edit history says who imported it and when, so the admin's
    # own log (a row per imported row, written one by one) is not needed.
    skip_admin_log = True

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        if request.method != "POST":
            return self._import_page(request, form)
        if not form.is_valid():
            return self._import_page(request, form, status=400)
        upload = form.cleaned_data["import_file"]
        file_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
        resource = self.choose_import_resource_class(form, request)(
            **self.get_import_resource_kwargs(request, form=form)
        )
        try:
            content = _read_upload(upload)
            dataset = _read_dataset(content, file_format)
        except UnreadableFile as error:
            form.add_error("import_file", str(error))
            return self._import_page(request, form, status=400)
        problems = resource.header_problems(dataset.headers)
        if problems:
            for problem in problems:
                form.add_error("import_file", problem)
            return self._import_page(request, form, status=400)
        result = resource.import_data(
            dataset,
            dry_run=True,
            raise_errors=False,
            file_name=upload.name,
            user=request.user,
            retain_instance_in_row_result=True,
        )
        if _refused(result):
            return self._import_page(
                request, form, result=result, headers=dataset.headers, status=400
            )
        upload.tmp_storage_name = uploads.keep(
            request,
            self._upload_label(),
            content,
            format=form.cleaned_data["format"],
            file_name=upload.name,
            resource=self.get_resource_index(form),
        )
        confirm_form = self.create_confirm_form(request, import_form=form)
        return self._import_page(
            request, form, result=result, headers=dataset.headers, confirm_form=confirm_form
        )

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        label = self._upload_label()
        entry = uploads.pending(request, label)
        posted = request.POST.get("import_file_name", "")
        content = uploads.read(entry) if entry and posted == entry["name"] else None
        if content is None:
            messages.error(request, STALE_CONFIRM_MESSAGE)
            return self._import_page(request, self._blank_import_form(request), status=400)
        file_format = self.get_import_formats()[int(entry["format"])]()
        resource = self.get_import_resource_classes(request)[entry["resource"]](
            **self.get_import_resource_kwargs(request)
        )
        dataset = _read_dataset(content, file_format)
        result = resource.import_data(
            dataset,
            dry_run=False,
            raise_errors=False,
            rollback_on_validation_errors=True,
            file_name=entry["file_name"],
            user=request.user,
            retain_instance_in_row_result=True,
        )
        uploads.discard(request, label)
        if _refused(result):  # the data changed since the preview: nothing was saved
            form = self._blank_import_form(request)
            return self._import_page(
                request, form, result=result, headers=dataset.headers, status=400
            )
        return self.process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            f"Importen er ferdig: {totals[RowResult.IMPORT_TYPE_NEW]} nye og "
            f"{totals[RowResult.IMPORT_TYPE_UPDATE]} endrede {self.opts.verbose_name_plural}. "
            f"{totals[RowResult.IMPORT_TYPE_SKIP]} rader var uendret eller tomme.",
        )

    def _upload_label(self):
        return self.opts.label_lower

    def _blank_import_form(self, request):
        return self.get_import_form_class(request)(
            self.get_import_formats(), self.get_import_resource_classes(request)
        )

    def _import_page(self, request, form, result=None, headers=(), confirm_form=None, status=200):
        resources = [
            resource(**self.get_import_resource_kwargs(request))
            for resource in self.get_import_resource_classes(request)
        ]
        context = {
            **self.admin_site.each_context(request),
            **self.get_import_context_data(),
            "title": f"Importer {self.opts.verbose_name_plural}",
            "form": form,
            "confirm_form": confirm_form,
            "opts": self.opts,
            "media": self.media + form.media,
            "fields_list": [(r.get_display_name(), r.column_names()) for r in resources],
            "import_error_display": ("message",),
            "limits": {
                "megabytes": number(settings.IMPORT_MAX_BYTES / 1024 / 1024),
                "rows": number(settings.IMPORT_MAX_ROWS),
            },
        }
        if result is not None:
            context.update(_report(result, list(headers)))
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context, status=status)


def _read_upload(upload):
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise UnreadableFile(
            f"Filen er på {number(upload.size / 1024 / 1024, 1)} MB. Den kan være på "
            f"høyst {number(settings.IMPORT_MAX_BYTES / 1024 / 1024)} MB: "
            "del den opp i flere filer."
        )
    return b"".join(upload.chunks())


def _read_dataset(content, file_format):
    kind = file_format.get_title()
    if kind == "csv" and content.startswith(b"PK\x03\x04"):
        raise UnreadableFile("Filen er en XLSX-fil: velg XLSX som format.")
    return read_table(content, kind, max_rows=settings.IMPORT_MAX_ROWS)


def _refused(result):
    return result.has_errors() or result.has_validation_errors()


def _report(result, headers):
    """What the import page shows about a checked file."""
    for error in result.base_errors:
        logger.error("Spreadsheet import failed", exc_info=error.error)
    for row in result.error_rows:
        for error in row.errors:
            logger.error("Spreadsheet import failed, row %s", row.number + 1, exc_info=error.error)
    problems = row_problems(result, headers)
    rows = result.valid_rows()
    totals = result.totals
    return {
        "result": result,
        "problems": problems[:SHOWN_PROBLEMS],
        "problems_not_shown": max(len(problems) - SHOWN_PROBLEMS, 0),
        "preview_rows": rows[:SHOWN_ROWS],
        "preview_rows_not_shown": max(len(rows) - SHOWN_ROWS, 0),
        "totals": {
            "new": totals[RowResult.IMPORT_TYPE_NEW],
            "update": totals[RowResult.IMPORT_TYPE_UPDATE],
            "skip": totals[RowResult.IMPORT_TYPE_SKIP],
        },
    }
