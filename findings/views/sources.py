"""The source documents: what each is, and everything the portal holds from it."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.page_cache import cached_for_visitors
from measures.models import SourceDocument

from ..documents import DocumentCounts, document_counts, document_page


@require_safe
@cached_for_visitors
def source_list(request):
    counts = document_counts(request.user)
    documents = list(SourceDocument.objects.all())
    for document in documents:
        document.counts = counts.get(document.pk, DocumentCounts())
    return render(request, "findings/source_list.html", {"documents": documents})


@require_safe
@cached_for_visitors
def source_detail(request, key):
    document = get_object_or_404(SourceDocument, key=key)
    context = {"document": document, "page": document_page(document, request.user)}
    return render(request, "findings/source_detail.html", context)
