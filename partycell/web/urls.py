from django.urls import path

from partycell.web.views import actions, awareness, candidacies, corrections, people, register, spreadsheets, todo
from partycell.web.views import verification as verification_views

urlpatterns = [
    path("", people.home, name="home"),
    path("todo/", todo.todo, name="todo"),
    path("todo/export.xlsx", todo.todo_export, name="todo-export"),
    path("people/", people.person_list, name="person-list"),
    path("people/export.xlsx", people.person_export, name="person-export"),
    path("people/<int:pk>/", people.person_detail, name="person-detail"),
    path("people/<int:pk>/correct/", corrections.person_edit, name="person-edit"),
    path("candidacies/", candidacies.candidacy_list, name="candidacy-list"),
    path("candidacies/new/", register.candidacy_register, name="candidacy-register"),
    path("candidacies/export.xlsx", candidacies.candidacy_export, name="candidacy-export"),
    path("candidacies/awareness-class/", awareness.awareness_class, name="awareness-class"),
    path("candidacies/<int:pk>/", candidacies.candidacy_detail, name="candidacy-detail"),
    path("candidacies/<int:pk>/steps/<slug:action>/", actions.candidacy_action, name="candidacy-action"),
    path("candidacies/<int:pk>/mentors/new/", candidacies.mentor_add, name="mentor-add"),
    path("candidacies/<int:pk>/mentors/<int:mentorship_pk>/end/", corrections.mentorship_end, name="mentor-end"),
    path("candidacies/<int:pk>/deadline/extend/", corrections.deadline_extension, name="deadline-extend"),
    path("candidacies/<int:pk>/documents/new/", candidacies.document_upload, name="document-upload"),
    path("candidacies/<int:pk>/documents/<int:document_pk>/", candidacies.document_file, name="document-file"),
    path("candidacies/<int:pk>/verification/", verification_views.verification_page, name="candidacy-verification"),
    path("candidacies/<int:pk>/verification/people/new/", verification_views.verification_subject_new,
         name="verification-subject-new"),
    path("candidacies/<int:pk>/verification/letters/new/", verification_views.verification_request_new,
         name="verification-request-new"),
    path("candidacies/<int:pk>/verification/letters/<int:request_pk>/reply/", verification_views.verification_reply_new,
         name="verification-reply-new"),
    path("verification/communes/", verification_views.verification_communes, name="verification-communes"),
    path("import/", spreadsheets.import_start, name="import"),
    path("import/<slug:kind>/template.xlsx", spreadsheets.import_template, name="import-template"),
    path("import/<slug:kind>/", spreadsheets.import_upload, name="import-upload"),
]
