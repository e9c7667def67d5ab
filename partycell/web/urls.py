from django.urls import path

from partycell.web.views import candidacies, people, todo

urlpatterns = [
    path("", people.home, name="home"),
    path("todo/", todo.todo, name="todo"),
    path("todo/export.xlsx", todo.todo_export, name="todo-export"),
    path("people/", people.person_list, name="person-list"),
    path("people/export.xlsx", people.person_export, name="person-export"),
    path("people/<int:pk>/", people.person_detail, name="person-detail"),
    path("candidacies/", candidacies.candidacy_list, name="candidacy-list"),
    path("candidacies/export.xlsx", candidacies.candidacy_export, name="candidacy-export"),
    path("candidacies/<int:pk>/", candidacies.candidacy_detail, name="candidacy-detail"),
]
