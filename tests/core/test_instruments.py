"""Structure of the province's full SIPAS questionnaire (sipas.md sections 1 and 2).

Checks the data file only: the wording itself is a reconstruction (R) and may change with a new
version, but the keys, scales and item counts below are what the index formulas rely on.
"""

import tomllib
from collections import Counter
from pathlib import Path

import pytest

import analysis.method

INSTRUMENT = (
    Path(__file__).resolve().parents[2]
    / "survey_app"
    / "data"
    / "instruments"
    / "sipas_survey_v1.toml"
)

POLICIES = list(analysis.method.POLICIES)  # the instrument asks what the index computes
CHANNELS = ["loudspeaker", "meetings", "officials", "relatives", "media", "internet", "other"]
EXPERIENCE = ["school", "hospital", "procedure", "asked_officials", "assessed", "complained"]
NEEDS = [
    "transparency",
    "accountability",
    "monitoring",
    "effective_government",
    "premises",
    "capable_officials",
    "attitude",
    "digital",
    "online_services",
    "complaint_handling",
]
SERVICE_ITEMS = {
    "access": {"signs", "seating", "equipment"},
    "procedure": {"posted", "papers", "fees", "time"},
    "staff": {"polite", "guidance", "rules"},
    "result": {"on_time", "accurate", "fair"},
    "feedback": {"channels", "handled", "reported"},
}
RESULTS_POLICY = {
    "household_economy": "economy",
    "local_economy": "economy",
    "hospitals": "medical",
    "schools": "education",
    "order": "order",
    "roads": "transport",
    "electricity": "electricity",
    "water": "water",
    "social_security": "social_security",
    "administration": "admin_reform",
}
FAMILIES = {"profile", "perception", "policy", "service", "needs", "comment"}
TYPES = {"scale", "text", "commune"}
VI_MARKS = set("ạảãáàâầấậẩẫăằắặẳẵêềếệểễôồốộổỗơờớợởỡưừứựửữđ")


