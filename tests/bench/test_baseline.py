"""`make bench BASELINE=<ref>`: the order of the alternate runs and each page row's verdict."""

from bench import baseline


def test_every_row_is_measured_on_both_sides_in_turn_each_side_first_every_other_round():
    assert baseline.schedule(["policy", "listing"], 2) == [
        (0, "policy", "baseline"), (0, "policy", "current"),
        (0, "listing", "baseline"), (0, "listing", "current"),
        (1, "policy", "current"), (1, "policy", "baseline"),
        (1, "listing", "current"), (1, "listing", "baseline"),
    ]


def test_a_row_compares_the_medians_of_each_sides_runs():
    row = baseline.compare("policy", [500.0, 100.0, 520.0], [480.0, 490.0, 900.0])

    assert row["baseline_requests_per_second"] == 500.0
    assert row["current_requests_per_second"] == 490.0
    assert row["ratio"] == 0.98
    assert row["baseline_runs"] == [500.0, 100.0, 520.0]


def test_current_is_within_ten_percent_down_to_exactly_nine_tenths_of_the_baseline():
    assert baseline.compare("policy", [1000.0], [900.0])["within_10_percent"]
    assert not baseline.compare("policy", [1000.0], [899.0])["within_10_percent"]


def test_current_faster_than_the_baseline_is_within():
    assert baseline.compare("policy", [400.0], [650.0])["within_10_percent"]
