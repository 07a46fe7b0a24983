"""Draw the deterministic sample of catalogue rows annotated in titles-gold.jsonl.

stdlib only; it only PICKS rows (doc id + text), it annotates nothing.

    python3 tests/realtext/sample.py [CATALOGUE_DIR] > sample.txt

Strata (random.Random(11), one generator used in this order):
  1. legal-database-titles-2025.jsonl: 70 lines among those whose title holds at
     least two coded document numbers (NUM_RE), then 40 among all remaining lines.
  2. binhduong-2014-2022.csv: 40 rows among those whose summary holds a coded
     number (NUM_RE) or a kind word followed by "số" (KIND_SO_RE), then 20 among
     all remaining rows.
Third stratum, "links" (link-rich rows, drawn after the first two among the rows
they did not take; a fresh random.Random(12) for each file):
  3. legal-database-titles-2025.jsonl: up to 45 lines whose title holds at least
     two coded numbers besides its own first one, or one other number followed
     later by another with a cue word (CUE_RE) between them. No line outside
     strata 1-2 qualifies: the draw is empty (a note goes to stderr).
  4. binhduong-2014-2022.csv: 15 rows whose summary holds at least two coded
     numbers.
The output of strata 1-2 is printed first, unchanged; the "links" rows follow.
Doc ids are "<basename>:<physical line where the row starts>" (JSONL: first line
is 1; CSV: header is line 1, rows may span several physical lines).
"""
import csv
import json
import os
import random
import re
import sys

# a coded number: digits (+ optional letter), optional /year, then / or - and a code
# starting with a letter (99/2025/NĐ-CP, 80-KL/TW, 3637/UBND-VX, 07/2022/tt-btttt)
NUM_RE = re.compile(r"\d+\s?[a-zA-Z]?(?:/\d{2,4})?\s?[/-]\s?[A-Za-zĐđÐ]")
KINDS = ("nghị quyết|chỉ thị|kết luận|quyết định|quy định|quy chế|thông báo|chương trình|"
         "kế hoạch|hướng dẫn|báo cáo|công văn|tờ trình|nghị định|thông tư liên tịch|"
         "thông tư|pháp lệnh|luật|bộ luật|lệnh|công điện|đề án|văn bản")
KIND_SO_RE = re.compile(r"(?:%s)\s+số" % KINDS, re.IGNORECASE)

N_TITLES_MULTI, N_TITLES_ALL = 70, 40
N_BD_CITING, N_BD_ALL = 40, 20

# third stratum: rows where a second-order link (document -> document) can occur
CUE_RE = re.compile(r"thực hiện|triển khai|hướng dẫn|sửa đổi|bổ sung|thay thế|bãi bỏ|"
                    r"quy định chi tiết|được sửa đổi", re.IGNORECASE)
N_TITLES_LINKS, N_BD_LINKS = 45, 15
LINKS_SEED = 12


def titles(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if line.strip():
                rows.append((i, json.loads(line)["title"]))
    return rows


def binhduong(path):
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)                      # header = physical line 1
        start = reader.line_num + 1
        for rec in reader:
            rows.append((start, rec))
            start = reader.line_num + 1
    return rows


def draw(rng, rows, pred, n_strat, n_all):
    strat = [r for r in rows if pred(r)]
    first = rng.sample(strat, n_strat)
    taken = {r[0] for r in first}
    rest = [r for r in rows if r[0] not in taken]
    return sorted(first + rng.sample(rest, n_all)), {r[0] for r in first}


def title_link_rich(title):
    """>= 2 numbers besides the title's own (first) one, or one other number followed
    later by another with a cue word between them (with NUM_RE the second clause
    implies the first; it is kept so the rule reads as it was specified)."""
    others = list(NUM_RE.finditer(title))[1:]
    if len(others) >= 2:
        return True
    return any(CUE_RE.search(title[a.end():b.start()])
               for i, a in enumerate(others) for b in others[i + 1:])


def draw_links(rng, rows, taken, pred, n, name):
    """n rows (fewer if fewer qualify) among rows not in `taken` that satisfy pred."""
    pool = [r for r in rows if r[0] not in taken and pred(r)]
    if len(pool) < n:
        sys.stderr.write("%s: links stratum asks %d rows, only %d qualify\n"
                         % (name, n, len(pool)))
    return sorted(rng.sample(pool, min(n, len(pool))))


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/realtext/catalogues"
    rng = random.Random(11)
    tpath = os.path.join(d, "legal-database-titles-2025.jsonl")
    bpath = os.path.join(d, "binhduong-2014-2022.csv")
    trows, brows = titles(tpath), binhduong(bpath)
    t, tstrat = draw(rng, trows, lambda r: len(NUM_RE.findall(r[1])) >= 2,
                     N_TITLES_MULTI, N_TITLES_ALL)
    b, bstrat = draw(rng, brows,
                     lambda r: bool(NUM_RE.search(r[1][3]) or KIND_SO_RE.search(r[1][3])),
                     N_BD_CITING, N_BD_ALL)
    tl = draw_links(random.Random(LINKS_SEED), trows, {r[0] for r in t},
                    lambda r: title_link_rich(r[1]), N_TITLES_LINKS,
                    "legal-database-titles-2025.jsonl")
    bl = draw_links(random.Random(LINKS_SEED), brows, {r[0] for r in b},
                    lambda r: len(NUM_RE.findall(r[1][3])) >= 2, N_BD_LINKS,
                    "binhduong-2014-2022.csv")
    for line, title in t:
        s = "multi" if line in tstrat else "all"
        print("legal-database-titles-2025.jsonl:%d\t%s\t%s" % (line, s, title))
    for line, rec in b:
        s = "citing" if line in bstrat else "all"
        summary = " ".join(rec[3].split())      # show embedded newlines as spaces
        print("binhduong-2014-2022.csv:%d\t%s\t%s | %s | %s" % (line, s, rec[1], rec[2], summary))
    for line, title in tl:
        print("legal-database-titles-2025.jsonl:%d\tlinks\t%s" % (line, title))
    for line, rec in bl:
        summary = " ".join(rec[3].split())
        print("binhduong-2014-2022.csv:%d\tlinks\t%s | %s | %s" % (line, rec[1], rec[2], summary))


if __name__ == "__main__":
    main()
