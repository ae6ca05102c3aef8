#!/usr/bin/env python3
"""Planted copies for `dafu dups`: precision and recall.

  planted.py make REPLIES BENCH OUT [--bench-files N] [--seed S]
      OUT/replies/     the real replies of REPLIES (read at run time, never
                       kept in the repository), as they are
      OUT/portal-*/    republished copies of some of them: other page chrome
                       (breadcrumbs, 来源/发布时间/浏览次数 lines, 打印本页 关闭
                       窗口, footers), the original's chrome dropped or kept,
                       digits full-width <-> half-width, other line wrapping,
                       punctuation half-width
      OUT/sibling/     for some replies, a *different* reply of the same
                       agency: its title (another proposal number), opening
                       and closing set phrases and signature, around the body
                       of another reply: must NOT join the original
      OUT/bench/       N files of the benchmark corpus (hard links), spread
                       over its folders
      OUT/truth.json   {"groups": [[relpath, ...], ...]}: every planted group
                       of copies (an original and its copies)

  planted.py pairs OUT
      tab-separated pairs of paths, for examples/dup_similarity.rs: every
      planted pair of copies, each sibling with its original, and every
      pair of different real replies
  planted.py spread SIMILARITIES
      the lowest, median and highest similarity of each kind of pair

  planted.py score OUT DUPS_JSONL
      pairwise precision and recall over the replies, copies and siblings;
      clusters inside the benchmark subset are counted and listed apart
"""
import json
import os
import random
import re
import sys
from itertools import combinations

HEADERS = [
    "首页 > 政务公开 > 建议提案办理",
    "当前位置：首页 >> 信息公开 >> 建议提案办理结果",
    "您现在的位置： 首页 » 政府信息公开 » 人大代表建议",
    "来源：{agency}  发布时间：{date}  浏览次数：{n}",
    "发布日期：{date} 来源：本站 作者：办公室 【字号：大 中 小】",
    "信息来源：{agency} 发布时间：{date} 点击数：{n}",
    "【字体：大 中 小】 打印本页 关闭窗口",
    "分享到：",
]
FOOTERS = [
    "【打印本页】 【关闭窗口】",
    "扫一扫在手机打开当前页",
    "上一篇：关于加强农村饮水安全工作的建议的答复",
    "下一篇：关于推进老旧小区改造的提案答复",
    "版权所有：{agency} 主办：县人民政府办公室",
    "网站标识码：5301000012 滇ICP备05001234号 公网安备 53010202000123号",
    "地址：县城人民路1号 邮编：655000 技术支持：某某网络科技有限公司",
    "责任编辑：李明",
]

FULL = {chr(c): chr(c + 0xFEE0) for c in range(ord("0"), ord("9") + 1)}
HALF = {v: k for k, v in FULL.items()}


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def is_title(line):
    heading = len(line) <= 60 and not re.search(r"[，,。；;|]|上一|下一", line)
    return heading and re.search(r"(答复|回复|复函|意见|办理情况)", line) is not None


def body_lines(text):
    """The lines from the title (or the first line) to the last date line:
    what another portal's crawler would keep of the page."""
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    opening = next((i for i, l in enumerate(lines) if re.search(OPENING, l)), len(lines))
    start = next((i for i, l in enumerate(lines[:opening]) if is_title(l)), 0)
    dates = [i for i, l in enumerate(lines) if re.search(r"\d{4}\s*年\s*\d{1,2}\s*月", l)]
    end = max([d for d in dates if d >= start] or [len(lines) - 1])
    # The contact line often follows the date.
    if end + 1 < len(lines) and "联系" in lines[end + 1]:
        end += 1
    return lines[start : end + 1]


def rewrap(lines, rnd):
    style = rnd.choice(["narrow", "one-line", "blank-lines", "indent"])
    if style == "narrow":
        width = rnd.randint(18, 40)
        out = []
        for l in lines:
            out += [l[i : i + width] for i in range(0, len(l), width)] or [""]
        return out
    if style == "one-line":
        return [" ".join(lines)]
    if style == "blank-lines":
        return [x for l in lines for x in (l, "")]
    return ["\u3000\u3000" + l for l in lines]


def digits(text, rnd):
    table = FULL if rnd.random() < 0.6 else HALF
    return "".join(table.get(c, c) for c in text)


def punctuation(text, rnd):
    if rnd.random() < 0.5:
        return text
    return text.replace("，", ",").replace("：", ":").replace("；", ";").replace("（", "(").replace("）", ")")


