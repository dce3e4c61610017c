#!/usr/bin/env python3
"""Makes the country's places that Sohoa embeds, from two packages on PyPI.

    python3 assets/places/generate.py            # write the four .tsv files here
    python3 assets/places/generate.py --check    # fail if they differ from what would be written

Inputs (downloaded with pip, pinned by version and SHA-256, kept in --cache):
- vietnamadminunits 1.0.4 (MIT): names and national codes of the 34 provinces
  and 3,321 communes, wards and special zones in force from 01/07/2025, of the
  63 provinces, 696 districts and 10,035 communes before that day, and which new
  commune each former one went into. Everything written comes from here.
- vietnam-provinces 2026.9.0 (GPL-3.0-or-later): its NSO conversion table is
  read to compare. Where the two disagree about where a former commune went,
  the NSO table, the official one, is followed, and the disagreement is listed
  in disagreements.md: most are communes of the same name in two provinces that
  merged, which the other package joins by name. Nothing else of it is written.

Only the Python standard library is used. Output is NFC text, sorted by code,
one unit per line, so a change of the data reads as a short diff.
"""

import argparse
import collections
import hashlib
import importlib.util
import json
import pathlib
import sqlite3
import subprocess
import sys
import unicodedata
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent

PINNED = {
    "vietnamadminunits": (
        "1.0.4",
        "vietnamadminunits-1.0.4-py3-none-any.whl",
        "737ee3662e877290386c1c45ed4d71f2e5fae34ab6fb9c64bfb4cb74b216ea35",
    ),
    "vietnam-provinces": (
        "2026.9.0",
        "vietnam_provinces-2026.9.0-py3-none-any.whl",
        "b5f3540a98937d38b9bebcbdb792fa4f5b9712737d41b05c7254beb2308ebcd1",
    ),
}

OUTPUTS = ("provinces.tsv", "communes.tsv", "former-districts.tsv", "former-communes.tsv")

HEADERS = {
    "provinces.tsv": "# era\tcode\tname\tbecame (codes of the provinces of 2025 it went into)",
    "communes.tsv": "# code\tname\tprovince code",
    "former-districts.tsv": "# code\tname\tprovince code (before 2025)",
    "former-communes.tsv": "# code\tname\tdistrict code\tbecame (codes of the communes of 2025 it went into)",
}


def nfc(text):
    return unicodedata.normalize("NFC", text).strip()


def wheel(name, cache):
    """The pinned wheel of `name`, downloaded into `cache` if it is not there."""
    version, filename, sha256 = PINNED[name]
    path = cache / filename
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--only-binary=:all:", "--python-version", "3.13",
             "--dest", str(cache), f"{name}=={version}"],
            check=True,
        )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha256:
        sys.exit(f"{path}: SHA-256 {digest}, expected {sha256}; refusing to use it")
    return path


def extract(wheel_path, member, cache):
    target = cache / "extracted" / wheel_path.stem / member
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheel_path) as archive:
            target.write_bytes(archive.read(member))
    return target


