"""Draw static/favicon.ico (the header's emblem: 邢 in the portal's red on white, 16–48 px).

Run once after changing the emblem: ``.venv/bin/python scripts/make_favicon.py``."""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

RED = (0xA6, 0x1B, 0x1B)  # --red of static/css/portal.css
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
OUT = Path(__file__).resolve().parent.parent / "static" / "favicon.ico"


def draw(size: int = 256) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse((0, 0, size - 1, size - 1), fill=RED)
    inner = int(size * 0.08)
    d.ellipse((inner, inner, size - 1 - inner, size - 1 - inner), fill="white")
    font = ImageFont.truetype(FONT, int(size * 0.58), index=2)  # the SC face of the collection
    d.text((size / 2, size / 2), "邢", fill=RED, font=font, anchor="mm")
    return img


if __name__ == "__main__":
    draw().save(OUT, sizes=[(16, 16), (32, 32), (48, 48)])
    print(OUT)
