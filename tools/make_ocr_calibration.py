#!/usr/bin/python3
"""Real calibration images for the PaddleOCR cls and det models, preprocessed exactly as PaddleOCR does.

cls (ch_ppocr_mobile_v2.0_cls, input x [N,3,48,192]): text lines rendered with real fonts (DejaVu for Latin, WenQuanYi
Micro Hei for Chinese) from real text (Debian's /usr/share/common-licenses and the zh_CN gettext catalogues of apt and
dpkg), each line both upright (label 0) and rotated by 180 degrees (label 1), as PaddleOCR's label list ['0', '180'].
Preprocessing = PaddleOCR tools/infer/predict_cls.py resize_norm_img: BGR image, resize to height 48 keeping the aspect
ratio (width ceil(48*w/h), at most 192, bilinear), x/255, (x-0.5)/0.5, CHW, zero padding on the right up to 192.

det (ch_PP-OCRv4_det, input x [N,3,640,640]): photographs from scikit-image's data folder (Debian python3-skimage,
unpacked without installing), some with text lines composited on them, and rendered document pages. Preprocessing =
PaddleOCR DetResizeForTest(image_shape=[640, 640]) (a direct resize, aspect not kept) + NormalizeImage(scale 1/255,
mean [0.485, 0.456, 0.406], std [0.229, 0.224, 0.225], order hwc) applied to the BGR image as PaddleOCR does (cv2 reads
BGR and the ImageNet constants are applied to the channels in that order) + ToCHWImage.

Output (deterministic: fixed seeds, sorted inputs): OUT/cls_lines.npz with 'x' float32 [512,3,48,192] and 'labels'
int64 [512]; OUT/det_images.npz with 'x' float32 [32,3,640,640]; OUT/manifest.json; OUT/cls_preview.png and
OUT/det_preview.png to look at. Keys: 'x' is the models' input name (Qc.Core.Data.NpzDataset uses every array except
the labels array as inputs, by name).
Usage: /usr/bin/python3 tools/make_ocr_calibration.py --skimage-data DIR --out DIR
"""
import argparse
import gettext
import glob
import hashlib
import json
import math
import os
import random
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SEED = 20241122
CLS_H, CLS_W = 48, 192
DET_SIZE = 640
DET_MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
DET_STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)

LATIN_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
]
CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
ZH_CATALOGUES = ["/usr/share/locale/zh_CN/LC_MESSAGES/apt.mo", "/usr/share/locale/zh_CN/LC_MESSAGES/dpkg.mo"]
# Photographs and scans of scikit-image's data folder (BSD/CC0/public domain; see skimage/data/README.txt).
PHOTOS = ["astronaut.png", "brick.png", "camera.png", "chelsea.png", "clock_motion.png", "coffee.png", "coins.png",
          "grass.png", "gravel.png", "hubble_deep_field.jpg", "ihc.png", "moon.png", "motorcycle_left.png",
          "motorcycle_right.png", "page.png", "retina.jpg", "rocket.jpg", "text.png"]


def english_lines():
    """Word windows of 2-6 words (8-40 characters) from the licence texts, in sorted file order."""
    out = []
    for path in sorted(glob.glob("/usr/share/common-licenses/*")):
        if os.path.islink(path) or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            for raw in f:
                words = raw.split()
                if len(words) < 2:
                    continue
                out.append(" ".join(words))
    return out


def chinese_lines():
    """Translated messages with at least four CJK characters, split at line breaks, from the zh_CN catalogues."""
    out = []
    for path in ZH_CATALOGUES:
        if not os.path.exists(path):
            continue
        with open(path, "rb") as f:
            catalogue = gettext.GNUTranslations(f)
        for msgid in sorted(k for k in catalogue._catalog.keys() if isinstance(k, str)):
            text = catalogue._catalog[msgid]
            for part in text.replace("\t", " ").split("\n"):
                part = " ".join(part.split())
                if sum(1 for c in part if "\u4e00" <= c <= "\u9fff") >= 4 and "%" not in part:
                    out.append(part)
    return sorted(set(out))


def pick_text(rng, english, chinese):
    if chinese and rng.random() < 0.4:
        s = rng.choice(chinese)
        n = rng.randint(4, 14)
        start = rng.randint(0, max(0, len(s) - n))
        return s[start:start + n].strip(), True
    words = rng.choice(english).split()
    n = rng.randint(2, 5)
    start = rng.randint(0, max(0, len(words) - n))
    text = " ".join(words[start:start + n])
    return text[:32].strip(), False


