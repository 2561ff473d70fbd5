"""The complaint form's captcha widgets (django-simple-captcha): the picture with Chinese alt text
and a "换一张" button, or the text question (ADR 0023). Imported only when a captcha is shown."""

from __future__ import annotations

from captcha.fields import CaptchaTextInput
from captcha.models import CaptchaStore


class PictureCaptchaInput(CaptchaTextInput):
    template_name = "wage_arrears/widgets/captcha.html"

    def build_attrs(self, *args, **kwargs):
        attrs = super().build_attrs(*args, **kwargs)
        attrs.update({"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})
        return attrs


class TextCaptchaInput(PictureCaptchaInput):
    """The same store and check as the picture, the challenge shown as text."""

    def fetch_captcha_store(self, name, value, attrs=None, generator=None):
        from .protection import text_challenge

        challenge, response = text_challenge()
        store = CaptchaStore.objects.create(challenge=challenge, response=response)
        self._key, self._value, self._challenge = store.hashkey, [store.hashkey, ""], challenge
        self.id_ = self.build_attrs(attrs).get("id", None)

    def build_attrs(self, *args, **kwargs):
        attrs = super().build_attrs(*args, **kwargs)
        attrs.update({"inputmode": "numeric", "autocapitalize": "off"})
        return attrs

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["text_challenge"] = self._challenge
        return context
