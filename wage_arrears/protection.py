"""Protection of the public intake: rate limits per IP and per phone (the kernel's declared limits,
``core/ratelimits.py``), and the captcha shown only after suspicious volume from one IP."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from xingtai_jobs.core import ratelimits

SUSPICIOUS_WINDOW_SECONDS = 3600


def ip_wait(request) -> int | None:
    return ratelimits.hit(request, "wage.complaint.ip")


def phone_wait(request, phone: str) -> int | None:
    return ratelimits.hit(request, "wage.complaint.phone", value=phone)


def track_wait(request) -> int | None:
    return ratelimits.hit(request, "wage.track.ip")


def captcha_refresh_wait(request) -> int | None:
    """A new captcha challenge asked for ("换一张", the text question or the picture again,
    ``/captcha/refresh/``): counted per client address; the seconds to wait when over the limit."""
    return ratelimits.hit(request, "wage.captcha_refresh.ip")


def retry_message(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    if minutes <= 90:
        return _("Too many requests. Please try again in %(minutes)s minutes.") % {"minutes": minutes}
    return _("Too many requests. Please try again in %(hours)s hours.") % {"hours": (minutes + 59) // 60}


def _volume_key(request) -> str:
    return f"wage.complaint.volume:{ratelimits.client_ip(request)}"


def note_submission(request) -> None:
    key = _volume_key(request)
    if not cache.add(key, 1, SUSPICIOUS_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, SUSPICIOUS_WINDOW_SECONDS)


def captcha_required(request) -> bool:
    """True once an IP has sent XT_COMPLAINT_CAPTCHA_AFTER complaints within an hour."""
    if not ratelimits.enabled():
        return False
    threshold = int(getattr(settings, "XT_COMPLAINT_CAPTCHA_AFTER", 3))
    return (cache.get(_volume_key(request)) or 0) >= threshold


# --- the captcha on the page ------------------------------------------------------------------
# Large characters from an alphabet without look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B), a "换一张"
# button that posts the form back for a new picture (no JavaScript), Chinese alt text, and a text
# alternative for anyone who cannot read the picture: a sum written out in words (ADR 0023).
READABLE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def readable_challenge() -> tuple[str, str]:
    """CAPTCHA_CHALLENGE_FUNCT: four characters that cannot be mistaken for one another."""
    import secrets

    text = "".join(secrets.choice(READABLE_ALPHABET) for _ in range(4))
    return text, text.lower()


def text_challenge() -> tuple[str, str]:
    """The accessible alternative: a small sum as text (read out by a screen reader, no picture)."""
    import secrets

    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    return _("What is %(a)s plus %(b)s?") % {"a": a, "b": b}, str(a + b)


def captcha_text_mode(request) -> bool:
    """True when the person chose the text question (kept across submits by a hidden field)."""
    choice = request.POST.get("captcha_mode", "") if request.method == "POST" else ""
    if choice in ("text", "image"):
        return choice == "text"
    return request.method == "POST" and request.POST.get("captcha_text") == "1"


# --- the captcha for API clients ----------------------------------------------------------------
# The page shows the picture and posts ``captcha_0`` (key) and ``captcha_1`` (answer); an API
# client gets the key and the picture's URL in a 400 answer and sends them back as ``captcha_key``
# and ``captcha_value``. Each key answers once, right or wrong (django-simple-captcha).
API_CAPTCHA_KEY, API_CAPTCHA_VALUE = "captcha_key", "captcha_value"


def with_api_captcha_answer(data) -> dict:
    """The API's request data with the captcha answer under the form field's names."""
    plain = data.copy() if hasattr(data, "copy") else dict(data)
    if hasattr(plain, "setlist"):  # a QueryDict: keep repeated fields (evidence) as lists
        key, value = plain.get(API_CAPTCHA_KEY, ""), plain.get(API_CAPTCHA_VALUE, "")
        plain.setlist("captcha_0", [str(key)])
        plain.setlist("captcha_1", [str(value)])
        return plain
    plain["captcha_0"] = str(plain.get(API_CAPTCHA_KEY, "") or "")
    plain["captcha_1"] = str(plain.get(API_CAPTCHA_VALUE, "") or "")
    return plain


def api_captcha_challenge(request) -> dict:
    """A fresh challenge for an API client: the message, the key and the picture's absolute URL."""
    from captcha.helpers import captcha_image_url
    from captcha.models import CaptchaStore

    key = CaptchaStore.generate_key()
    return {
        "captcha": [_("Many complaints came from this address: answer the captcha. Fetch the picture at "
                      "captcha_image_url and send its characters as captcha_value, with captcha_key, in the same "
                      "submission again.")],
        API_CAPTCHA_KEY: key,
        "captcha_image_url": request.build_absolute_uri(captcha_image_url(key)),
    }
