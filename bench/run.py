#!/usr/bin/env python3
"""Benchmark congress-extract on real articles, as text and as portal HTML pages, against trafilatura.

Builds the inputs under bench/out/ (git-ignored) from the real articles in
../shared/corpus/{union,wider,general}/ and samples/ (read in place, never copied into
the repository), as text, as 42 KB portal pages (html) and as 10 KB light pages (light),
then runs `congress-extract extract DIR -o FILE --jobs J` as a
child process for every set and reports, as a markdown table:

- documents/s and MB/s of input, with --jobs 1 and --jobs 2, for text and both kinds of page;
- the peak RSS of the run (the largest process of it: the CLI or one of its
  workers) at 1,000 and at 10,000 documents;
- trafilatura's documents/s extracting the same HTML pages in one process, and
  our documents/s as a multiple of it;
- what 2 processes of plain Python CPU work give on this machine (the ceiling for
  any --jobs 2 speed-up), `congress-extract --help` wall time and a one-file run's
  (median of 10 each);
- the floor: a plain script that reads, decodes, normalises (NFC) and writes each text
  document as a JSON line, on the same text sets;
- issue 13's targets, met or not, at the largest size.

Every run's output is checked: one record per input, every record "ok", and the
same bytes for --jobs 1 and --jobs 2.

Usage: python bench/run.py [--sizes 1000,10000] [--jobs 1,2] [--kinds text,html,light]
       [--no-trafilatura] [--quick]
       python bench/run.py --adversarial   # CPU seconds per MB of hostile input (bench/adversarial.py)
       python bench/run.py --sqlite [--sizes N]  # only the SQLite output's cost against JSON Lines (bench/sqlite_cost.py)
Needs `pip install -e '.[bench]'` for trafilatura and psutil (trafilatura is skipped
with a note when it is missing).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
CORPUS = ROOT.parent / "shared" / "corpus"
SOURCES = (CORPUS / "union", CORPUS / "wider", CORPUS / "general", ROOT / "samples")


# --------------------------------------------------------------------------- inputs

def real_articles() -> list[tuple[str, bytes]]:
    """(name, bytes) of every real article, in a stable order."""
    found = []
    for folder in SOURCES:
        if not folder.is_dir():
            print(f"note: {folder} is missing; the corpus is built without it", file=sys.stderr)
            continue
        for path in sorted(folder.glob("*.txt")):
            found.append((f"{folder.name}-{path.stem}", path.read_bytes()))
    if not found:
        sys.exit("no articles found: expected ../shared/corpus/ next to the repository, or samples/")
    return found


MENU = ["Trang chủ", "Giới thiệu", "Tin tức - Sự kiện", "Hoạt động công đoàn", "Chính sách - Pháp luật",
        "Văn bản", "Thi đua - Khen thưởng", "Nữ công", "Tư vấn pháp luật", "Gương điển hình", "Liên hệ"]
SUBMENU = ["Tin trong tỉnh", "Tin trong nước", "Tin quốc tế", "Công nhân - Công đoàn", "Đời sống", "Văn hóa - Thể thao"]
PROVINCES = ["Sóc Trăng", "Quảng Nam", "Lạng Sơn", "Nghệ An", "Thanh Hóa", "Bình Dương", "Đồng Nai", "Cần Thơ",
             "Hà Tĩnh", "Thái Bình", "Bắc Giang", "Kiên Giang", "Long An", "Phú Thọ", "Gia Lai"]
VIDEOS = ["Phát biểu của đồng chí Chủ tịch tại Hội nghị tổng kết", "Ngày hội văn hóa thể thao công nhân lao động",
          "Chương trình Tết Sum vầy", "Tháng Công nhân: Những hoạt động ý nghĩa",
          "Phóng sự: Mái ấm Công đoàn trao nhà cho đoàn viên khó khăn", "Tọa đàm an toàn vệ sinh lao động"]
LINKS = ["Tổng Liên đoàn Lao động Việt Nam", "Báo Lao Động", "Báo Người Lao Động", "Cổng thông tin điện tử tỉnh",
         "Bộ Lao động - Thương binh và Xã hội", "Bảo hiểm xã hội Việt Nam", "Tạp chí Lao động và Công đoàn"]
STYLE = """
body{font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222;margin:0}
.container{width:1170px;margin:0 auto}.topbar{background:#0b4e9b;color:#fff;font-size:12px}
.main-menu ul{list-style:none;margin:0;padding:0}.main-menu li{display:inline-block;position:relative}
.main-menu li ul.sub{display:none;position:absolute}.main-menu li:hover ul.sub{display:block}
.article-body p{text-align:justify;line-height:1.6}.widget{border:1px solid #ddd;margin-bottom:15px}
.widget h3{background:#0b4e9b;color:#fff;padding:6px 10px;font-size:14px;text-transform:uppercase}
.counter li{list-style:none}.footer{background:#063970;color:#cfd8e3;padding:20px 0}
"""
# A portal's page scripts: a slider, lazy loading, a font-size switch, share buttons (as minified page code).
WIDGET_SCRIPT = ";".join(
    f"(function(w,d){{var el=d.querySelectorAll('.box-{i} .item');for(var k=0;k<el.length;k++){{el[k].addEventListener("
    f"'click',function(e){{w.location.href=this.getAttribute('data-href')+'?ref=box{i}';}});}}}})(window,document)"
    for i in range(60))
SCRIPT = """
window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());
gtag('config','G-%s');(function(d,s,id){var js,fjs=d.getElementsByTagName(s)[0];if(d.getElementById(id))return;
js=d.createElement(s);js.id=id;js.src="https://connect.facebook.net/vi_VN/sdk.js#xfbml=1&version=v17.0";
fjs.parentNode.insertBefore(js,fjs);}(document,'script','facebook-jssdk'));
var fontSize=14;function zoom(d){fontSize+=d;document.querySelector('.article-body').style.fontSize=fontSize+'px';}
"""


def portal_page(text: str, seed: int, titles: list[str]) -> str:
    """The article wrapped in a Vietnamese portal page: menus, sidebars, counters, related news, footer.

    About 42 KB, the weight of a real portal article page: every menu item has its
    submenu, and the page carries "most read", photo and same-section teaser boxes
    (thumbnail, linked headline, date, maybe a summary), footer link columns, page
    scripts and JSON-LD. trafilatura's rate depends on that weight (about 300 pages/s
    on a 12 KB page, 130 on these), so a lighter page would flatter no one.

    Half the pages mark their furniture with nav/aside/footer, half with plain divs,
    as portals do: the second kind is left to the text cleaner.
    """
    rnd = random.Random(seed)
    esc = html.escape
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    title, body = (lines[0], lines[1:]) if lines else ("Tin tức", [])
    province = rnd.choice(PROVINCES)
    site = f"Liên đoàn Lao động tỉnh {province}"
    y, m, d = rnd.randint(2017, 2023), rnd.randint(1, 12), rnd.randint(1, 28)
    hh, mm = rnd.randint(6, 21), rnd.randint(0, 59)
    semantic = seed % 2 == 0
    nav, aside, foot = ("nav", "aside", "footer") if semantic else ("div", "div", "div")
    menu = "\n".join(
        f'<li class="menu-item"><a href="/{i}">{esc(item)}</a><ul class="sub">'
        + "".join(f'<li><a href="/{i}/{j}">{esc(sub)}</a></li>' for j, sub in enumerate(SUBMENU))
        + "</ul></li>"
        for i, item in enumerate(MENU))

    def teasers(n: int, cls: str, sapo: bool = False) -> str:
        """News boxes as portals print them: thumbnail, linked title, date, maybe a summary."""
        out = []
        for _ in range(n):
            href = f"/tin/{rnd.randint(1000, 99999)}.html"
            head = esc(rnd.choice(titles))
            out.append(f'<li class="{cls}"><a class="thumb" href="{href}"><img src="/uploads/{y}/thumb-{rnd.randint(1, 9999)}.jpg" '
                       f'alt="{head}" width="120" height="80" loading="lazy"></a><div class="info"><a href="{href}" title="{head}">'
                       f'{head}</a><span class="time">{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{y}</span>'
                       + (f'<p class="sapo">{esc(rnd.choice(titles))}</p>' if sapo else "") + "</div></li>")
        return "\n".join(out)
    related = "\n".join(
        f'<li><a href="/tin/{rnd.randint(1000, 99999)}.html">{esc(rnd.choice(titles))}</a> '
        f'<span class="date">({rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{y})</span></li>' for _ in range(6))
    latest = "\n".join(f'<li><a href="/tin/{rnd.randint(1000, 99999)}.html">{esc(rnd.choice(titles))}</a></li>'
                       for _ in range(8))
    videos = "\n".join(f'<li><a href="/video/{i}">{esc(v)}</a></li>' for i, v in enumerate(rnd.sample(VIDEOS, 4)))
    links = "\n".join(f"<option>{esc(item)}</option>" for item in LINKS)
    paragraphs = []
    for i, line in enumerate(body):
        if i == len(body) - 1 and len(line) < 60:
            paragraphs.append(f'<p style="text-align:right"><strong>{esc(line)}</strong></p>')
        elif len(line) < 90 and rnd.random() < 0.3:
            paragraphs.append(f'<figure><img src="/uploads/{y}/{m:02d}/anh-{i}.jpg" alt="">'
                              f"<figcaption>{esc(line)}</figcaption></figure>")
        else:
            paragraphs.append(f"<p>{esc(line)}</p>")
    online, today = rnd.randint(20, 400), rnd.randint(500, 9000)
    week, total = today * rnd.randint(5, 7), rnd.randint(100_000, 12_000_000)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} - {esc(site)}</title>
<meta name="description" content="{esc(body[0][:160] if body else title)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{esc(site)}">
<meta property="og:title" content="{esc(title)}">
<meta property="article:published_time" content="{y}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:00+07:00">
<link rel="stylesheet" href="/themes/ldld/css/bootstrap.min.css">
<style>{STYLE}</style>
<meta property="og:image" content="https://ldld.{seed % 97}.vn/uploads/{y}/{m:02d}/anh-dai-dien.jpg">
<meta name="twitter:card" content="summary_large_image">
<link rel="canonical" href="https://ldld.{seed % 97}.vn/tin/{seed}.html">
<link rel="stylesheet" href="/themes/ldld/css/style.css?v={seed % 13}">
<link rel="stylesheet" href="/themes/ldld/css/responsive.css?v={seed % 13}">
<script async src="https://www.googletagmanager.com/gtag/js?id=G-{seed:07d}"></script>
<script>{SCRIPT % seed}</script>
<script>{WIDGET_SCRIPT}</script>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{esc(title)}",
"datePublished":"{y}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:00+07:00","publisher":{{"@type":"Organization","name":"{esc(site)}"}}}}</script>
</head>
<body class="page-article">
<div class="topbar"><div class="container"><span class="today">Thứ Hai, ngày {d:02d}/{m:02d}/{y}</span>
<a href="/sitemap">Sơ đồ cổng</a> | <a href="/login">Đăng nhập</a> | <a href="/en">English</a></div></div>
<div class="site-header"><div class="container"><a class="logo" href="/"><img src="/logo.png" alt="{esc(site)}"></a>
<div class="site-name"><span>TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM</span><span>{esc(site.upper())}</span></div>
<form class="search" action="/tim-kiem"><input type="text" name="q" placeholder="Nhập từ khóa..."><button>Tìm kiếm</button></form>
</div></div>
<{nav} class="main-menu"><ul>
{menu}
</ul></{nav}>
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/2">Tin tức - Sự kiện</a> » <a href="/2/0">Tin trong tỉnh</a></div>
<div class="container"><div class="row">
<div class="col-main">
<div class="article-detail">
<h1 class="title">{esc(title)}</h1>
<div class="meta"><span class="date">{d:02d}/{m:02d}/{y} {hh:02d}:{mm:02d}</span> <span class="views">Lượt xem: {rnd.randint(50, 5000)}</span></div>
<div id="fontsize">Cỡ chữ: <a onclick="zoom(-1)">A-</a> <a onclick="zoom(0)">A</a> <a onclick="zoom(1)">A+</a></div>
<div class="article-body">
{chr(10).join(paragraphs)}
</div>
<div class="share">Chia sẻ: <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Zalo</a> <a href="#">In bài viết</a></div>
<div class="related"><h3>Tin liên quan</h3><ul>
{related}
</ul></div>
<div class="same-section"><h3>Tin cùng chuyên mục</h3><ul>
{teasers(8, "same-section", sapo=True)}
</ul></div>
</div></div>
<{aside} class="col-side">
<div class="widget"><h3>Tin mới nhất</h3><ul>
{latest}
</ul></div>
<div class="widget"><h3>Đọc nhiều nhất</h3><ul>
{teasers(10, "most-read")}
</ul></div>
<div class="widget"><h3>Tin ảnh</h3><ul>
{teasers(6, "photo")}
</ul></div>
<div class="widget"><h3>Video clip</h3><ul>
{videos}
</ul></div>
<div class="widget"><h3>Liên kết website</h3><select><option>-- Chọn liên kết --</option>
{links}
</select></div>
<div class="widget counter"><h3>Thống kê truy cập</h3><ul>
<li>Đang online: {online}</li><li>Hôm nay: {today:,}</li><li>Trong tuần: {week:,}</li><li>Tất cả: {total:,}</li>
</ul></div>
</{aside}>
</div></div>
<{foot} class="footer"><div class="container">
<div class="footer-links">{"".join('<ul>' + "".join(f'<li><a href="/{i}/{j}">{esc(sub)}</a></li>' for j, sub in enumerate(SUBMENU)) + '</ul>' for i in range(4))}</div>
<p>Cơ quan chủ quản: {esc(site)}</p>
<p>Địa chỉ: {rnd.randint(1, 300)} đường Trần Hưng Đạo, phường {rnd.randint(1, 9)}, tỉnh {esc(province)}</p>
<p>Điện thoại: (0{rnd.randint(200, 299)}) {rnd.randint(3000000, 3999999)} - Email: ldld@{seed % 97}.vn</p>
<p>© Bản quyền thuộc về {esc(site)}. Ghi rõ nguồn "{esc(site)}" khi phát hành lại thông tin từ website này.</p>
</div></{foot}>
<script>document.querySelectorAll('.share a').forEach(function(a){{a.rel='noopener';}});</script>
</body>
</html>
"""


def build(sizes: list[int], kinds: list[str], rebuild: bool) -> dict[tuple[str, int], Path]:
    """bench/out/{kind}-{size}/: `size` documents cycling over the real articles (as links to one copy each)."""
    articles = real_articles()
    stamp = hashlib.sha256(b"".join(hashlib.sha256(d).digest() for _, d in articles)
                           + Path(__file__).read_bytes()).hexdigest()[:16]
    OUT.mkdir(exist_ok=True)
    marker = OUT / "BUILT"
    if rebuild or not marker.exists() or marker.read_text() != stamp:
        for child in OUT.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
        titles = [next((ln.strip() for ln in d.decode("utf-8", "replace").splitlines() if ln.strip()), "Tin tức")[:120]
                  for _, d in articles]
        for kind in ("text", *PAGES):
            base = OUT / f"base-{kind}"
            base.mkdir()
            for i, (name, data) in enumerate(articles):
                if kind == "text":
                    (base / f"{name}.txt").write_bytes(data)
                else:
                    page = PAGES[kind](data.decode("utf-8", "replace"), i, titles)
                    (base / f"{name}.html").write_text(page, encoding="utf-8")
        marker.write_text(stamp)
    sets = {}
    for kind in kinds:
        base = sorted((OUT / f"base-{kind}").iterdir())
        for size in sizes:
            folder = OUT / f"{kind}-{size}"
            sets[(kind, size)] = folder
            if folder.is_dir() and sum(1 for _ in folder.rglob("*.*")) == size:
                continue
            shutil.rmtree(folder, ignore_errors=True)
            for i in range(size):
                src = base[i % len(base)]
                sub = folder / f"{i // 1000:03d}"  # a thousand files per folder
                sub.mkdir(parents=True, exist_ok=True)
                dst = sub / f"{i:06d}-{src.name}"
                try:
                    os.link(src, dst)
                except OSError:
                    shutil.copyfile(src, dst)
    return sets


# --------------------------------------------------------------------------- runs

# Run in a small launcher process: a child's peak RSS as the kernel reports it counts
# what its parent held when it was forked, so the measured command must not be
# forked from this (larger) process itself.
LAUNCHER = """
import resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.call(sys.argv[1:])
wall = time.perf_counter() - t
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"@bench {wall} {use.ru_maxrss} {use.ru_utime + use.ru_stime}", file=sys.stderr)
sys.exit(rc)
"""


def light_page(text: str, seed: int, titles: list[str]) -> str:
    """The article in a light portal page (about 10 KB): a one-level menu, a breadcrumb, the
    headline and stamp, a short related-news list and a footer; no sidebars, teasers or scripts.
    Many provincial portals print little more, and trafilatura reads such pages faster."""
    rnd = random.Random(seed)
    esc = html.escape
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    title, body = (lines[0], lines[1:]) if lines else ("Tin tức", [])
    site = f"Liên đoàn Lao động tỉnh {rnd.choice(PROVINCES)}"
    y, m, d = rnd.randint(2017, 2023), rnd.randint(1, 12), rnd.randint(1, 28)
    nav, foot = ("nav", "footer") if seed % 2 == 0 else ("div", "div")
    menu = "".join(f'<li><a href="/{i}">{esc(item)}</a></li>' for i, item in enumerate(MENU))
    related = "".join(f'<li><a href="/tin/{rnd.randint(1000, 99999)}.html">{esc(rnd.choice(titles))}</a></li>'
                      for _ in range(5))
    paragraphs = "\n".join(f"<p>{esc(line)}</p>" for line in body)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{esc(title)} - {esc(site)}</title>
<meta property="og:title" content="{esc(title)}">
<link rel="stylesheet" href="/css/style.css"></head>
<body>
<div class="header"><a href="/"><img src="/logo.png" alt="{esc(site)}"></a> {esc(site.upper())}</div>
<{nav} class="menu"><ul>{menu}</ul></{nav}>
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/2">Tin tức - Sự kiện</a></div>
<div class="content">
<h1>{esc(title)}</h1>
<div class="date">{d:02d}/{m:02d}/{y}</div>
{paragraphs}
<div class="related"><h3>Tin liên quan</h3><ul>{related}</ul></div>
</div>
<{foot} class="footer"><p>Cơ quan chủ quản: {esc(site)}</p><p>Điện thoại: (0{rnd.randint(200, 299)}) {rnd.randint(3000000, 3999999)}</p></{foot}>
</body></html>
"""


PAGES = {"html": portal_page, "light": light_page}


def timed(cmd: list[str]) -> tuple[float, float, float, subprocess.CompletedProcess]:
    """Wall seconds, peak RSS (MB: the largest process of the run, CLI or worker) and CPU seconds of a command."""
    done = subprocess.run([sys.executable, "-c", LAUNCHER, *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    *lines, last = done.stderr.rstrip("\n").split("\n")
    _, wall, maxrss, cpu = last.split()
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    rss = int(maxrss) / (2**20 if sys.platform == "darwin" else 1024)
    return float(wall), rss, float(cpu), subprocess.CompletedProcess(cmd, done.returncode, None, "\n".join(lines))


def input_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.*"))


def run_ours(folder: Path, jobs: int, out: Path) -> dict:
    cmd = [sys.executable, "-m", "congress_extract", "extract", str(folder), "-o", str(out), "--force",
           "--jobs", str(jobs), "--no-progress"]
    wall, rss, cpu, done = timed(cmd)
    if done.returncode not in (0, 1):
        sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr}")
    records = ok = facts = 0
    with out.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            records += 1
            ok += record["status"] == "ok"
            facts += sum(len(record.get(k, [])) for k in ("events", "dates", "terms", "officials", "elections",
                                                           "votes", "ratios", "percentages"))
    return {"wall": wall, "rss": rss, "cpu": cpu, "records": records, "ok": ok, "facts": facts,
            "sha256": _digest(out)}


def _digest(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


TRAFILATURA = """
import sys, time, pathlib, trafilatura
paths = sorted(p for p in pathlib.Path(sys.argv[1]).rglob("*.html"))
empty = 0
for p in paths:
    if not trafilatura.extract(p.read_bytes()):
        empty += 1
print(len(paths), empty)
"""


def run_trafilatura(folder: Path, python: str = sys.executable) -> dict | None:
    """trafilatura on the pages, in one process of `python` (an environment that has it)."""
    if subprocess.run([python, "-c", "import trafilatura"], capture_output=True).returncode != 0:
        return None
    wall, rss, cpu, done = timed([python, "-c", TRAFILATURA, str(folder)])
    if done.returncode != 0:
        sys.exit(f"trafilatura failed:\n{done.stderr}")
    return {"wall": wall, "rss": rss, "cpu": cpu}


# The floor: what reading, decoding, normalising and writing alone cost, per document.
FLOOR = """
import hashlib, json, os, sys, unicodedata
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for root, dirs, files in os.walk(sys.argv[1]):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            with open(path, "rb") as fh:
                data = fh.read()
            text = unicodedata.normalize("NFC", data.decode("utf-8", "replace"))
            out.write(json.dumps({"path": path, "sha256": hashlib.sha256(data).hexdigest(), "text": text},
                                 ensure_ascii=False) + "\\n")
"""


def run_floor(folder: Path) -> dict:
    wall, rss, cpu, done = timed([sys.executable, "-c", FLOOR, str(folder), str(OUT / "floor.jsonl")])
    if done.returncode != 0:
        sys.exit(f"the floor script failed:\n{done.stderr}")
    return {"wall": wall, "cpu": cpu}


def first_record_time(runs: int = 10) -> float:
    """Wall seconds of a one-file run (start-up, rules ready, one record), median; the untimed run
    before them also fills the rule cache (src/congress_extract/rulecache.py), as any earlier run would."""
    sample = min((ROOT / "samples").glob("*.txt"))
    return median_wall([sys.executable, "-m", "congress_extract", "extract", str(sample)], runs)


def first_record_cold(runs: int = 5) -> float:
    """The same with an empty rule cache each time (a first run after an install or a rule edit):
    every shipped rule is compiled, then filed."""
    sample = min((ROOT / "samples").glob("*.txt"))
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "congress_extract", "extract", str(sample)], capture_output=True,
                           check=True, env={**os.environ, "XDG_CACHE_HOME": cache})
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def median_wall(cmd: list[str], runs: int) -> float:
    """Median wall seconds of a command, after one untimed run that warms the file cache."""
    subprocess.run(cmd, capture_output=True, check=True)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


BURN = "import sys\ns=0\nfor i in range(int(sys.argv[1])): s+=i\n"


def parallel_ceiling(n: int = 15_000_000) -> float:
    """How much faster two CPU-bound Python processes finish two tasks than one process does."""
    one = time.perf_counter()
    for _ in range(2):
        subprocess.run([sys.executable, "-c", BURN, str(n)], check=True)
    one = time.perf_counter() - one
    two = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", BURN, str(n)]) for _ in range(2)]
    for p in procs:
        p.wait()
    two = time.perf_counter() - two
    return one / two


def help_time(runs: int = 10) -> float:
    exe = shutil.which("congress-extract")
    cmd = [exe, "--help"] if exe else [sys.executable, "-m", "congress_extract", "--help"]
    return median_wall(cmd, runs)


def code_stamp() -> str:
    """A digest of the code and rules being measured, to notice edits during a run."""
    h = hashlib.sha256()
    for folder in (ROOT / "src", ROOT / "patterns"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:12]


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for name in ("congress-extract", "regex", "lxml", "beautifulsoup4", "trafilatura"):
        try:
            from importlib.metadata import version

            versions.append(f"{name} {version(name)}")
        except Exception:
            pass
    return (f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}; " + ", ".join(versions))


# --------------------------------------------------------------------------- report

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    parser.add_argument("--sizes", default="1000,10000", help="documents per set, comma-separated (default 1000,10000)")
    parser.add_argument("--jobs", default="1,2", help="--jobs values to run, comma-separated (default 1,2)")
    parser.add_argument("--kinds", default="text,html,light",
                        help="text, html (42 KB portal pages), light (10 KB pages); default all three")
    parser.add_argument("--no-trafilatura", action="store_true", help="skip the trafilatura runs")
    parser.add_argument("--trafilatura-python", default=sys.executable, metavar="PYTHON",
                        help="the Python that runs trafilatura (default: this one), e.g. a separate environment's")
    parser.add_argument("--quick", action="store_true", help="sizes 200,1000: a smoke run in about a minute")
    parser.add_argument("--rebuild", action="store_true", help="rebuild bench/out/ even when it is up to date")
    parser.add_argument("--adversarial", action="store_true",
                        help="only the CPU seconds per MB of the adversarial inputs of tests/test_adversarial.py")
    parser.add_argument("--sqlite", action="store_true",
                        help="only the cost of SQLite output against JSON Lines, on the largest text set")
    args = parser.parse_args()
    if args.sqlite:
        sizes = [200, 1000] if args.quick else [int(s) for s in args.sizes.split(",")]
        print(sqlite_line(build([max(sizes)], ["text"], args.rebuild)[("text", max(sizes))]))
        return
    if args.adversarial:
        sys.path.insert(0, str(ROOT / "src"))
        from adversarial import report

        print(report())
        return
    sizes = [200, 1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    jobs_list = [int(j) for j in args.jobs.split(",")]
    kinds = [k for k in args.kinds.split(",") if k]

    sys.path.insert(0, str(ROOT / "src"))
    print(f"building inputs under {OUT} ...", file=sys.stderr)
    sets = build(sizes, kinds, args.rebuild)
    results: dict = {"machine": machine(), "runs": []}
    print("machine:", results["machine"], file=sys.stderr)
    results["code"] = code_stamp()
    results["ceiling"] = parallel_ceiling()
    results["help"] = help_time()
    results["first"] = first_record_time()
    results["first_cold"] = first_record_cold()

    rows = []
    for kind in kinds:
        for size in sizes:
            folder = sets[(kind, size)]
            mb = input_bytes(folder) / 1e6
            row = {"kind": kind, "docs": size, "mb": mb}
            digests = set()
            for jobs in jobs_list:
                print(f"{kind} {size} docs, --jobs {jobs} ...", file=sys.stderr)
                r = run_ours(folder, jobs, OUT / f"{kind}-{size}-j{jobs}.jsonl")
                if r["records"] != size:
                    sys.exit(f"{kind}-{size} --jobs {jobs}: {r['records']} records for {size} inputs")
                digests.add(r["sha256"])
                row[jobs] = r
                print(f"  {size / r['wall']:.0f} docs/s, {r['rss']:.0f} MB peak, {r['ok']} ok, {r['facts']} facts",
                      file=sys.stderr)
            row["identical"] = len(digests) == 1
            if kind == "text":
                print(f"floor (read, decode, NFC, write), {size} docs ...", file=sys.stderr)
                row["floor"] = run_floor(folder)
            if kind in PAGES and not args.no_trafilatura:
                print(f"trafilatura, {size} pages ...", file=sys.stderr)
                row["trafilatura"] = run_trafilatura(folder, args.trafilatura_python)
                if row["trafilatura"]:
                    print(f"  {size / row['trafilatura']['wall']:.0f} docs/s", file=sys.stderr)
            rows.append(row)
    # The same pages' trafilatura rate, for the text rows too (text vs. trafilatura on its HTML).
    traf = {(r["kind"], r["docs"]): r.get("trafilatura") for r in rows if r["kind"] in PAGES}
    for r in rows:
        if r["kind"] == "text":
            traf[("text", r["docs"])] = traf.get(("html", r["docs"]))
    results["runs"] = rows
    results["code_changed"] = code_stamp() != results["code"]
    report = render(results, rows, traf, jobs_list)
    if "text" in kinds:
        report += sqlite_line(sets[("text", max(sizes))]) + "\n"
    (OUT / "results.md").write_text(report, encoding="utf-8")
    (OUT / "results.json").write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    print(report)


def sqlite_line(folder: Path) -> str:
    """One line: the SQLite archive's cost against JSON Lines on these documents (bench/sqlite_cost.py)."""
    from sqlite_cost import line, measure

    print(f"SQLite against JSON Lines, {folder.name} ...", file=sys.stderr)
    return line(measure(folder, OUT, timed))


def targets(results: dict, rows: list[dict], traf: dict, jobs_list: list[int]) -> list[str]:
    """Issue 13's targets against this run, one line each, at the largest size."""
    if jobs_list[0] != 1:
        return []
    out = ["", "| target (issue 13) | measured | met |", "|---|---|---|"]
    big = max(r["docs"] for r in rows)

    def add(target: str, measured: str, met: bool) -> None:
        out.append(f"| {target} | {measured} | {'yes' if met else '**no**'} |")

    for row in (r for r in rows if r["docs"] == big):
        rate = row["docs"] / row[1]["wall"]
        if row["kind"] == "text":
            add("text -j1 >= 1,000 docs/s", f"{rate:.0f}", rate >= 1000)
            if "floor" in row:
                floor = row["docs"] / row["floor"]["wall"]
                add("text -j1 >= 1/6 of the floor", f"1/{floor / rate:.1f} of {floor:.0f}", rate * 6 >= floor)
        t = traf.get((row["kind"], row["docs"]))
        if row["kind"] in PAGES and t:
            ratio = rate / (row["docs"] / t["wall"])
            add(f"{row['kind']} -j1 >= 3x trafilatura", f"{ratio:.2f}x", ratio >= 3)
        if 2 in jobs_list:
            ratio = row[1]["wall"] / row[2]["wall"]
            add(f"{row['kind']} -j2 >= 1.8x -j1", f"{ratio:.2f}x (two processes: {results['ceiling']:.2f}x)", ratio >= 1.8)
        rss = max(row[j]["rss"] for j in jobs_list)
        add(f"{row['kind']} peak RSS < 100 MB", f"{rss:.0f} MB", rss < 100)
    add("--help < 0.1 s", f"{results['help'] * 1000:.0f} ms", results["help"] < 0.1)
    add("first record of a one-file run < 0.3 s", f"{results['first'] * 1000:.0f} ms", results["first"] < 0.3)
    return out


def render(results: dict, rows: list[dict], traf: dict, jobs_list: list[int]) -> str:
    out = [f"Machine: {results['machine']}.", ""]
    head = ["input", "docs", "MB"]
    for j in jobs_list:
        head += [f"docs/s -j{j}", f"MB/s -j{j}", f"peak RSS -j{j}"]
    if len(jobs_list) > 1:
        head.append(f"-j{jobs_list[-1]} / -j{jobs_list[0]}")
    head += ["trafilatura docs/s", f"ours -j{jobs_list[0]} / trafilatura", f"docs/CPU-s -j{jobs_list[0]} (trafilatura)",
             "records ok", "same for all -j"]
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "---|" * len(head))
    for row in rows:
        cells = [row["kind"], f"{row['docs']:,}", f"{row['mb']:.1f}"]
        for j in jobs_list:
            r = row[j]
            cells += [f"{row['docs'] / r['wall']:.0f}", f"{row['mb'] / r['wall']:.2f}", f"{r['rss']:.0f} MB"]
        if len(jobs_list) > 1:
            cells.append(f"{row[jobs_list[0]]['wall'] / row[jobs_list[-1]]['wall']:.2f}×")
        t = traf.get((row["kind"], row["docs"]))
        if t:
            trate = row["docs"] / t["wall"]
            cells += [f"{trate:.0f}", f"{row['docs'] / row[jobs_list[0]]['wall'] / trate:.2f}×"]
        else:
            cells += ["–", "–"]
        first = row[jobs_list[0]]
        cpu = f"{row['docs'] / first['cpu']:.0f}"
        cells.append(cpu + (f" ({row['docs'] / t['cpu']:.0f})" if t else ""))
        cells += [f"{first['ok']}/{first['records']}", "yes" if row["identical"] else "**no**"]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    sizes = sorted({r["docs"] for r in rows})
    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        for kind in sorted({r["kind"] for r in rows}):
            a = next(r for r in rows if r["kind"] == kind and r["docs"] == lo)
            b = next(r for r in rows if r["kind"] == kind and r["docs"] == hi)
            for j in jobs_list:
                out.append(f"- {kind}, -j{j}: peak RSS {a[j]['rss']:.0f} MB at {lo:,} docs, {b[j]['rss']:.0f} MB "
                           f"at {hi:,} ({(b[j]['rss'] / a[j]['rss'] - 1) * 100:+.1f}%).")
    out.append(f"- Two CPU-bound Python processes on this machine finish {results['ceiling']:.2f}× as fast as one "
               f"(the ceiling for any -j2 speed-up here).")
    out.append(f"- `congress-extract --help`: {results['help'] * 1000:.0f} ms wall (median of 10); a one-file run "
               f"(`extract samples/<first>.txt`, start-up to its record): {results['first'] * 1000:.0f} ms "
               f"({results['first_cold'] * 1000:.0f} ms with an empty rule cache: a first run after an install "
               f"or a rule edit).")
    for row in rows:
        if "floor" in row:
            f = row["floor"]
            ours = row[jobs_list[0]]["wall"]
            cpu = row[jobs_list[0]]["cpu"]
            out.append(f"- Floor, {row['docs']:,} text documents (a script that reads, decodes, normalises to NFC "
                       f"and writes a JSON line with path, sha256 and text): {row['docs'] / f['wall']:.0f} docs/s "
                       f"({row['docs'] / f['cpu']:.0f} per CPU-second); -j{jobs_list[0]} runs at 1/{ours / f['wall']:.1f} "
                       f"of it (1/{cpu / f['cpu']:.1f} by CPU time).")
    out += targets(results, rows, traf, jobs_list)
    if results["code_changed"]:
        out.append("- **The code or rules under src/ and patterns/ changed during this run: the runs measured "
                   "different versions (\"same for all -j\" is not meaningful). Run again.**")
    out.append("- Rates are wall time of the whole command (start-up included), input MB per second; "
               "trafilatura runs `trafilatura.extract` on the same HTML pages in one process. "
               "docs/CPU-s divides by the CPU time the run used (user + system, all its processes): "
               "it moves less than wall time when other work shares the machine.")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