@pytest.fixture(scope="module")
def instrument():
    with INSTRUMENT.open("rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def questions(instrument):
    return [q for section in instrument["sections"] for q in section["questions"]]


@pytest.fixture(scope="module")
def by_key(questions):
    return {q["key"]: q for q in questions}


def of(questions, family, factor=None):
    return [
        q for q in questions if q["family"] == family and (factor is None or q["factor"] == factor)
    ]


def test_header(instrument):
    assert instrument["key"] == "sipas_survey"
    assert instrument["version"] == 1
    assert instrument["kind"] == "survey"
    assert instrument["title"]["vi"].strip()
    assert instrument["title"]["en"].strip()


def test_marked_as_reconstruction():
    head = INSTRUMENT.read_text(encoding="utf-8").split("\nkey =", 1)[0]
    assert "(R)" in head
    assert "1001/QĐ-BNV" in head


def test_keys_unique(questions, instrument):
    counts = Counter(q["key"] for q in questions)
    assert [k for k, n in counts.items() if n > 1] == []
    section_keys = [s["key"] for s in instrument["sections"]]
    assert len(section_keys) == len(set(section_keys))


def test_scales_well_formed(instrument):
    for name, scale in instrument["scales"].items():
        values = scale["values"]
        assert len(values) == len(set(values)), name
        assert all(isinstance(v, int) for v in values), name
        assert len(scale["vi"]) == len(values), name
        assert len(scale["en"]) == len(values), name
        assert all(label.strip() for label in scale["vi"] + scale["en"]), name
        assert set(scale.get("positive", [])) <= set(values), name


def test_satisfaction_scale(instrument):
    scale = instrument["scales"]["satisfaction5"]
    assert scale["values"] == [1, 2, 3, 4, 5]
    assert scale["positive"] == [4, 5]
    assert scale["vi"][0] == "Rất không hài lòng"
    assert scale["vi"][-1] == "Rất hài lòng"
    assert instrument["scales"]["no_yes"]["values"] == [1, 2]
    assert instrument["scales"]["no_yes"]["vi"] == ["Không", "Có"]
    for name in ("interest4", "suitability4", "needs4"):
        assert instrument["scales"][name]["values"] == [1, 2, 3, 4]


def test_every_question_well_formed(questions, instrument):
    for q in questions:
        key = q["key"]
        for field in ("key", "family", "factor", "item", "type", "required", "text"):
            assert field in q, (key, field)
        assert q["family"] in FAMILIES, key
        assert q["type"] in TYPES, key
        assert q["required"] is False, key
        if q["type"] == "scale":
            assert q["scale"] in instrument["scales"], key
        else:
            assert "scale" not in q, key
        if q["type"] == "text":
            assert 0 < q["max_length"] <= 2000, key
        else:
            assert "max_length" not in q, key
        if "policy" in q:
            assert q["family"] == "policy", key
            assert q["factor"] in {"implementation", "results"}, key
            assert q["policy"] in POLICIES, key


def test_no_empty_text(questions, instrument):
    for q in questions:
        assert q["text"]["vi"].strip(), q["key"]
        assert q["text"]["en"].strip(), q["key"]
        if "help" in q:
            assert q["help"]["vi"].strip(), q["key"]
            assert q["help"]["en"].strip(), q["key"]
    for section in instrument["sections"]:
        assert section["title"]["vi"].strip(), section["key"]
        assert section["title"]["en"].strip(), section["key"]
        assert section["questions"], section["key"]


def test_vietnamese_has_diacritics(questions, instrument):
    texts = [q["text"]["vi"] for q in questions]
    texts += [s["title"]["vi"] for s in instrument["sections"]]
    plain = [t for t in texts if not VI_MARKS & set(t.lower())]
    assert len(plain) <= len(texts) // 20, plain
    labels = [label for scale in instrument["scales"].values() for label in scale["vi"]]
    plain_labels = [label for label in labels if not VI_MARKS & set(label.lower())]
    assert len(plain_labels) <= len(labels) // 4, plain_labels


def test_no_personal_identifiers(questions):
    items = {q["item"] for q in questions}
    assert not items & {"name", "phone", "id_number", "email"}


def test_profile(by_key, questions):
    expected = {
        "profile.sex": "scale",
        "profile.ethnicity": "scale",
        "profile.ethnicity_other": "text",
        "profile.age_band": "scale",
        "profile.education": "scale",
        "profile.occupation": "scale",
        "profile.commune": "commune",
    }
    assert {q["key"] for q in of(questions, "profile")} == set(expected)
    for key, qtype in expected.items():
        assert by_key[key]["type"] == qtype, key
    assert by_key["profile.ethnicity_other"]["max_length"] <= 100


def test_profile_option_counts(by_key, instrument):
    scales = instrument["scales"]
    for key, n in {
        "profile.sex": 2,
        "profile.ethnicity": 7,
        "profile.age_band": 5,
        "profile.education": 6,
        "profile.occupation": 7,
    }.items():
        assert len(scales[by_key[key]["scale"]]["values"]) == n, key
    assert scales[by_key["profile.sex"]["scale"]]["vi"] == ["Nam", "Nữ"]
    assert scales[by_key["profile.ethnicity"]["scale"]]["vi"][0] == "Kinh"


def test_policy_interest(by_key, questions):
    interest = of(questions, "perception", "interest")
    assert len(interest) == 9
    assert [q["item"] for q in interest] == POLICIES
    for policy in POLICIES:
        assert by_key[f"perception.interest.{policy}"]["scale"] == "interest4"


def test_channels(by_key, questions):
    used = [q for q in of(questions, "perception", "channel_used") if q["type"] == "scale"]
    assert [q["item"] for q in used] == CHANNELS
    assert all(q["scale"] == "no_yes" for q in used)
    assert by_key["perception.channel_used.other_text"]["type"] == "text"
    suitability = of(questions, "perception", "channel_suitability")
    assert [q["item"] for q in suitability] == CHANNELS
    assert all(q["scale"] == "suitability4" for q in suitability)


def test_integrity_and_modes(by_key, instrument):
    scales = instrument["scales"]
    assert len(scales[by_key["perception.comment_willingness"]["scale"]]["values"]) == 4
    assert len(scales[by_key["perception.harassment"]["scale"]]["values"]) == 3
    assert len(scales[by_key["perception.extra_payment"]["scale"]]["values"]) == 3
    for mode in ("in_person", "online_full", "online_part"):
        assert by_key[f"perception.mode_suitability.{mode}"]["scale"] == "suitability4"


def test_experience(questions):
    experience = of(questions, "perception", "experience")
    assert [q["item"] for q in experience] == EXPERIENCE
    assert all(q["scale"] == "no_yes" for q in experience)


def test_satisfaction_items_on_five_levels(questions):
    policy = of(questions, "policy")
    service = of(questions, "service")
    assert len(policy) == 23
    assert len(service) == 16
    assert all(q["scale"] == "satisfaction5" for q in policy + service)
    assert all(q["key"] == f"{q['factor']}.{q['item']}" for q in policy + service)
    assert not any(q.get("not_applicable") for q in policy + service)
    satisfaction = {q["key"] for q in questions if q.get("scale") == "satisfaction5"}
    assert satisfaction == {q["key"] for q in policy + service}


def test_policy_factors(questions):
    counts = Counter(q["factor"] for q in of(questions, "policy"))
    assert counts == {"accountability": 2, "participation": 2, "implementation": 9, "results": 10}
    assert {q["item"] for q in of(questions, "policy", "accountability")} == {"forms", "clear"}
    assert {q["item"] for q in of(questions, "policy", "participation")} == {"draft", "feedback"}
    for q in of(questions, "policy", "accountability") + of(questions, "policy", "participation"):
        assert "policy" not in q, q["key"]


def test_implementation_covers_each_policy_once(questions):
    implementation = of(questions, "policy", "implementation")
    assert [q["policy"] for q in implementation] == POLICIES
    assert all(q["item"] == q["policy"] for q in implementation)


def test_results_per_policy(questions):
    results = of(questions, "policy", "results")
    assert {q["item"]: q["policy"] for q in results} == RESULTS_POLICY
    per_policy = Counter(q["policy"] for q in results)
    assert per_policy == {p: 2 if p == "economy" else 1 for p in POLICIES}


def test_service_factors(questions):
    service = of(questions, "service")
    assert Counter(q["factor"] for q in service) == {
        "access": 3,
        "procedure": 4,
        "staff": 3,
        "result": 3,
        "feedback": 3,
    }
    for factor, items in SERVICE_ITEMS.items():
        assert {q["item"] for q in of(questions, "service", factor)} == items
    assert not any(q["item"] == "general" for q in service)


def test_needs(questions):
    needs = of(questions, "needs")
    assert [q["item"] for q in needs] == NEEDS
    assert all(q["key"] == f"needs.{q['item']}" and q["scale"] == "needs4" for q in needs)


def test_comment(questions):
    comments = of(questions, "comment")
    assert len(comments) == 1
    assert comments[0]["type"] == "text"
    assert comments[0]["max_length"] == 2000


def test_sections_fit_a_phone_page(instrument):
    for section in instrument["sections"]:
        assert len(section["questions"]) <= 12, section["key"]
        families = {q["family"] for q in section["questions"]}
        assert len(families) == 1, section["key"]
