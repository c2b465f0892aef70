"""Real-world pins: the engine's results on the bundled 2025 workspace.

Each pin is an outcome an analyst can check against the record: Russia's stated
conditions against the Jeddah ceasefire, its red line on foreign troops against the
coalition's reassurance force, the coalition's two statements on when its force deploys,
and the deadlock over Ukraine's neutrality in any settlement. The last tests hold the
positions to the fact base they were written from: every item names a listed source and
quotes its words, or gives the source's own summary where no words are on record.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

import parley
from parley.results.check import CheckResult, ItemResult

from .support import REPO

JEDDAH = "proposals/jeddah-30-day-ceasefire.yaml"
FORCE = "proposals/coalition-reassurance-force.yaml"
MORATORIUM = "proposals/energy-strike-moratorium.yaml"
RUSSIAN_MEMO = "proposals/russian-memorandum-option-b.yaml"
UKRAINIAN_MEMO = "proposals/ukrainian-memorandum.yaml"


def why_terms(item: ItemResult) -> dict[str, object]:
    return {str(r.term): r.value for r in item.why if r.kind == "term"}


def why_rules(item: ItemResult) -> set[str]:
    return {str(r.rule) for r in item.why if r.kind == "rule"}


def line_of(path: str, key: str) -> int:
    """The 1-based line where ``key:`` is written in the bundled file ``path``."""
    lines = (REPO / path).read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if text.strip().startswith(f"{key}:"))


# -- Jeddah, 11 March 2025 ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def jeddah(bundled: parley.Workspace) -> CheckResult:
    return bundled.check(JEDDAH)


def test_jeddah_is_incompatible_for_russia(jeddah: CheckResult) -> None:
    assert jeddah.verdict == "incompatible"
    assert jeddah.party("russia").verdict == "incompatible"
    # Nobody else's red lines or preconditions decide against it.
    assert {p.party for p in jeddah.parties if p.verdict == "incompatible"} == {"russia"}


def test_jeddah_continues_western_arms_against_russias_precondition(jeddah: CheckResult) -> None:
    item = jeddah.item("russia", "halt-western-arms")
    assert (item.kind, item.status, item.detail) == ("precondition", "unmet", "contradicted")
    terms = why_terms(item)
    # The why is the ceasefire plus a continuing flow of aid, read from the proposal itself.
    assert terms["ceasefire.in_effect"] is True
    assert set(terms) & {"aid.military", "aid.intelligence"}
    assert all(jeddah.settled[name] == value for name, value in terms.items())
    assert item.source is not None and item.source.date == dt.date(2025, 3, 19)
    assert "complete cessation of providing Kyiv with foreign military aid" in (item.quote or "")


def test_jeddah_leaves_verification_along_the_line_unaddressed(jeddah: CheckResult) -> None:
    item = jeddah.item("russia", "verification-along-whole-line")
    assert (item.status, item.detail) == ("unmet", "unaddressed")
    # A truce before any settlement: the interim-ceasefire condition applies to it.
    assert why_terms(item) == {"ceasefire.in_effect": True, "peace.agreement_signed": False}
    assert "monitoring.whole_line" not in jeddah.settled
    locations = {str(r.term): r.location for r in item.why}
    assert locations["ceasefire.in_effect"] == parley.Span(
        JEDDAH, line_of(JEDDAH, "ceasefire.in_effect"), 24)


# -- The coalition reassurance force -------------------------------------------------------------

def test_reassurance_force_violates_russias_red_line_on_foreign_troops(
        bundled: parley.Workspace) -> None:
    result = bundled.check(FORCE)
    item = result.item("russia", "no-foreign-troops")
    assert (item.kind, item.status) == ("red_line", "violated")
    # The proposal never says "foreign troops": a background rule connects the force to them.
    assert "foreign_troops.in_ukraine" not in result.settled
    assert why_terms(item) == {"force.deployed": True,
                               "force.contributors": "european_and_others"}
    assert why_rules(item) == {"peacekeepers-are-foreign-troops"}
    assert result.party("russia").verdict == "incompatible"
    assert result.verdict == "incompatible"


def coalition_items(result: CheckResult) -> dict[str, ItemResult]:
    return {i.id: i for i in result.party("european-coalition").items}


def test_coalition_preconditions_as_of_march_2025(bundled: parley.Workspace) -> None:
    # Until September the record holds both Starmer's "after a peace agreement" (17 Feb) and
    # Macron's deployment once the fighting stops (2 Mar).
    items = coalition_items(bundled.check(FORCE, as_of="2025-03-13"))
    old = items["troops-only-after-peace-agreement"]
    assert (old.stated, old.until) == (dt.date(2025, 2, 17), dt.date(2025, 9, 4))
    # A force deployed under a mere ceasefire: the peace agreement it waits for is not there.
    assert (old.status, old.detail) == ("unmet", "unaddressed")
    assert why_terms(old) == {"force.deployed": True}
    assert items["troops-once-fighting-stops"].status == "met"
    assert "troops-only-after-peace-agreement" not in coalition_items(
        bundled.check(FORCE, as_of="2025-02-16"))


@pytest.mark.parametrize("as_of", ["2025-09-04", "2025-09-05", None])
def test_coalition_precondition_superseded_in_september_2025(
        bundled: parley.Workspace, as_of: str | None) -> None:
    items = coalition_items(bundled.check(FORCE, as_of=as_of))
    assert "troops-only-after-peace-agreement" not in items  # 'until' is exclusive
    new = items["troops-once-fighting-stops"]
    assert new.stated == dt.date(2025, 3, 2)
    assert new.status == "met"
    assert why_terms(new) == {"ceasefire.in_effect": True}


# -- The energy-strike moratorium ---------------------------------------------------------------

def test_energy_moratorium_leaves_a_deal_possible(bundled: parley.Workspace) -> None:
    # Russia and Ukraine both agreed to it (fact base §3): no settlement, so Russia's terms
    # for one do not apply, and nothing stands in its way.
    result = bundled.check(MORATORIUM)
    assert result.verdict == "completable"
    assert result.completion is not None
    assert result.item("russia", "neutral-status").status == "satisfied"


def test_any_settlement_is_deadlocked_on_neutrality(bundled: parley.Workspace) -> None:
    terms = {**bundled.proposal(MORATORIUM).terms, "peace.agreement_signed": True}
    result = bundled.check(terms)
    assert result.verdict == "deadlocked"
    assert "incompatible" not in {p.verdict for p in result.parties}
    assert result.completion is None
    assert {(i.party, i.id) for i in result.conflict or []} == {
        ("russia", "neutral-status"), ("ukraine", "no-neutral-status")}


@pytest.mark.parametrize(("neutral", "violated"), [
    (True, ("ukraine", "no-neutral-status")), (False, ("russia", "neutral-status"))])
def test_either_answer_on_neutrality_violates_one_party(
        bundled: parley.Workspace, neutral: bool, violated: tuple[str, str]) -> None:
    terms = {**bundled.proposal(MORATORIUM).terms, "peace.agreement_signed": True,
             "ukraine.neutral": neutral}
    result = bundled.check(terms)
    assert result.verdict == "incompatible"
    assert result.item(*violated).status == "violated"


# -- The two Istanbul memoranda ------------------------------------------------------------------

def test_each_memorandum_crosses_the_other_sides_red_lines(bundled: parley.Workspace) -> None:
    russian = bundled.check(RUSSIAN_MEMO)
    assert russian.item("ukraine", "no-recognition-of-occupied-territories").status == "violated"
    assert russian.item("ukraine", "no-neutral-status").status == "violated"
    assert russian.party("russia").verdict != "incompatible"
    ukrainian = bundled.check(UKRAINIAN_MEMO)
    assert ukrainian.item("russia", "neutral-status").status == "violated"
    assert ukrainian.item("russia", "recognition-of-annexation").status == "violated"
    assert ukrainian.party("ukraine").verdict != "incompatible"


# -- Every why is enough on its own --------------------------------------------------------------

def assert_whys_suffice(ws: parley.Workspace, result: CheckResult) -> int:
    """Checking only an item's why terms gives the item the same status and detail.

    That is what a why claims: these terms (with the background rules) force the status.
    Items sharing a why are checked with one run.
    """
    groups: dict[tuple[tuple[str, object], ...], list[ItemResult]] = {}
    for party in result.parties:
        for item in party.items:
            if item.status not in ("open", "unknown"):
                key = tuple(sorted(why_terms(item).items()))
                groups.setdefault(key, []).append(item)
    for key, items in groups.items():
        alone = ws.check(dict(key))
        for item in items:
            again = alone.item(item.party, item.id)
            assert (again.status, again.detail) == (item.status, item.detail), (
                result.proposal.id, item.party, item.id, key)
    return sum(len(items) for items in groups.values())


def test_jeddah_whys_suffice(bundled: parley.Workspace, jeddah: CheckResult) -> None:
    assert assert_whys_suffice(bundled, jeddah) > 10


@pytest.mark.slow
def test_every_bundled_why_suffices(bundled: parley.Workspace) -> None:
    for path in bundled.proposal_paths:
        assert_whys_suffice(bundled, bundled.check(path))


# -- Sources and quotes --------------------------------------------------------------------------

POSITION_FILES = sorted((REPO / "positions").glob("*.yaml"))
PROPOSAL_FILES = sorted((REPO / "proposals").glob("*.yaml"))


def test_every_bundled_proposal_checks(bundled: parley.Workspace) -> None:
    report = bundled.check_all()
    assert sorted(r.proposal.id for r in report.results) == [p.stem for p in PROPOSAL_FILES]
    assert len(report.results) == 9
    assert all(r.verdict != "unknown" for r in report.results)
    assert report.exit_code() == 1


@pytest.mark.parametrize("path", POSITION_FILES, ids=lambda p: p.stem)
def test_every_item_is_sourced_and_quoted(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sources = {s["id"]: s for s in data["sources"]}
    for source in sources.values():
        assert source.get("title") and source.get("url") and source.get("date"), source["id"]
    for item in data["items"]:
        assert item.get("source") in sources, item["id"]
        # The party's words, or the source's summary where the record quotes none.
        assert item.get("quote") or item.get("summary"), item["id"]
        assert isinstance(item.get("stated"), dt.date), item["id"]


def test_every_background_rule_explains_itself(bundled: parley.Workspace) -> None:
    # A rule's text is printed in every why that uses it; the rules are facts of definition,
    # so they cite no party source.
    for rule in bundled.rules:
        assert rule.spec.text and len(rule.spec.text) > 20, rule.id


#: The sourced fact base the bundled positions are written from, shipped with them (the
#: other pages of docs/facts/ describe the encoding and are no source).
FACTS = (REPO / "docs" / "facts" / "positions-2025.md").read_text(encoding="utf-8")


def test_the_fact_base_ships_with_the_workspace() -> None:
    assert "Jeddah joint statement" in FACTS
    assert len(source_key_lines(FACTS)) > 50


def normalise(text: str) -> str:
    """Text as the fact base and the YAML can both be compared: typography and Markdown
    emphasis removed, whitespace collapsed (the fact base wraps quotes across lines)."""
    text = unicodedata.normalize("NFKC", text)
    for fancy, plain in {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "...": "\u2026", "*": ""}.items():
        text = text.replace(fancy, plain)
    return re.sub(r"\s+", " ", text).lower()


def source_key_lines(facts: str) -> dict[str, str]:
    """The fact base's source key: ``S12b`` → its line (title, address, date, note)."""
    keys: dict[str, str] = {}
    for line in facts.splitlines():
        match = re.match(r"- \*\*(S\d+[a-z]?(?: / S\d+[a-z]?)*)\*\*", line)
        if match:
            for key in match.group(1).split(" / "):
                keys[key] = line
    return keys


