from django import forms

from cercle.news.models import Announcement, DigestPreference


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}


class DigestForm(forms.ModelForm):
    class Meta:
        model = DigestPreference
        fields = ["weekly_digest"]