def render_line(rng, text, cjk):
    """A tight crop of one text line: dark on light (sometimes light on dark), 2-6 px margins, a slight tilt."""
    font_path = CJK_FONT if cjk else rng.choice(LATIN_FONTS)
    size = rng.randint(22, 40)
    font = ImageFont.truetype(font_path, size)
    left, top, right, bottom = font.getbbox(text)
    w, h = right - left, bottom - top
    m = rng.randint(2, 6)
    dark_on_light = rng.random() < 0.85
    base = rng.randint(200, 255) if dark_on_light else rng.randint(0, 70)
    tint = [min(255, max(0, base + rng.randint(-15, 15))) for _ in range(3)]
    ink_level = rng.randint(0, 70) if dark_on_light else rng.randint(190, 255)
    ink = tuple(min(255, max(0, ink_level + rng.randint(-20, 20))) for _ in range(3))
    img = Image.new("RGB", (w + 2 * m, h + 2 * m), tuple(tint))
    ImageDraw.Draw(img).text((m - left, m - top), text, font=font, fill=ink)
    angle = rng.uniform(-2.0, 2.0)
    img = img.rotate(angle, resample=Image.BILINEAR, expand=False, fillcolor=tuple(tint))
    if rng.random() < 0.3:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
    return img


def cls_preprocess(img):
    """PaddleOCR resize_norm_img for the direction classifier: [3, 48, 192] float32."""
    bgr = np.asarray(img.convert("RGB"), dtype=np.uint8)[:, :, ::-1]
    h, w = bgr.shape[:2]
    resized_w = min(CLS_W, int(math.ceil(CLS_H * (w / float(h)))))
    resized = Image.fromarray(np.ascontiguousarray(bgr)).resize((resized_w, CLS_H), Image.BILINEAR)
    x = np.asarray(resized, dtype=np.float32).transpose(2, 0, 1) / 255.0
    x = (x - 0.5) / 0.5
    out = np.zeros((3, CLS_H, CLS_W), dtype=np.float32)
    out[:, :, :resized_w] = x
    return out


def det_preprocess(img):
    """PaddleOCR DetResizeForTest(image_shape=[640, 640]) + NormalizeImage (BGR) + ToCHWImage: [3, 640, 640] float32."""
    resized = img.convert("RGB").resize((DET_SIZE, DET_SIZE), Image.BILINEAR)
    bgr = np.asarray(resized, dtype=np.float32)[:, :, ::-1] / 255.0
    x = (bgr - DET_MEAN) / DET_STD
    return np.ascontiguousarray(x.transpose(2, 0, 1), dtype=np.float32)


