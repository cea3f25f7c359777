from django.urls import path

from synergies.practices.views import labels

urlpatterns = [path("<slug:slug>/label/", labels.label_propose, name="label_propose")]