def read_sources(cache):
    admin = wheel("vietnamadminunits", cache)
    database = sqlite3.connect(extract(admin, "vietnamadminunits/data/dataset.db", cache))
    converter = json.loads(
        extract(admin, "vietnamadminunits/data/converter_2025.json", cache).read_text("utf-8")
    )
    provinces_pkg = wheel("vietnam-provinces", cache)
    module_path = extract(provinces_pkg, "vietnam_provinces/_ward_conversion_2025.py", cache)
    spec = importlib.util.spec_from_file_location("ward_conversion_2025", module_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    nso = {
        f"{old:05d}": {f"{new.code:05d}" for new in entry.new_wards}
        for old, entry in module.OLD_TO_NEW.items()
    }
    return database, converter, nso


def build(database, converter, nso):
    """The four tables as lists of rows, and the list of disagreements."""
    new_provinces = {}
    communes = []
    new_by_key = {}
    for code, name, province, province_code, province_key, ward_key in database.execute(
        "select wardCode, ward, province, provinceCode, provinceKey, wardKey from admin_units"
    ):
        name, province = nfc(name), nfc(province)
        # The name carries the type; the package's type column is wrong for four
        # units (10543 Phường Việt Hòa is listed as a xã), its names are not.
        if not name.startswith(("Xã ", "Phường ", "Đặc khu ")):
            sys.exit(f"commune {code} {name!r} is not named by its type")
        new_provinces[province_code] = (province, province_key)
        communes.append((code, name, province_code))
        new_by_key[(province_key, ward_key)] = code

    old_provinces = {}
    districts = {}
    old_by_key = {}
    district_by_key = {}
    for (w_code, w_name, d_code, d_name, p_code, p_name, p_key, d_key, w_key) in database.execute(
        "select wardCode, ward, districtCode, district, provinceCode, province, "
        "provinceKey, districtKey, wardKey from admin_units_legacy"
    ):
        old_provinces[p_code] = (nfc(p_name), p_key)
        districts[d_code] = (nfc(d_name), p_code)
        district_by_key[f"{p_key}_{d_key}_"] = d_code
        if w_code is not None:
            old_by_key[f"{p_key}_{d_key}_{w_key}"] = (w_code, nfc(w_name), d_code)

    province_code_by_key = {key: code for code, (_, key) in new_provinces.items()}
    old_province_code_by_key = {key: code for code, (_, key) in old_provinces.items()}
    became_province = collections.defaultdict(set)
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        for old_key in old_keys:
            became_province[old_province_code_by_key[old_key]].add(province_code_by_key[new_key])

    became = collections.defaultdict(set)
    district_became = {}
    for new_province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward_key, old_keys in wards.items():
            new_code = new_by_key[(new_province_key, new_ward_key)]
            for old_key in old_keys:
                if old_key in district_by_key:
                    # An island district without communes, now a special zone.
                    district_became[district_by_key[old_key]] = new_code
                else:
                    became[old_by_key[old_key][0]].add(new_code)
    for new_province_key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, news in olds.items():
            for new in news:
                became[old_by_key[old_key][0]].add(new_by_key[(new_province_key, new["newWardKey"])])

    disagreements = []
    for code, _name, _district in sorted(old_by_key.values()):
        ours, theirs = became.get(code, set()), nso.get(code)
        if theirs is None:
            disagreements.append((code, sorted(ours), "not in the NSO table"))
        elif ours != theirs:
            disagreements.append((code, sorted(ours), ", ".join(sorted(theirs))))
            became[code] = set(theirs)
        if not became.get(code):
            sys.exit(f"former commune {code} went nowhere")

    rows = {
        "provinces.tsv": sorted(
            [("2025", code, name, "") for code, (name, _) in new_provinces.items()]
            + [
                ("before", code, name, ",".join(sorted(became_province[code])))
                for code, (name, _) in old_provinces.items()
            ],
            key=lambda row: (row[0] != "before", row[1]),
        ),
        "communes.tsv": sorted(communes),
        "former-districts.tsv": sorted(
            (code, name, province, district_became.get(code, ""))
            for code, (name, province) in districts.items()
        ),
        "former-communes.tsv": sorted(
            (code, name, district, ",".join(sorted(became[code])))
            for code, name, district in old_by_key.values()
        ),
    }
    return rows, disagreements


def render(rows):
    texts = {}
    for filename in OUTPUTS:
        header = HEADERS[filename]
        if filename == "former-districts.tsv":
            header += "\tbecame (a special zone of 2025, for an island district without communes)"
        lines = [header] + ["\t".join(row).rstrip("\t") for row in rows[filename]]
        texts[filename] = "\n".join(lines) + "\n"
    return texts


def render_disagreements(database, disagreements):
    names = {
        code: (name, district)
        for code, name, district in database.execute(
            "select wardCode, ward, district from admin_units_legacy where wardCode is not null"
        )
    }
    lines = [
        "# Where the two sources disagree about where a former commune went",
        "",
        "Written by generate.py. The NSO table's answer is the one embedded.",
        "",
        "| former commune | code | vietnamadminunits | NSO table (vietnam-provinces) |",
        "|---|---|---|---|",
    ]
    for code, ours, theirs in disagreements:
        name, district = names[code]
        lines.append(f"| {nfc(name)}, {nfc(district)} | {code} | {', '.join(ours) or '–'} | {theirs} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--cache", type=pathlib.Path, default=ROOT / "target" / "places-sources")
    args = parser.parse_args()
    database, converter, nso = read_sources(args.cache)
    rows, disagreements = build(database, converter, nso)
    texts = render(rows)
    texts["disagreements.md"] = render_disagreements(database, disagreements)
    stale = [name for name, text in texts.items()
             if not (HERE / name).exists() or (HERE / name).read_text("utf-8") != text]
    if args.check:
        if stale:
            sys.exit("out of step with the generator: " + ", ".join(stale)
                     + " (run python3 assets/places/generate.py)")
        print("places: in step with the generator")
        return
    for name in stale:
        (HERE / name).write_text(texts[name], "utf-8")
    counts = {name: len(rows[name]) for name in OUTPUTS}
    print(f"places: {counts}; {len(disagreements)} disagreements; rewrote {stale or 'nothing'}")


if __name__ == "__main__":
    main()