def republish(text, agency, rnd):
    """One copy of `text` as another portal would show it."""
    keep_chrome = rnd.random() < 0.3
    lines = [l for l in text.splitlines()] if keep_chrome else body_lines(text)
    fill = {"agency": agency, "date": f"20{rnd.randint(15, 25)}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}", "n": rnd.randint(10, 9999)}
    head = [h.format(**fill) for h in rnd.sample(HEADERS, rnd.randint(1, 4))]
    foot = [f.format(**fill) for f in rnd.sample(FOOTERS, rnd.randint(1, 4))]
    lines = rewrap(lines, rnd)
    out = "\n".join(head + [""] + lines + [""] + foot) + "\n"
    out = digits(out, rnd)
    return punctuation(out, rnd)


def agency_of(text):
    m = re.search(r"([\u4e00-\u9fff]{2,12}(局|委员会|委|办公室|中心|厅|院|所))", text)
    return m.group(1) if m else "县人民政府办公室"


OPENING = r"(答复如下|回复如下|收悉|现将|办理情况如下)"
CLOSING = r"(感谢|谢谢|希望|专此|特此)"


def frame(lines):
    """(head, middle, tail) of a reply's lines: through the opening
    sentence, the answer itself, and from the closing set phrase (or the
    signature) on."""
    opening = next((i for i, l in enumerate(lines[:12]) if re.search(OPENING, l)), None)
    if opening is None:
        return None
    last = len(lines)
    closing = next((i for i in range(last - 1, max(opening, last - 8), -1) if re.search(CLOSING, lines[i])), None)
    if closing is None:
        closing = next((i for i in range(last - 1, opening, -1) if len(lines[i]) > 30), last - 1) + 1
    return lines[: opening + 1], lines[opening + 1 : closing], lines[closing:]


def sibling(text, other, rnd):
    """A different reply of the same agency: this reply's frame (title with
    another number, addressee, opening, closing set phrases, signature,
    contact) around another answer, `other` (text found nowhere else in
    the corpus), cut to the length of this reply's answer."""
    mine = frame(body_lines(text))
    if not mine or not mine[1]:
        return None
    head, answer, tail = mine
    size = len("".join(answer))
    theirs = (None, [other[i : i + 60] for i in range(0, min(len(other), size), 60)], None)
    # A reply on one line (or nearly) has no frame to keep apart from its
    # answer: the "sibling" would hold the whole original.
    if len("".join(head + tail)) > 0.4 * len("".join(head + answer + tail)):
        return None
    n = rnd.randint(200, 400)
    head = [re.sub(r"第\s*\d+\s*号", f"第{n}号", h) for h in head]
    head = [re.sub(r"关于[^”\"》]{2,40}", "关于完善城乡公共服务设施", h, count=1) for h in head]
    return "\n".join(head + theirs[1] + tail) + "\n"


def other_answers(bench, taken, rnd):
    """Texts of news articles of the benchmark corpus outside the subset,
    to be the answers of siblings: real Chinese prose found nowhere else in
    the scratch corpus."""
    folder = "crud_rag_news"
    names = sorted(x for x in os.listdir(os.path.join(bench, folder)) if x.endswith(".txt"))
    rnd.shuffle(names)
    for x in names:
        if f"{folder}/{x}" in taken:
            continue
        text = read(os.path.join(bench, folder, x)).split("正文：", 1)[-1]
        text = re.sub(r"\s+", "", text)
        if len(text) > 400:
            yield text


