"""Regenerates stdnum_*.tsv from a python-stdnum checkout (run it inside
the checkout: it reads files with `git show HEAD:...`). Only the examples
are taken (facts used as a test oracle), not code."""
import os, re, subprocess
REPO = "arthurdejong/python-stdnum"
COMMIT = subprocess.check_output(["git", "rev-parse", "HEAD"], text=True).strip()

def show(path):
    return subprocess.check_output(["git", "show", f"HEAD:{path}"], text=True)

def blocks(text):
    """Yield (lines, following assertion) for each numbers = ''' ... ''' block."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith(">>> numbers = '''"):
            j = i + 1
            items = []
            while not lines[j].startswith("... '''"):
                item = lines[j][4:] if lines[j].startswith("... ") else ""
                if item.strip():
                    items.append(item)
                j += 1
            yield items, lines[j + 1]
            i = j + 1
        else:
            i += 1

KIND = {"InvalidChecksum": "checksum", "InvalidFormat": "format",
        "InvalidComponent": "component", "InvalidLength": "length"}

def expectation(assertion):
    if "not vat.is_valid" in assertion or "not vat.validate" in assertion or "not mva.is_valid" in assertion or "not personnummer.is_valid" in assertion:
        return "valid"
    if "if x and vat.is_valid(x)" in assertion:
        return "invalid"
    m = re.search(r"caught\(x, (\w+)\)", assertion)
    return KIND[m.group(1)]

def calls(text, func_re):
    """validate('x') followed by result or Traceback/Exception lines."""
    out = []
    lines = text.splitlines()
    for k, line in enumerate(lines):
        m = re.match(r">>> " + func_re + r"\('([^']*)'\)", line.strip())
        if not m:
            continue
        nxt = lines[k + 1].strip() if k + 1 < len(lines) else ""
        if nxt.startswith("Traceback"):
            exc = lines[k + 3].strip().split(":")[0]
            out.append((KIND[exc], m.group(1)))
        elif nxt.startswith("'"):
            out.append(("valid", m.group(1)))
    return out

def write(name, header, rows):
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), name), "w") as f:
        f.write(header)
        for exp, value in rows:
            assert "\t" not in value
            f.write(f"{exp}\t{value}\n")

HEAD = """# {what}
# Extracted (data only) from python-stdnum, https://github.com/{repo}
# commit {commit}, files: {files}.
# python-stdnum is LGPL-2.1+; these examples are facts used as a test oracle.
# Format: <expected>\\t<input>, expected is one of valid, checksum, format,
# component, length (python-stdnum's exception class) or invalid (any error).
"""

# EU VAT
rows = []
files = ["tests/test_eu_vat.doctest"]
for items, assertion in blocks(show("tests/test_eu_vat.doctest")):
    rows += [(expectation(assertion), x) for x in items]
rows += [(e, x) for e, x in calls(show("tests/test_eu_vat.doctest"), r"vat\.compact") if e != "valid"]
rows += [(e, x) for e, x in calls(show("stdnum/eu/vat.py"), r"validate")]
files.append("stdnum/eu/vat.py")
# Country modules' docstrings: numbers given without prefix get the prefix.
MODS = {"AT": "at/uid", "BE": "be/vat", "BG": "bg/vat", "CY": "cy/vat", "CZ": "cz/dic",
        "DE": "de/vat", "DK": "dk/cvr", "EE": "ee/kmkr", "ES": "es/nif", "FI": "fi/alv",
        "FR": "fr/tva", "EL": "gr/vat", "HR": "hr/oib", "HU": "hu/anum", "IE": "ie/vat",
        "IT": "it/iva", "LT": "lt/pvm", "LU": "lu/tva", "LV": "lv/pvn", "MT": "mt/vat",
        "NL": "nl/btw", "PL": "pl/nip", "PT": "pt/nif", "RO": "ro/cf", "SE": "se/vat",
        "SI": "si/ddv", "SK": "sk/dph", "GB": "gb/vat"}
for cc, mod in MODS.items():
    path = f"stdnum/{mod}.py"
    files.append(path)
    for e, x in calls(show(path), r"validate"):
        y = x.strip()
        if not y.upper().startswith(cc) and not (cc == "EL" and y.upper().startswith("GR")):
            y = cc + " " + y
        rows.append((e, y))
for test in ["be_vat", "bg_vat", "gb_vat", "ie_vat"]:
    path = f"tests/test_{test}.doctest"
    files.append(path)
    text = show(path)
    cc = test[:2].upper()
    for items, assertion in blocks(text):
        for x in items:
            rows.append((expectation(assertion), x if x.upper().startswith(cc) else cc + " " + x))
    for e, x in calls(text, r"vat\.validate"):
        rows.append((e, x if x.upper().startswith(cc) else cc + " " + x))
# stdnum.vatin (any country): the EU, XI and unknown-prefix examples.
text = show("tests/test_vatin.doctest")
files.append("tests/test_vatin.doctest")
OTHER_COUNTRIES = ("BR", "CH", "MX")
for e, x in calls(text, r"vatin\.validate"):
    if not x.strip().upper().startswith(OTHER_COUNTRIES):
        rows.append((e, x))
for m in re.finditer(r">>> vatin\.is_valid\('([^']*)'\)\n(True|False)", text):
    if not m.group(1).strip().upper().startswith(OTHER_COUNTRIES):
        rows.append(("valid" if m.group(2) == "True" else "invalid", m.group(1)))
write("stdnum_vat.tsv", HEAD.format(what="VAT numbers with their country prefix (EU member states, XI, EU OSS, GB).", repo=REPO, commit=COMMIT, files=", ".join(files)), rows)

# Swedish personnummer
rows = []
text = show("tests/test_se_personnummer.doctest")
for items, assertion in blocks(text):
    rows += [("valid", x) for x in items]
rows += calls(text, r"personnummer\.validate")
rows += calls(show("stdnum/se/personnummer.py"), r"validate")
write("stdnum_se_personnummer.tsv", HEAD.format(what="Swedish personnummer.", repo=REPO, commit=COMMIT, files="tests/test_se_personnummer.doctest, stdnum/se/personnummer.py"), rows)

rows = calls(show("stdnum/se/orgnr.py"), r"validate")
write("stdnum_se_orgnr.tsv", HEAD.format(what="Swedish organisationsnummer.", repo=REPO, commit=COMMIT, files="stdnum/se/orgnr.py"), rows)

rows = calls(show("stdnum/no/orgnr.py"), r"validate")
write("stdnum_no_orgnr.tsv", HEAD.format(what="Norwegian organisasjonsnummer.", repo=REPO, commit=COMMIT, files="stdnum/no/orgnr.py"), rows)
rows = []
text = show("tests/test_no_mva.doctest")
for items, assertion in blocks(text):
    rows += [("valid", x if x.upper().startswith("NO") else "NO " + x) for x in items]
rows += [(e, x if x.upper().startswith("NO") else "NO " + x) for e, x in calls(show("stdnum/no/mva.py"), r"validate")]
write("stdnum_no_mva.tsv", HEAD.format(what="Norwegian VAT numbers (organisasjonsnummer + MVA).", repo=REPO, commit=COMMIT, files="tests/test_no_mva.doctest, stdnum/no/mva.py"), rows)
