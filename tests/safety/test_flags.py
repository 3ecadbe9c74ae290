"""Flag: a `when` alternative fires when all its concepts are told, unless an `unless` one is."""

from isobot.safety.flags import Flag

WEAK_LEGS = Flag(
    id="both_legs_weak",
    tier="urgent",
    escalation="urgent_escalation",
    when=(("weakness", "both_legs"), ("legs", "giving_out")),
    unless=(("one_leg_only",),),
)


def test_a_when_alternative_fires_only_with_all_its_concepts():
    assert WEAK_LEGS.fires({"weakness", "both_legs"})
    assert WEAK_LEGS.fires({"legs", "giving_out", "back_pain"})
    assert not WEAK_LEGS.fires({"weakness", "giving_out"})


def test_met_lists_every_alternative_that_is_told():
    assert WEAK_LEGS.met({"weakness", "both_legs", "legs", "giving_out"}) == WEAK_LEGS.when
    assert WEAK_LEGS.met({"weakness"}) == ()


def test_an_unless_alternative_stops_the_flag():
    assert not WEAK_LEGS.allows({"one_leg_only"})
    assert not WEAK_LEGS.fires({"weakness", "both_legs", "one_leg_only"})
