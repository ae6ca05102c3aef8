#!/usr/bin/env python3
"""Score a known-item run of benches/known-item.sh.

usage:
  score.py report OUT_DIR QUERIES.tsv CORPUS   # OUT_DIR/raw/ID.{jsonl,rc,ms,err} -> markdown on stdout,
                                              # OUT_DIR/results.json, OUT_DIR/queries.md
  score.py compare OUT_BEFORE OUT_AFTER        # the two summaries side by side, and the queries whose rank changed

Per query: the target's 1-based rank in dafu's top 10 (matched on `.relpath`, else the end of `.path`), or none.
MRR@10 = mean of 1/rank (0 when absent); S@1 / S@10 = share of queries with the target at rank 1 / in the top 10;
zero = queries with no hit at all; err = exit status other than 0 (hits) and 1 (none).
Groups: all queries, each style, and "word absent": queries with at least one space-separated word that the
target file does not contain (after NFKC and lowercasing), whatever their style.
"""
import json
import os
import sys
import unicodedata

sys.dont_write_bytecode = True
STYLES = ["exact", "missing", "short", "question"]


def norm(s):
    return unicodedata.normalize("NFKC", s).lower()


def read_queries(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header[:4] != ["id", "target", "style", "query"]:
            sys.exit(f"{path}: header must be id<TAB>target<TAB>style<TAB>query")
        for n, line in enumerate(f, 2):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 4:
                sys.exit(f"{path}:{n}: expected 4 tab-separated fields")
            qid, target, style, q = (p.strip() for p in parts)
            rows.append({"id": qid, "target": os.path.normpath(target), "style": style, "query": q})
    return rows


def words(q):
    out = []
    for w in q.split():
        if w in ("AND", "OR", "NOT") or w.startswith("-"):
            continue
        w = w.strip('"()')
        if ":" in w:
            continue
        if w:
            out.append(w)
    return out


def read(path, default=""):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return default


def score_run(out, queries, corpus):
    rows = []
    for q in read_queries(queries):
        base = os.path.join(out, "raw", q["id"])
        hits = []
        for line in read(base + ".jsonl").splitlines():
            if not line.strip():
                continue
            try:
                o = json.loads(line)
            except ValueError:
                continue
            hits.append(o.get("relpath") or o.get("path") or "")
        rank = None
        for i, h in enumerate(hits[:10], 1):
            h = h.replace("\\", "/")
            if h == q["target"] or h.endswith("/" + q["target"]):
                rank = i
                break
        text = norm(read(os.path.join(corpus, q["target"]), None) or "")
        absent = [w for w in words(q["query"]) if norm(w) not in text] if text else None
        rc = read(base + ".rc", "").strip()
        rows.append(dict(q, rank=rank, n_hits=len(hits), top=hits[:3], rc=int(rc) if rc else None,
                         ms=float(read(base + ".ms", "0") or 0), absent=absent,
                         err=read(base + ".err").strip()[-300:]))
    return rows


def summarize(rows):
    groups = [("all", rows)]
    styles = STYLES + sorted({r["style"] for r in rows} - set(STYLES))
    groups += [(f"style {s}", [r for r in rows if r["style"] == s]) for s in styles]
    groups.append(("word absent from target", [r for r in rows if r["absent"]]))
    groups.append(("all words in target", [r for r in rows if r["absent"] == []]))
    res = []
    for name, rs in groups:
        n = len(rs)
        if not n:
            continue
        res.append({
            "group": name, "n": n,
            "mrr10": sum(1 / r["rank"] for r in rs if r["rank"]) / n,
            "s1": sum(1 for r in rs if r["rank"] == 1) / n,
            "s10": sum(1 for r in rs if r["rank"]) / n,
            "zero": sum(1 for r in rs if r["n_hits"] == 0),
            "err": sum(1 for r in rs if r["rc"] not in (0, 1)),
        })
    return res


def table(summary):
    lines = ["| queries | n | MRR@10 | S@1 | S@10 | zero results | errors |", "|---|---:|---:|---:|---:|---:|---:|"]
    for s in summary:
        lines.append(f"| {s['group']} | {s['n']} | {s['mrr10']:.3f} | {s['s1']:.2f} | {s['s10']:.2f} | "
                     f"{s['zero']} | {s['err']} |")
    return "\n".join(lines)


def cmd_report(out, queries, corpus):
    rows = score_run(out, queries, corpus)
    summary = summarize(rows)
    meta = json.loads(read(os.path.join(out, "meta.json"), "{}") or "{}")
    json.dump({"meta": meta, "summary": summary, "queries": rows},
              open(os.path.join(out, "results.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    ql = ["| id | style | query | rank | hits | words absent from target | top hit when not the target |",
          "|---|---|---|---:|---:|---|---|"]
    for r in rows:
        top = "" if r["rank"] == 1 or not r["top"] else r["top"][0]
        ql.append(f"| {r['id']} | {r['style']} | {r['query']} | {r['rank'] or '–'} | "
                  f"{r['n_hits']}{'' if r['rc'] in (0, 1) else ' (exit %s)' % r['rc']} | "
                  f"{' '.join(r['absent'] or [])} | {top} |")
    open(os.path.join(out, "queries.md"), "w", encoding="utf-8").write("\n".join(ql) + "\n")
    print(f"## known-item ranking: {meta.get('label', out)}\n")
    if meta:
        print(f"{meta.get('date')}; {meta.get('dafu')} ({meta.get('dafu_version')}, sha256 {meta.get('dafu_sha256_16')}…); "
              f"repo HEAD at run time {meta.get('repo_head_at_run', meta.get('repo_commit'))}; corpus {meta.get('files')} files, {meta.get('bytes')} bytes; "
              f"index {meta.get('index_s')}{'' if meta.get('index_s') == 'reused' else ' s'}; "
              f"{len(rows)} queries in {meta.get('queries_s')} s\n")
    print(table(summary))
    bad = [r for r in rows if r["rc"] not in (0, 1)]
    for r in bad:
        print(f"\nerror {r['id']} (exit {r['rc']}): {r['err']}")
    print(f"\nper query: {os.path.join(out, 'queries.md')}")


def cmd_compare(a, b):
    ra, rb = (json.load(open(os.path.join(d, "results.json"), encoding="utf-8")) for d in (a, b))
    la, lb = ra["meta"].get("label", a), rb["meta"].get("label", b)
    sb = {s["group"]: s for s in rb["summary"]}
    print(f"| queries | n | MRR@10 {la} → {lb} | S@1 | S@10 | zero results |")
    print("|---|---:|---|---|---|---|")
    for s in ra["summary"]:
        t = sb.get(s["group"])
        if not t:
            continue
        print(f"| {s['group']} | {s['n']} | {s['mrr10']:.3f} → {t['mrr10']:.3f} | {s['s1']:.2f} → {t['s1']:.2f} | "
              f"{s['s10']:.2f} → {t['s10']:.2f} | {s['zero']} → {t['zero']} |")
    qb = {q["id"]: q for q in rb["queries"]}
    changed = [(q, qb[q["id"]]) for q in ra["queries"] if q["id"] in qb and q["rank"] != qb[q["id"]]["rank"]]
    if changed:
        print(f"\n| id | style | query | rank {la} | rank {lb} |\n|---|---|---|---:|---:|")
        for q, t in changed:
            print(f"| {q['id']} | {q['style']} | {q['query']} | {q['rank'] or '–'} | {t['rank'] or '–'} |")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "report":
        cmd_report(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        cmd_compare(*sys.argv[2:])
    else:
        sys.exit(__doc__)
