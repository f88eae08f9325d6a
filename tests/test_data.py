"""The shipped data: every file loads and passes its checks; corrupted copies fail clearly.

Also the caveats of ``SOURCES.md`` as the loaders apply them (SIPRI's zeros,
Iceland, estimates, membership from accession years) and NATO's internal
identity between the share column and the constant-price columns.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tokenize
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from course_lib import data
from course_lib.data import DataError

LOADERS = {
    data.NATO_FILE: data.load_nato,
    data.SIPRI_FILE: data.load_sipri,
    data.ACCESSION_FILE: data.load_accession,
    data.PLACES_FILE: data.load_places,
    data.THREAT_SOURCES_FILE: data.load_threat_sources,
    data.GERMANY_GAS_FILE: data.load_germany_gas,
    data.WEAPON_SYSTEMS_FILE: data.load_weapon_systems,
    data.COASTLINES_FILE: data.load_coastlines,
    data.CLASSROOM_SAMPLE_FILE: data.load_classroom_session,
}


def shipped(filename: str) -> str:
    with resources.as_file(data.data_path(filename)) as path:
        return path.read_text(encoding="utf-8")


def corrupt(tmp_path, filename: str, edit) -> str:
    """A copy of a shipped file with ``edit(text) -> text`` applied; returns its path."""
    text = edit(shipped(filename))
    target = tmp_path / filename
    target.write_text(text, encoding="utf-8")
    return str(target)


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def replace_cell(text: str, line: int, column: str, value: str) -> str:
    """Set one cell (line 2 = first data row) of a CSV given as text (quoted fields allowed)."""
    rows = _rows(text)
    rows[line - 1][rows[0].index(column)] = value
    return _text(rows)


def drop_column(text: str, column: str) -> str:
    rows = _rows(text)
    k = rows[0].index(column)
    return _text([[c for i, c in enumerate(row) if i != k] for row in rows])


def copy_cell(text: str, column: str, source_line: int, target_line: int) -> str:
    """Give ``target_line`` the value ``source_line`` has in ``column``."""
    rows = _rows(text)
    k = rows[0].index(column)
    rows[target_line - 1][k] = rows[source_line - 1][k]
    return _text(rows)


def append_line(text: str, line: str) -> str:
    return text.rstrip("\n") + "\n" + line + "\n"


def repeat_first_row(text: str) -> str:
    lines = text.splitlines()
    return "\n".join([*lines, lines[1]]) + "\n"


def without_lines_starting(prefix: str) -> Callable[[str], str]:
    return lambda text: (
        "\n".join(line for line in text.splitlines() if not line.startswith(prefix)) + "\n"
    )


# --------------------------------------------------------------------------- every file loads
@pytest.mark.parametrize("filename", LOADERS)
def test_every_shipped_file_loads_and_passes_its_checks(filename):
    frame = LOADERS[filename]()
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0


def test_sources_note_ships_beside_the_data():
    assert "SIPRI" in shipped("SOURCES.md")


def test_nato_file_shape_and_types():
    nato = data.load_nato()
    assert len(nato) == 32 * 11
    assert set(nato["iso3"]) == set(data.NATO_ALLIES)
    assert nato["year"].between(2014, 2024).all()
    assert nato["year"].dtype == np.int64
    assert nato["is_estimate"].dtype == bool and nato["two_pct_law_flag"].dtype == bool
    assert nato["defence_exp_share_real_gdp_pct"].dtype == np.float64
    assert not nato.duplicated(["iso3", "year"]).any()


def test_sipri_file_shape_and_types():
    sipri = data.load_sipri()
    assert len(sipri) == 2177
    assert set(sipri["iso3"]) == set(data.NATO_ALLIES) | set(data.INDO_PACIFIC_ALLIES)
    assert sipri["year"].between(1949, 2024).all()
    shares = sipri["milex_share_of_gdp_pct"].dropna()
    assert shares.between(0, 100).all()
    for flag in (
        "share_is_sipri_estimate",
        "const2023_is_sipri_estimate",
        "current_is_sipri_estimate",
    ):
        assert sipri[flag].dtype == bool


def test_places_file_has_allies_and_threats():
    places = data.load_places()
    assert set(places["kind"]) == {"ally", "threat"}
    assert {"RUS", "CHN", "PRK"} <= set(places["code"])
    assert places["lat"].between(-90, 90).all() and places["lon"].between(-180, 180).all()


# --------------------------------------------------------------------------- caveats
def test_nato_internal_identity_holds():
    """Constant-2015 spending / constant-2015 GDP = the share column (NATO Table 3 vs Tables 2, 5)."""
    nato = data.load_nato().dropna(subset=["defence_exp_share_real_gdp_pct"])
    ratio = 100 * nato["defence_exp_musd_const2015"] / nato["gdp_musd_const2015"]
    share = nato["defence_exp_share_real_gdp_pct"]
    exact = np.isclose(ratio, share, rtol=1e-5, atol=0)
    # The documented exceptions: three published values of exactly 2.00 (ratio 1.986-1.995).
    odd = nato.loc[~exact, ["iso3", "year"]]
    assert set(map(tuple, odd.to_numpy())) == {("FRA", 2020), ("LTU", 2019), ("SVK", 2024)}
    assert (share[~exact] == 2.0).all()
    assert np.allclose(ratio[~exact], 2.0, atol=0.02)
    germany_2024 = nato[(nato["iso3"] == "DEU") & (nato["year"] == 2024)]
    assert round(float(germany_2024["defence_exp_share_real_gdp_pct"].iloc[0]), 6) == 2.118977


def test_sources_md_tells_students_to_use_the_published_share():
    """Recomputing the share from spending and GDP drops the three published 2.00s from the 2% count."""
    text = (Path(data.__file__).parent / "SOURCES.md").read_text(encoding="utf-8")
    assert "Use the published share column" in text
    for case in ("LTU 2019", "FRA 2020", "SVK 2024"):
        assert case in text
    nato = data.load_nato()
    svk = nato[(nato["iso3"] == "SVK") & (nato["year"] == 2024)].iloc[0]
    assert svk["defence_exp_share_real_gdp_pct"] >= 2.0
    assert 100 * svk["defence_exp_musd_const2015"] / svk["gdp_musd_const2015"] < 2.0
    assert f"{100 * svk['defence_exp_musd_const2015'] / svk['gdp_musd_const2015']:.3f}" in text


def test_iceland_has_no_defence_figures_but_has_gdp():
    nato = data.load_nato()
    iceland = nato[nato["iso3"] == "ISL"]
    assert iceland["defence_exp_share_real_gdp_pct"].isna().all()
    assert iceland["gdp_musd_current"].notna().all()
    others = nato[nato["iso3"] != "ISL"]
    assert others["defence_exp_share_real_gdp_pct"].notna().all()


def test_sipri_zeros_become_missing():
    raw = data.load_sipri(zeros_as_missing=False)
    clean = data.load_sipri()
    values = ["milex_share_of_gdp_pct", "milex_musd_const2023", "milex_musd_current"]
    assert (raw[values] == 0).any(axis=None)
    assert not (clean[values] == 0).any(axis=None)
    assert clean.loc[clean["iso3"] == "ISL", values].isna().all(axis=None)
    zero = raw["milex_musd_current"] == 0
    assert set(raw.loc[zero, "iso3"]) == {"ALB", "AUS", "EST", "HUN", "ISL", "ROU"}
    assert not clean.loc[zero, "current_is_sipri_estimate"].any()
    # every non-zero value is untouched
    same = ~zero & raw["milex_musd_current"].notna()
    assert (clean.loc[same, "milex_musd_current"] == raw.loc[same, "milex_musd_current"]).all()


def test_estimates_are_exactly_nato_2023_and_2024():
    nato = data.load_nato()
    assert set(nato.loc[nato["is_estimate"], "year"]) == {2023, 2024}
    assert nato.loc[nato["year"] >= 2023, "is_estimate"].all()


def test_two_percent_law_flag_marks_the_documented_allies():
    nato = data.load_nato()
    assert set(nato.loc[nato["two_pct_law_flag"], "iso3"]) == {
        "CZE",
        "EST",
        "LVA",
        "LTU",
        "POL",
        "ROU",
    }


def test_accession_covers_all_32_allies_including_the_netherlands():
    table = data.load_accession()
    assert len(table) == 32 and set(table["iso3"]) == set(data.NATO_ALLIES)
    years = data.accession_years()
    assert years["NLD"] == 1949 and years["DEU"] == 1955 and years["ESP"] == 1982
    assert years["FIN"] == 2023 and years["SWE"] == 2024
    dated = table.dropna(subset=["accession_date"])
    assert set(dated["iso3"]) == {"MNE", "MKD", "FIN", "SWE"}
    assert (dated["accession_date"].dt.year == dated["nato_accession_year"]).all()


def test_nato_member_follows_accession_years():
    assert data.nato_member("FIN", 2023) and not data.nato_member("FIN", 2022)
    assert data.nato_member("SWE", 2024) and not data.nato_member("SWE", 2023)
    assert not data.nato_member("JPN", 2024)
    np.testing.assert_array_equal(
        data.nato_member(["USA", "ESP", "KOR"], 1981), [True, False, False]
    )
    np.testing.assert_array_equal(data.nato_member("DEU", [1954, 1955]), [False, True])


@pytest.mark.parametrize("loader", [data.load_nato, data.load_sipri])
def test_sipri_and_nato_membership_flags_never_precede_accession(loader):
    frame = loader()
    member = data.nato_member(frame["iso3"].to_numpy(), frame["year"].to_numpy())
    joined = frame["iso3"].map(data.accession_years())
    assert (frame.loc[member, "year"] >= joined[member]).all()
    assert not (frame.loc[~member, "year"] >= joined[~member]).any()


# --------------------------------------------------------------------------- the new tables
def test_threat_sources_are_the_map_s_threats_with_russia_as_the_unit():
    sources = data.load_threat_sources()
    places = data.load_places()
    assert set(sources["code"]) == set(places.loc[places["kind"] == "threat", "code"])
    capability = sources.set_index("code")["capability"]
    assert capability["RUS"] == 1.0 and (capability > 0).all()


def test_germany_gas_is_dated_and_falls_to_zero():
    gas = data.load_germany_gas()
    assert gas["date"].is_monotonic_increasing and pd.api.types.is_datetime64_any_dtype(gas["date"])
    share = gas["russia_share_of_gas_imports"]
    assert share.between(0, 1).all() and share.iloc[-1] == 0.0
    assert share.is_monotonic_decreasing


def test_weapon_systems_have_one_total_at_least_each_class():
    table = data.load_weapon_systems()
    total = table[table["level"] == "total"]
    classes = table[table["level"] == "class"]
    assert len(total) == 1 and len(classes) == len(table) - 1
    for side in ("europe_types", "us_types"):
        assert table[side].dtype == np.int64
        assert (classes[side] <= int(total[side].iloc[0])).all()


def test_coastlines_are_contiguous_polylines_inside_the_globe():
    coast = data.load_coastlines()
    assert (np.diff(coast["part"].to_numpy()) >= 0).all()
    assert (coast["part"].value_counts() >= 2).all()
    assert coast["lat"].between(-90, 90).all() and coast["lon"].between(-180, 180).all()


def test_the_models_read_their_tables_through_the_loaders(monkeypatch):
    """The model functions that used to read CSVs return (or use) what course_lib.data loaded."""
    from course_lib.models import interdependence, procurement, threats

    pd.testing.assert_frame_equal(interdependence.germany_gas(), data.load_germany_gas())
    pd.testing.assert_frame_equal(procurement.weapon_systems(), data.load_weapon_systems())
    merged = threats.threat_sources()
    pd.testing.assert_series_equal(merged["capability"], data.load_threat_sources()["capability"])
    # a table given as an argument is the one used
    gas = data.load_germany_gas().assign(russia_share_of_gas_imports=0.0)
    assert (interdependence.germany_case(0.6, 0.7, gas=gas)["dependence"] == 0.0).all()
    weapons = data.load_weapon_systems()
    weapons.loc[weapons["level"] == "class", "europe_types"] = 1
    assert (
        procurement.fragmentation_table(0.8, weapons)["europe_interoperability_min"] == 1.0
    ).all()
    capabilities = data.load_threat_sources().assign(capability=0.5)
    assert (threats.threat_sources(capabilities)["capability"] == 0.5).all()


# --------------------------------------------------------------------------- one door to the data
COURSE_LIB = Path(data.__file__).resolve().parents[1]
#: Packages that may open files: the loaders, and the grading cycle's own files.
MAY_OPEN_FILES = ("data", "grading")
#: What opening or reading a file looks like in Python source (outside strings and comments).
FILE_ACCESS = re.compile(
    r"\bread_(?:csv|excel|json|parquet|table|fwf|pickle|text|bytes)\b|\bopen\(|\b(?:loadtxt|genfromtxt|fromfile)\b"
    r"|\bnp\.load\(|\bas_file\(|\bdata_path\(|\bresources\.files\("
)
#: The files read elsewhere, with why, none of them course data: a plotly widget bundle
#: (JavaScript), which the figure widget sends to the browser, and the manifest of the course's
#: bundle (what it was built from), which says whether this plotly can use it.
ALLOWED = {("plots/widget.py", "read_text"), ("plots/bundles.py", "read_text")}


def _code_only(source: str) -> list[tuple[int, str]]:
    """(line, code) with strings and comments blanked, so docstrings may name read_csv."""
    lines = source.splitlines()
    blank = [list(line) for line in lines]
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.STRING, tokenize.COMMENT) or tok.type == getattr(
            tokenize, "FSTRING_MIDDLE", -1
        ):
            (r0, c0), (r1, c1) = tok.start, tok.end
            for r in range(r0, r1 + 1):
                start = c0 if r == r0 else 0
                end = c1 if r == r1 else len(blank[r - 1])
                for c in range(start, end):
                    blank[r - 1][c] = " "
    return [(i + 1, "".join(chars)) for i, chars in enumerate(blank)]


def file_accesses(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.split("/")[0] in MAY_OPEN_FILES:
            continue
        for number, code in _code_only(path.read_text(encoding="utf-8")):
            for match in FILE_ACCESS.finditer(code):
                if (rel, match.group(0).rstrip("(")) not in ALLOWED:
                    found.append(f"course_lib/{rel}:{number}: {match.group(0)}")
    return found


def test_nothing_outside_course_lib_data_opens_a_file():
    found = file_accesses(COURSE_LIB)
    assert not found, (
        "only course_lib.data (and course_lib.grading) may open files; load the "
        "table with a course_lib.data loader and pass it in:\n" + "\n".join(found)
    )


def test_the_file_access_scan_finds_a_read(tmp_path):
    """The scan is not blind: a model that reads a CSV, or opens a file, is reported; a docstring is not."""
    (tmp_path / "models").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "models" / "bad.py").write_text(
        '"""Do not call pd.read_csv here."""\nimport pandas as pd\n\n\ndef f():\n'
        '    # open(the file) in a comment is fine\n    return pd.read_csv("x.csv")\n\n\n'
        'def g():\n    with open("y.txt") as fh:\n        return fh.read()\n',
        encoding="utf-8",
    )
    (tmp_path / "data" / "fine.py").write_text(
        'import pandas as pd\nX = pd.read_csv("z.csv")\n', encoding="utf-8"
    )
    assert file_accesses(tmp_path) == [
        "course_lib/models/bad.py:7: read_csv",
        "course_lib/models/bad.py:11: open(",
    ]


# --------------------------------------------------------------------------- corrupted copies
@pytest.mark.parametrize("filename", LOADERS)
def test_an_untouched_copy_passes(tmp_path, filename):
    path = tmp_path / filename
    shutil.copy(data.data_path(filename), path)
    pd.testing.assert_frame_equal(LOADERS[filename](path), LOADERS[filename]())


@pytest.mark.parametrize("filename", LOADERS)
def test_missing_file(tmp_path, filename):
    with pytest.raises(DataError, match="file not found") as info:
        LOADERS[filename](tmp_path / filename)
    assert filename in str(info.value)


@dataclass(frozen=True)
class Corruption:
    """A corrupted copy of ``filename`` (``edit`` applied to its text) and what its DataError says.

    ``match`` is a regular expression the message must contain; ``names`` are further
    strings it must contain (the column, the line, the bad value).
    """

    id: str
    filename: str
    edit: Callable[[str], str]
    match: str
    names: tuple[str, ...] = ()


def _every_loader(id: str, edit, match: str) -> list[Corruption]:
    return [Corruption(f"{id}-{f}", f, edit, match) for f in LOADERS]


def _header_only(text: str) -> str:
    return text.splitlines()[0] + "\n"


CORRUPTIONS = [
    *_every_loader("empty", lambda text: "", "empty"),
    *_every_loader("header only", _header_only, "has a header but no (?:data rows|played rounds)"),
    # a column missing
    Corruption(
        "nato no share",
        data.NATO_FILE,
        lambda t: drop_column(t, "defence_exp_share_real_gdp_pct"),
        "missing column",
        ("defence_exp_share_real_gdp_pct",),
    ),
    Corruption(
        "nato no iso3",
        data.NATO_FILE,
        lambda t: drop_column(t, "iso3"),
        "missing column",
        ("iso3",),
    ),
    Corruption(
        "sipri no spending",
        data.SIPRI_FILE,
        lambda t: drop_column(t, "milex_musd_current"),
        "missing column",
        ("milex_musd_current",),
    ),
    Corruption(
        "accession no year",
        data.ACCESSION_FILE,
        lambda t: drop_column(t, "nato_accession_year"),
        "missing column",
        ("nato_accession_year",),
    ),
    Corruption(
        "places no lat",
        data.PLACES_FILE,
        lambda t: drop_column(t, "lat"),
        "missing column",
        ("lat",),
    ),
    Corruption(
        "threats no capability",
        data.THREAT_SOURCES_FILE,
        lambda t: drop_column(t, "capability"),
        "missing column",
        ("capability",),
    ),
    Corruption(
        "gas no date",
        data.GERMANY_GAS_FILE,
        lambda t: drop_column(t, "date"),
        "missing column",
        ("date",),
    ),
    Corruption(
        "weapons no us types",
        data.WEAPON_SYSTEMS_FILE,
        lambda t: drop_column(t, "us_types"),
        "missing column",
        ("us_types",),
    ),
    Corruption(
        "coast no lon",
        data.COASTLINES_FILE,
        lambda t: drop_column(t, "lon"),
        "missing column",
        ("lon",),
    ),
    # a number that is not one
    Corruption(
        "nato gdp n/a",
        data.NATO_FILE,
        lambda t: replace_cell(t, 5, "gdp_musd_current", "n/a?"),
        "not a number",
        ("gdp_musd_current", "line 5", "'n/a?'"),
    ),
    Corruption(
        "sipri spending n/a",
        data.SIPRI_FILE,
        lambda t: replace_cell(t, 5, "milex_musd_current", "n/a?"),
        "not a number",
        ("milex_musd_current", "line 5", "'n/a?'"),
    ),
    Corruption(
        "accession year n/a",
        data.ACCESSION_FILE,
        lambda t: replace_cell(t, 5, "nato_accession_year", "n/a?"),
        "not a number",
        ("nato_accession_year", "line 5", "'n/a?'"),
    ),
    Corruption(
        "places lon n/a",
        data.PLACES_FILE,
        lambda t: replace_cell(t, 5, "lon", "n/a?"),
        "not a number",
        ("lon", "line 5", "'n/a?'"),
    ),
    Corruption(
        "threats capability n/a",
        data.THREAT_SOURCES_FILE,
        lambda t: replace_cell(t, 3, "capability", "n/a?"),
        "not a number",
        ("capability", "line 3", "'n/a?'"),
    ),
    Corruption(
        "gas share n/a",
        data.GERMANY_GAS_FILE,
        lambda t: replace_cell(t, 4, "russia_share_of_gas_imports", "about a third"),
        "not a number",
        ("russia_share_of_gas_imports", "line 4", "'about a third'"),
    ),
    Corruption(
        "coast lon n/a",
        data.COASTLINES_FILE,
        lambda t: replace_cell(t, 9, "lon", "abc"),
        "not a number",
        ("lon", "line 9", "'abc'"),
    ),
    # out of range
    Corruption(
        "nato share 250",
        data.NATO_FILE,
        lambda t: replace_cell(t, 30, "defence_exp_share_real_gdp_pct", "250"),
        r"within \[0, 100\]",
        ("defence_exp_share_real_gdp_pct", "line 30", "250"),
    ),
    Corruption(
        "sipri share 250",
        data.SIPRI_FILE,
        lambda t: replace_cell(t, 30, "milex_share_of_gdp_pct", "250"),
        r"within \[0, 100\]",
        ("milex_share_of_gdp_pct", "line 30", "250"),
    ),
    Corruption(
        "sipri share negative",
        data.SIPRI_FILE,
        lambda t: replace_cell(t, 100, "milex_share_of_gdp_pct", "-1.5"),
        r"within \[0, 100\]",
        ("line 100",),
    ),
    Corruption(
        "nato year 2031",
        data.NATO_FILE,
        lambda t: replace_cell(t, 3, "year", "2031"),
        "must lie within",
        ("2031",),
    ),
    Corruption(
        "sipri year 1901",
        data.SIPRI_FILE,
        lambda t: replace_cell(t, 3, "year", "1901"),
        "must lie within",
        ("1901",),
    ),
    Corruption(
        "accession year 1948",
        data.ACCESSION_FILE,
        lambda t: replace_cell(t, 3, "nato_accession_year", "1948"),
        "must lie within",
        ("1948",),
    ),
    Corruption(
        "gas share 55",
        data.GERMANY_GAS_FILE,
        lambda t: replace_cell(t, 2, "russia_share_of_gas_imports", "55"),
        r"within \[0, 1\]",
        ("russia_share_of_gas_imports", "line 2", "55"),
    ),
    Corruption(
        "weapons zero types",
        data.WEAPON_SYSTEMS_FILE,
        lambda t: replace_cell(t, 4, "us_types", "0"),
        r"within \[1, inf\]",
        ("us_types", "line 4"),
    ),
    Corruption(
        "coast lat 95",
        data.COASTLINES_FILE,
        lambda t: replace_cell(t, 2, "lat", "95"),
        r"within \[-90, 90\]",
        ("lat", "line 2", "95"),
    ),
    Corruption(
        "threats zero capability",
        data.THREAT_SOURCES_FILE,
        lambda t: replace_cell(t, 4, "capability", "0"),
        "must be > 0",
        ("line 4", "PRK"),
    ),
    # codes
    Corruption(
        "nato unknown code",
        data.NATO_FILE,
        lambda t: replace_cell(t, 2, "iso3", "XYZ"),
        "unknown ISO3 code 'XYZ'",
    ),
    Corruption(
        "sipri unknown code",
        data.SIPRI_FILE,
        lambda t: replace_cell(t, 2, "iso3", "XYZ"),
        "unknown ISO3 code 'XYZ'",
    ),
    Corruption(
        "accession unknown code",
        data.ACCESSION_FILE,
        lambda t: replace_cell(t, 2, "iso3", "XYZ"),
        "unknown ISO3 code 'XYZ'",
    ),
    Corruption(
        "places unknown code",
        data.PLACES_FILE,
        lambda t: replace_cell(t, 2, "code", "XYZ"),
        "unknown ISO3 code 'XYZ'",
    ),
    Corruption(
        "threats unknown code",
        data.THREAT_SOURCES_FILE,
        lambda t: replace_cell(t, 3, "code", "XYZ"),
        "not a threat source of places.csv",
        ("'XYZ'", "line 3"),
    ),
    Corruption(
        "nato malformed code",
        data.NATO_FILE,
        lambda t: replace_cell(t, 2, "iso3", "Alb"),
        "three-letter code",
    ),
    Corruption(
        "threats malformed code",
        data.THREAT_SOURCES_FILE,
        lambda t: replace_cell(t, 3, "code", "Chn"),
        "three-letter code",
        ("'Chn'",),
    ),
    # keys, empty cells, flags, dates
    Corruption("nato duplicated row", data.NATO_FILE, repeat_first_row, "repeats a row"),
    Corruption(
        "threats duplicated row",
        data.THREAT_SOURCES_FILE,
        repeat_first_row,
        "repeats a row",
        ("code='RUS'",),
    ),
    Corruption(
        "weapons duplicated row", data.WEAPON_SYSTEMS_FILE, repeat_first_row, "repeats a row"
    ),
    Corruption(
        "gas duplicated date",
        data.GERMANY_GAS_FILE,
        lambda t: copy_cell(t, "date", 2, 3),
        "repeats the date 2021-12-31",
        ("line 3",),
    ),
    Corruption(
        "gas bad date",
        data.GERMANY_GAS_FILE,
        lambda t: replace_cell(t, 2, "date", "31.12.2021"),
        "YYYY-MM-DD",
        ("'31.12.2021'", "line 2"),
    ),
    Corruption(
        "nato empty year",
        data.NATO_FILE,
        lambda t: replace_cell(t, 7, "year", ""),
        "empty cell at line 7",
    ),
    Corruption(
        "weapons empty source",
        data.WEAPON_SYSTEMS_FILE,
        lambda t: replace_cell(t, 3, "source", ""),
        "empty cell at line 3",
        ("source",),
    ),
    Corruption(
        "nato flag 2", data.NATO_FILE, lambda t: replace_cell(t, 4, "is_estimate", "2"), "0/1 flag"
    ),
    Corruption(
        "weapons fractional count",
        data.WEAPON_SYSTEMS_FILE,
        lambda t: replace_cell(t, 3, "europe_types", "2.5"),
        "whole numbers",
        ("europe_types", "'2.5'"),
    ),
    # each file's own checks
    Corruption(
        "nato defence figure missing",
        data.NATO_FILE,
        lambda t: replace_cell(t, 2, "defence_exp_musd_current", ""),
        "no value in",
    ),
    Corruption(
        "nato share disagrees",
        data.NATO_FILE,
        lambda t: replace_cell(t, 2, "defence_exp_share_real_gdp_pct", "1.9"),
        "columns disagree",
    ),
    Corruption(
        "sipri member flag",
        data.SIPRI_FILE,
        lambda t: replace_cell(t, 2, "nato_member_in_2024", "0"),
        "nato_member_in_2024",
    ),
    Corruption(
        "accession date in another year",
        data.ACCESSION_FILE,
        lambda t: t.replace("FIN,Finland,2023,2023-04-04", "FIN,Finland,2023,2022-04-04"),
        "accession_date",
    ),
    Corruption(
        "accession without Poland",
        data.ACCESSION_FILE,
        without_lines_starting("POL"),
        r"no accession year for the Allies \['POL'\]",
    ),
    Corruption(
        "places kind and group",
        data.PLACES_FILE,
        lambda t: replace_cell(t, 2, "group", "threat"),
        "does not fit kind",
    ),
    Corruption(
        "threats russia not the unit",
        data.THREAT_SOURCES_FILE,
        lambda t: replace_cell(t, 2, "capability", "1.5"),
        "index with RUS = 1",
        ("1.5",),
    ),
    Corruption(
        "threats without russia",
        data.THREAT_SOURCES_FILE,
        without_lines_starting("RUS"),
        "index with RUS = 1",
        ("no row",),
    ),
    Corruption(
        "weapons unknown level",
        data.WEAPON_SYSTEMS_FILE,
        lambda t: replace_cell(t, 3, "level", "branch"),
        "column 'level' at line 3 holds 'branch'",
    ),
    Corruption(
        "weapons no total",
        data.WEAPON_SYSTEMS_FILE,
        lambda t: replace_cell(t, 2, "level", "class"),
        "exactly one row must have level 'total'",
        ("found 0",),
    ),
    Corruption(
        "weapons class above total",
        data.WEAPON_SYSTEMS_FILE,
        lambda t: replace_cell(t, 3, "europe_types", "500"),
        "exceeds the total",
        ("line 3", "500", "178"),
    ),
    Corruption(
        "coast part goes back",
        data.COASTLINES_FILE,
        lambda t: replace_cell(t, 2, "part", "5"),
        "goes back from 5 to 0 at line 3",
    ),
    Corruption(
        "coast single vertex",
        data.COASTLINES_FILE,
        lambda t: append_line(t, "9999,10.0,10.0"),
        "part 9999 has a single vertex",
    ),
]


def test_every_loader_has_corruptions_of_its_own():
    """Each loader is in the table with more than the generic cases (empty, header only)."""
    own = {c.filename for c in CORRUPTIONS if not c.id.startswith(("empty-", "header only-"))}
    assert own >= set(LOADERS) - {
        data.CLASSROOM_SAMPLE_FILE
    }  # the classroom file: tests/test_classroom.py


@pytest.mark.parametrize("case", CORRUPTIONS, ids=[c.id for c in CORRUPTIONS])
def test_a_corrupted_copy_fails_naming_file_and_fault(tmp_path, case):
    path = corrupt(tmp_path, case.filename, case.edit)
    assert Path(path).read_text(encoding="utf-8") != shipped(
        case.filename
    )  # the edit changed something
    with pytest.raises(DataError, match=case.match) as info:
        LOADERS[case.filename](path)
    message = str(info.value)
    assert info.value.file == path and case.filename in message
    for name in case.names:
        assert name in message, f"{name!r} not in {message!r}"


def test_binary_garbage_is_reported_not_a_pandas_traceback(tmp_path):
    path = tmp_path / data.NATO_FILE
    path.write_bytes(b"\xff\xfe\x00garbage\x00\x81")
    with pytest.raises(DataError) as info:
        data.load_nato(path)
    assert data.NATO_FILE in str(info.value)


def test_data_error_is_a_value_error():
    assert issubclass(DataError, ValueError)
    err = DataError("x.csv", "broken")
    assert str(err) == "x.csv: broken" and err.file == "x.csv" and err.problem == "broken"