@pytest.mark.parametrize("path", POSITION_FILES, ids=lambda p: p.stem)
def test_sources_are_the_fact_bases_sources(path: Path) -> None:
    keys = source_key_lines(FACTS)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for source in data["sources"]:
        # Source ids start with the fact base's key: 's12b-eurasia-review' is S12b.
        match = re.match(r"s(\d+[a-z]?)-", source["id"])
        assert match, source["id"]
        key = "S" + match.group(1)
        assert key in keys, source["id"]
        assert source["url"] in keys[key], (source["id"], source["url"])


@pytest.mark.parametrize("path", POSITION_FILES, ids=lambda p: p.stem)
def test_quotes_appear_in_the_fact_base(path: Path) -> None:
    facts = normalise(FACTS)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in data["items"]:
        # An ellipsis marks words left out: each part must be found on its own.
        words = item.get("quote") or item["summary"]
        parts = [p.strip(" \"'") for p in normalise(words).split("\u2026")]
        missing = [p for p in parts if p and p not in facts]
        assert not missing, (item["id"], missing)


@pytest.mark.parametrize("path", POSITION_FILES, ids=lambda p: p.stem)
def test_uncertain_sources_stay_marked(path: Path) -> None:
    keys = source_key_lines(FACTS)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in data["items"]:
        key = "S" + re.match(r"s(\d+[a-z]?)-", item["source"]).group(1)  # type: ignore[union-attr]
        if "UNCERTAIN" in keys[key]:
            assert item.get("confidence") == "uncertain" or "UNCERTAIN" in (
                item.get("note") or ""), item["id"]