def make_cls(rng, english, chinese, count):
    crops, xs, labels, texts = [], [], [], []
    for _ in range(count // 2):
        text, cjk = "", False
        while len(text) < 3:
            text, cjk = pick_text(rng, english, chinese)
        img = render_line(rng, text, cjk)
        for label, im in ((0, img), (1, img.rotate(180))):
            xs.append(cls_preprocess(im))
            labels.append(label)
            crops.append(im)
            texts.append(text)
    return np.stack(xs), np.array(labels, dtype=np.int64), crops, texts


def render_page(rng, english, chinese, width, height, background=None):
    """A document page (or a photo with text composited on it): lines of text in one or two columns."""
    if background is None:
        shade = rng.randint(225, 255)
        page = Image.new("RGB", (width, height), (shade, shade, max(0, shade - rng.randint(0, 12))))
    else:
        page = background.convert("RGB").resize((width, height), Image.BILINEAR)
    draw = ImageDraw.Draw(page)
    columns = 1 if background is not None or rng.random() < 0.5 else 2
    col_w = width // columns
    lines = rng.randint(3, 6) if background is not None else 10**6
    for c in range(columns):
        y = rng.randint(20, 80)
        n = 0
        while y < height - 60 and n < lines:
            text, cjk = pick_text(rng, english, chinese)
            font = ImageFont.truetype(CJK_FONT if cjk else rng.choice(LATIN_FONTS), rng.randint(18, 40))
            x = c * col_w + rng.randint(20, 60)
            left, top, right, bottom = font.getbbox(text)
            if background is not None:
                pad = 6
                box = (x + left - pad, y + top - pad, x + right + pad, y + bottom + pad)
                light = rng.random() < 0.5
                draw.rectangle(box, fill=(245, 245, 235) if light else (25, 30, 40))
                draw.text((x, y), text, font=font, fill=(15, 15, 15) if light else (240, 240, 240))
                y += (bottom - top) + rng.randint(40, 120)
            else:
                draw.text((x, y), text, font=font, fill=(rng.randint(0, 60),) * 3)
                y += (bottom - top) + rng.randint(10, 30)
            n += 1
    return page


def make_det(rng, english, chinese, photo_dir, count):
    images, names = [], []
    photos = [os.path.join(photo_dir, p) for p in PHOTOS if os.path.exists(os.path.join(photo_dir, p))]
    if len(photos) < 8:
        sys.exit(f"make_ocr_calibration: expected scikit-image photos in {photo_dir}, found {len(photos)}")
    for p in photos:  # the photographs as they are
        images.append(Image.open(p).convert("RGB"))
        names.append(os.path.basename(p))
    overlay = sorted(photos)[: max(0, (count - len(photos)) // 2)]
    for p in overlay:  # photographs with signs/labels of text composited on them
        images.append(render_page(rng, english, chinese, 960, 720, background=Image.open(p)))
        names.append("text-on-" + os.path.basename(p))
    while len(images) < count:  # rendered document pages
        w, h = rng.choice([(1240, 1754), (1754, 1240), (1000, 1000)])
        images.append(render_page(rng, english, chinese, w, h))
        names.append(f"page-{len(images):02d}")
    images, names = images[:count], names[:count]
    return np.stack([det_preprocess(im) for im in images]), images, names


def montage(images, cols, cell):
    rows = (len(images) + cols - 1) // cols
    sheet = Image.new("RGB", (cols * cell[0], rows * cell[1]), (128, 128, 128))
    for i, im in enumerate(images):
        thumb = im.convert("RGB").copy()
        thumb.thumbnail(cell)
        sheet.paste(thumb, ((i % cols) * cell[0], (i // cols) * cell[1]))
    return sheet


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def save_npz(path, **arrays):
    tmp = path + ".tmp.npz"
    np.savez_compressed(tmp, **arrays)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--skimage-data", required=True, help="scikit-image's data folder (from the python3-skimage package)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--cls-count", type=int, default=512)
    ap.add_argument("--det-count", type=int, default=32)
    args = ap.parse_args()
    for f in LATIN_FONTS + [CJK_FONT]:
        if not os.path.exists(f):
            sys.exit(f"make_ocr_calibration: font {f} is missing (Debian fonts-dejavu-core, fonts-wqy-microhei)")
    os.makedirs(args.out, exist_ok=True)
    english, chinese = english_lines(), chinese_lines()

    x, labels, crops, texts = make_cls(random.Random(SEED), english, chinese, args.cls_count)
    cls_path = os.path.join(args.out, "cls_lines.npz")
    save_npz(cls_path, x=x, labels=labels)
    montage(crops[:64], 4, (240, 60)).save(os.path.join(args.out, "cls_preview.png"))

    dx, images, names = make_det(random.Random(SEED + 1), english, chinese, args.skimage_data, args.det_count)
    det_path = os.path.join(args.out, "det_images.npz")
    save_npz(det_path, x=dx)
    montage(images, 8, (160, 160)).save(os.path.join(args.out, "det_preview.png"))

    manifest = {
        "seed": SEED,
        "cls": {"file": "cls_lines.npz", "sha256": sha256(cls_path), "shape": list(x.shape), "labels": {"0": "upright", "1": "rotated 180"},
                "chinese_lines": sum(1 for t in texts if any("\u4e00" <= c <= "\u9fff" for c in t)) // 2,
                "lines": len(texts) // 2, "texts": texts[::2]},
        "det": {"file": "det_images.npz", "sha256": sha256(det_path), "shape": list(dx.shape), "images": names},
        "sources": {"english": "/usr/share/common-licenses", "chinese": [p for p in ZH_CATALOGUES if os.path.exists(p)],
                    "photos": "scikit-image data (python3-skimage)", "fonts": LATIN_FONTS + [CJK_FONT]},
    }
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
