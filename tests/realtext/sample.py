"""Draw the deterministic sample of catalogue rows annotated in titles-gold.jsonl.

stdlib only; it only PICKS rows (doc id + text), it annotates nothing.

    python3 tests/realtext/sample.py [CATALOGUE_DIR] > sample.txt

Strata (random.Random(11), one generator used in this order):
  1. legal-database-titles-2025.jsonl: 70 lines among those whose title holds at
     least two coded document numbers (NUM_RE), then 40 among all remaining lines.
  2. binhduong-2014-2022.csv: 40 rows among those whose summary holds a coded
     number (NUM_RE) or a kind word followed by "số" (KIND_SO_RE), then 20 among
     all remaining rows.
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


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/realtext/catalogues"
    rng = random.Random(11)
    tpath = os.path.join(d, "legal-database-titles-2025.jsonl")
    bpath = os.path.join(d, "binhduong-2014-2022.csv")
    t, tstrat = draw(rng, titles(tpath), lambda r: len(NUM_RE.findall(r[1])) >= 2,
                     N_TITLES_MULTI, N_TITLES_ALL)
    b, bstrat = draw(rng, binhduong(bpath),
                     lambda r: bool(NUM_RE.search(r[1][3]) or KIND_SO_RE.search(r[1][3])),
                     N_BD_CITING, N_BD_ALL)
    for line, title in t:
        s = "multi" if line in tstrat else "all"
        print("legal-database-titles-2025.jsonl:%d\t%s\t%s" % (line, s, title))
    for line, rec in b:
        s = "citing" if line in bstrat else "all"
        summary = " ".join(rec[3].split())      # show embedded newlines as spaces
        print("binhduong-2014-2022.csv:%d\t%s\t%s | %s | %s" % (line, s, rec[1], rec[2], summary))


if __name__ == "__main__":
    main()