@pytest.mark.parametrize("path", PROPOSAL_FILES, ids=lambda p: p.stem)
def test_proposal_sources_are_in_the_fact_base(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["source"]["url"] in FACTS


# -- The 28-point plan, November 2025 -----------------------------------------------------------

PLAN_28 = "proposals/us-28-point-plan.yaml"


@pytest.fixture(scope="module")
def plan_28(bundled: parley.Workspace) -> CheckResult:
    return bundled.check(PLAN_28)


def test_the_28_point_plan_crosses_ukraines_red_lines(plan_28: CheckResult) -> None:
    # UA-03 (recognition), UA-04 (the army), UA-05 (alliances) against points 21, 6 and 7.
    for item_id, term in [("no-recognition-of-occupied-territories", "territory.recognition"),
                          ("no-restrictions-on-army", "forces.cap"),
                          ("no-veto-on-alliances", "nato.constitutional_ban")]:
        item = plan_28.item("ukraine", item_id)
        assert (item.kind, item.status) == ("red_line", "violated"), item_id
        assert item.stage == "agreement"
        assert any(name.startswith(term) for name in why_terms(item)), (item_id, item.why)
    assert plan_28.party("ukraine").verdict == "incompatible"


def test_the_28_point_plan_crosses_the_coalitions_line_on_sanctions(plan_28: CheckResult) -> None:
    relief = plan_28.item("european-coalition", "sanctions-only-after-full-withdrawal")
    assert (relief.kind, relief.status) == ("red_line", "violated")
    assets = plan_28.item("european-coalition", "frozen-assets-stay-immobilised")
    assert (assets.status, assets.confidence) == ("unmet", "uncertain")
    assert assets.summary and not assets.quote


def test_the_28_point_plan_is_not_compatible_for_russia(plan_28: CheckResult) -> None:
    assert plan_28.party("russia").verdict != "compatible"
    assert plan_28.verdict == "incompatible"


INTERIM_CEASEFIRE_CONDITIONS = ["halt-mobilisation", "halt-rearmament", "halt-western-arms",
                                "verification-along-whole-line", "ceasefire-option-a-or-b"]


@pytest.mark.parametrize("item_id", INTERIM_CEASEFIRE_CONDITIONS)
def test_no_interim_ceasefire_condition_fires_on_a_settlement(
        plan_28: CheckResult, jeddah: CheckResult, item_id: str) -> None:
    assert plan_28.item("russia", item_id).status in ("not_applicable", "satisfied")
    # The same conditions do apply to a truce before any settlement.
    assert jeddah.item("russia", item_id).status != "not_applicable" or item_id == (
        "ceasefire-option-a-or-b")


def test_every_plan_point_is_encoded_or_listed_as_not_checkable() -> None:
    # A settlement's comment opens with the points it encodes ("# 21(c), 21(d), 28."); the
    # note names every point or part it cannot check ("point 19's 50:50 split").
    text = (REPO / PLAN_28).read_text(encoding="utf-8")
    encoded = {int(n) for heading in re.findall(r"^\s*# ((?:\d+(?:\([a-z]\))?, )*"
                                                 r"\d+(?:\([a-z]\))?)\.", text, re.M)
               for n in re.findall(r"\d+", heading)}
    note = " ".join(yaml.safe_load(text)["note"].split())
    listed = {int(n) for n in re.findall(r"\bpoints? (\d+)", note, re.I)}
    assert set(range(1, 29)) <= encoded | listed, set(range(1, 29)) - encoded - listed


# -- No position is not agreement ---------------------------------------------------------------

def first_statement(ws: parley.Workspace, party: str) -> dt.date:
    return min(i.spec.stated for i in ws.positions[party].items if i.spec.stated)


@pytest.mark.parametrize("path", ["proposals/" + p.name for p in PROPOSAL_FILES],
                         ids=lambda p: Path(p).stem)
def test_before_any_statement_nothing_is_compatible(bundled: parley.Workspace,
                                                    path: str) -> None:
    earliest = min(first_statement(bundled, p) for p in bundled.parties)
    result = bundled.check(path, as_of=earliest - dt.timedelta(days=1))
    assert result.verdict == "no_position"
    assert {p.verdict for p in result.parties} == {"no_position"}
    assert result.exit_code() == 1
    assert [f.code for f in result.findings()] == ["no-position"]


def test_a_silent_party_is_named_and_not_counted(bundled: parley.Workspace) -> None:
    # On 1 February 2025 only Russia (June 2024) and Ukraine (January 2025) are on record.
    day = dt.date(2025, 2, 1)
    silent = {p for p in bundled.parties if first_statement(bundled, p) > day}
    assert silent == {"european-coalition", "united-states"}
    result = bundled.check(JEDDAH, as_of=day)
    assert {p.party for p in result.parties if p.verdict == "no_position"} == silent
    assert result.verdict != "compatible"
    assert any(f.code == "no-position" and f.severity == "warning"
               for f in result.findings())


def test_suggest_before_any_statement_keeps_nothing(bundled: parley.Workspace) -> None:
    result = bundled.suggest(JEDDAH, as_of="2024-01-01")
    assert not result.found and not result.concessions
    assert set(result.no_position) == set(bundled.parties)
    assert result.note and "silence is not agreement" in result.note
    assert result.exit_code() == 1
    partial = bundled.suggest(JEDDAH, as_of="2025-02-01")
    assert set(partial.no_position) == {"european-coalition", "united-states"}


def test_the_plans_stages_change_the_answer(bundled: parley.Workspace,
                                            plan_28: CheckResult) -> None:
    # Point 25: elections 100 days after the agreement. Russia's demand that a legitimate
    # (elected) leadership sign (RU-20) is unmet because the signing comes first; the same
    # terms settled all at once would meet it.
    flat: dict[str, object] = {}
    for stage in bundled.proposal(PLAN_28).stages:
        flat.update(stage.terms)
    assert plan_28.item("russia", "legitimate-signatory").status == "unmet"
    assert bundled.check(flat).item("russia", "legitimate-signatory").status == "met"