def bench_files(bench, n):
    folders = sorted(d for d in os.listdir(bench) if os.path.isdir(os.path.join(bench, d)) and not d.startswith("."))
    per = max(1, n // max(1, len(folders)))
    out = []
    for d in folders:
        names = sorted(x for x in os.listdir(os.path.join(bench, d)) if x.endswith(".txt"))
        step = max(1, len(names) // per)
        out += [os.path.join(d, x) for x in names[::step][:per]]
    return out


def make(replies, bench, out, n_bench, seed):
    rnd = random.Random(seed)
    names = sorted(x for x in os.listdir(replies) if x.endswith(".txt"))
    texts = {x: read(os.path.join(replies, x)) for x in names}
    for d in ["replies", "portal-a", "portal-b", "portal-c", "sibling", "bench"]:
        os.makedirs(os.path.join(out, d), exist_ok=True)
    groups = []
    for x in names:
        with open(os.path.join(out, "replies", x), "w", encoding="utf-8") as f:
            f.write(texts[x])
    copied = rnd.sample(names, 2 * len(names) // 3)
    for x in copied:
        group = ["replies/" + x]
        for portal in rnd.sample(["portal-a", "portal-b", "portal-c"], rnd.choice([1, 1, 2, 3])):
            rel = f"{portal}/{x}"
            with open(os.path.join(out, rel), "w", encoding="utf-8") as f:
                f.write(republish(texts[x], agency_of(texts[x]), rnd))
            group.append(rel)
        groups.append(group)
    siblings = 0
    files = bench_files(bench, n_bench)
    answers = other_answers(bench, set(files), rnd)
    for x in names:
        s = sibling(texts[x], next(answers), rnd)
        if s:
            with open(os.path.join(out, "sibling", x), "w", encoding="utf-8") as f:
                f.write(s)
            siblings += 1
    for rel in files:
        dst = os.path.join(out, "bench", rel.replace("/", "__"))
        try:
            os.link(os.path.join(bench, rel), dst)
        except OSError:
            with open(dst, "w", encoding="utf-8") as f:
                f.write(read(os.path.join(bench, rel)))
    with open(os.path.join(out, "truth.json"), "w") as f:
        json.dump({"groups": groups}, f, ensure_ascii=False, indent=1)
    copies = sum(len(g) - 1 for g in groups)
    print(f"{len(names)} replies, {copies} copies of {len(groups)} of them, {siblings} siblings, {len(files)} benchmark files", file=sys.stderr)


def pairs(groups):
    return {tuple(sorted(p)) for g in groups for p in combinations(g, 2)}


def score(out, dups_jsonl):
    truth = json.load(open(os.path.join(out, "truth.json")))["groups"]
    found = [json.loads(l) for l in open(dups_jsonl) if l.strip()]
    clusters = [[r for r in c["relpaths"]] for c in found]
    planted = lambda p: not p.startswith("bench/")
    true_pairs = pairs(truth)
    # Pairs with a reply, copy or sibling in them; pairs of two benchmark
    # files are reported apart (no ground truth there).
    got = {p for p in pairs(clusters) if planted(p[0]) or planted(p[1])}
    bench_only = [c for c in found if not any(planted(r) for r in c["relpaths"])]
    tp = len(got & true_pairs)
    precision = tp / len(got) if got else 1.0
    recall = tp / len(true_pairs) if true_pairs else 1.0
    false_pairs = sorted(got - true_pairs)
    missed = sorted(true_pairs - got)
    sims = [c["similarity"] for c in found if any(planted(r) for r in c["relpaths"])]
    result = {
        "true_pairs": len(true_pairs),
        "found_pairs": len(got),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "false_pairs": false_pairs,
        "missed_pairs": missed,
        "lowest_planted_cluster_similarity": min(sims) if sims else None,
        "bench_clusters": len(bench_only),
        "bench_files_in_clusters": sum(len(c["relpaths"]) for c in bench_only),
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))


def kind_pairs(out):
    truth = json.load(open(os.path.join(out, "truth.json")))["groups"]
    for a, b in sorted(pairs(truth)):
        yield "copies", a, b
    for x in sorted(os.listdir(os.path.join(out, "sibling"))):
        yield "sibling", "replies/" + x, "sibling/" + x
    names = sorted(os.listdir(os.path.join(out, "replies")))
    for a, b in combinations(names, 2):
        yield "different", "replies/" + a, "replies/" + b


def emit_pairs(out):
    for _, a, b in kind_pairs(out):
        print(f"{os.path.join(out, a)}\t{os.path.join(out, b)}")


def spread(out, sims_file):
    kinds = {(os.path.join(out, a), os.path.join(out, b)): k for k, a, b in kind_pairs(out)}
    by = {}
    for l in open(sims_file):
        a, b, s = l.rstrip("\n").split("\t")
        if s != "-":
            by.setdefault(kinds[(a, b)], []).append((float(s), a, b))
    for k, v in sorted(by.items()):
        v.sort()
        print(f"{k:9} n={len(v):4}  min {v[0][0]:.3f}  median {v[len(v) // 2][0]:.3f}  max {v[-1][0]:.3f}")
        worst = v[0] if k == "copies" else v[-1]
        print(f"          {'lowest' if k == 'copies' else 'highest'}: {os.path.relpath(worst[1], out)} ~ {os.path.relpath(worst[2], out)}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["make"] and len(args) >= 4:
        opts = dict(zip(args[4::2], args[5::2]))
        make(args[1], args[2], args[3], int(opts.get("--bench-files", 3000)), int(opts.get("--seed", 1)))
    elif args[:1] == ["pairs"] and len(args) == 2:
        emit_pairs(args[1])
    elif args[:1] == ["spread"] and len(args) == 3:
        spread(args[1], args[2])
    elif args[:1] == ["score"] and len(args) == 3:
        score(args[1], args[2])
    else:
        sys.exit(__doc__)
