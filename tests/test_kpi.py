"""KPI definitions, health status, catalogs and their YAML round trip."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrlab import KPI, DefinitionError, KPICatalog, ParameterError, dataset_path, load_kpis
from okrlab.kpi import load_kpis_text


def test_status_two_sided_band_with_margin():
    # band 25..60, margin 5: 20 and 65 are "watch", 19.9 and 65.1 are "unhealthy"
    k = KPI("open_rate", healthy_min=25, healthy_max=60, warning_margin=5)
    assert [k.status(v) for v in (25, 42, 60)] == ["healthy"] * 3
    assert [k.status(v) for v in (20, 65)] == ["watch", "watch"]
    assert [k.status(v) for v in (19.9, 65.1)] == ["unhealthy", "unhealthy"]


def test_status_one_sided_and_no_margin():
    cpl = KPI("cpl", direction="lower", healthy_max=120)
    assert cpl.status(0) == "healthy"
    assert cpl.status(120.01) == "unhealthy"  # no margin: nothing is "watch"
    assert cpl.distance_outside(130) == pytest.approx(10)


def test_direction_spellings_and_comparison():
    assert KPI("a", direction="Lower is better").direction == "lower"
    assert KPI("a", direction="up").direction == "higher"
    cpl = KPI("cpl", direction="lower")
    assert cpl.is_better(80, 100) and not cpl.is_better(100, 80)
    assert cpl.sign == -1


def test_statuses_marks_missing_values():
    k = KPI("q", healthy_min=0.1)
    assert k.statuses([0.2, float("nan"), None, 0.05]) == [
        "healthy",
        "no data",
        "no data",
        "unhealthy",
    ]


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"name": ""}, "field 'name' is missing"),
        ({"name": "x", "direction": "sideways"}, "direction.*'sideways'.*Use 'higher'"),
        ({"name": "x", "healthy_min": 10, "healthy_max": 5}, "healthy_min.*above healthy_max"),
        ({"name": "x", "warning_margin": -1}, "warning_margin.*negative"),
        ({"name": "x", "healthy_min": "ten"}, "healthy_min.*must be a number"),
    ],
)
def test_invalid_kpi_definitions(kwargs, match):
    with pytest.raises(DefinitionError, match=match):
        KPI(**kwargs)


def test_status_rejects_non_numbers():
    with pytest.raises(ParameterError, match="KPI 'cpl': value must be a number"):
        KPI("cpl").status("$1,200")
    with pytest.raises(ParameterError, match="missing"):
        KPI("cpl").status(float("nan"))


def test_sample_catalog_loads_and_round_trips(tmp_path):
    cat = load_kpis(dataset_path("kpis.yaml"))
    assert len(cat) >= 5 and cat["cpl"].direction == "lower"
    assert all(k.owner for k in cat), "every sample KPI has an owner"
    out = tmp_path / "copy.yaml"
    text = cat.to_yaml(out)
    assert load_kpis(out) == cat
    assert load_kpis_text(text) == cat


def test_catalog_html_and_frame():
    cat = KPICatalog([KPI("cpl", direction="lower", healthy_max=120, owner="Ana")])
    html = cat._repr_html_()
    assert "<table" in html and "≤ 120" in html and "lower is better" in html
    assert KPICatalog([KPI("x")])._repr_html_().count("no owner") == 1
    assert cat.to_frame().loc[0, "healthy_max"] == 120
    text = repr(cat)
    assert text.startswith("KPI catalog: 1 KPI\n") and "lower is better" in text
    assert text == repr(KPICatalog([KPI("cpl", direction="lower", healthy_max=120, owner="Ana")]))
    assert cat.to_dict()["kpis"][0]["healthy_max"] == 120
    assert "No owner: x" in repr(KPICatalog([KPI("x")]))


def test_catalog_lookup_error_names_known_kpis():
    with pytest.raises(KeyError, match="no KPI named 'cac'.*cpl"):
        KPICatalog([KPI("cpl")])["cac"]


def _write(tmp_path, text):
    p = tmp_path / "kpis.yaml"
    p.write_text(text)
    return p


@pytest.mark.parametrize(
    "text, match",
    [
        ("kpis:\n  - description: no name\n", r"kpis.yaml:2: .*field 'name' is missing"),
        (
            "kpis:\n  - name: cpl\n    direction: sideways\n",
            r"kpis.yaml:3: .*KPI 'cpl'.*field 'direction' is 'sideways'",
        ),
        (
            "kpis:\n  - name: cpl\n    healthy: {min: low}\n",
            r"kpis.yaml:3: .*KPI 'cpl'.*field 'healthy_min' must be a number",
        ),
        ("kpis:\n  - name: cpl\n    colour: red\n", r"kpis.yaml:3: .*'colour' is not a KPI field"),
        ("kpis:\n  - name: a\n  - name: a\n", r"kpis.yaml:3: .*'a' is used twice"),
        ("kpis: []\n", r"kpis.yaml:1: field 'kpis' must be a non-empty list"),
        ("kpis:\n  - name: a\n   bad indent: 1\n", r"kpis.yaml:3: this is not valid YAML"),
        (
            "kpis:\n  - !!python/object/apply:os.system ['echo hi']\n",
            r"kpis.yaml:2: the tag .*python/object/apply:os.system.* not allowed",
        ),
    ],
)
def test_yaml_errors_name_file_line_and_field(tmp_path, text, match):
    with pytest.raises(DefinitionError, match=match):
        load_kpis(_write(tmp_path, text))


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(DefinitionError, match="no such file"):
        load_kpis(tmp_path / "nope.yaml")


names = st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=1, max_size=12)
bounds = st.floats(-1e6, 1e6, allow_nan=False)


@given(
    name=names,
    lo=bounds,
    width=st.floats(0, 1e6),
    margin=st.floats(0, 1e3),
    direction=st.sampled_from(["higher", "lower"]),
)
def test_round_trip_property(name, lo, width, margin, direction):
    k = KPI(
        name,
        direction=direction,
        healthy_min=lo,
        healthy_max=lo + width,
        warning_margin=margin,
        owner="x",
    )
    assert load_kpis_text(KPICatalog([k]).to_yaml()) == KPICatalog([k])
