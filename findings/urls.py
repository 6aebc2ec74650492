from django.urls import path

from .views import evaluations, evidence, measures, sources, statements

app_name = "findings"
urlpatterns = [
    path("", measures.overview, name="overview"),
    path("virkemidler/", measures.measure_list, name="measures"),
    path("virkemidler/<slug:key>/", measures.measure_detail, name="measure"),
    path("funn/", statements.statement_list, name="statements"),
    path("evalueringer/", evaluations.evaluation_list, name="evaluations"),
    path("kunnskapsstatus/", evidence.evidence_map, name="evidence"),
    path("kilder/", sources.source_list, name="sources"),
    path("kilder/<slug:key>/", sources.source_detail, name="source"),
]
