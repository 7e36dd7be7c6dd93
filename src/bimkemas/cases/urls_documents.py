from django.urls import path

from bimkemas.cases import views_documents

urlpatterns = [
    path("kasus/<int:case_id>/kartu-bimbingan.pdf", views_documents.case_card_pdf, name="case_card_pdf"),
    path(
        "kasus/<int:case_id>/kontrak-bimbingan.pdf",
        views_documents.case_contract_pdf,
        name="case_contract_pdf",
    ),
]
