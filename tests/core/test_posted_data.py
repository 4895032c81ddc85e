"""Hand-made form counts are read as Django reads them, and never make the site loop over them."""

from core.posted_data import with_added_forms_ordered


def test_a_negative_initial_count_orders_only_the_forms_there_are():
    # "-46211557363764016" grew a worker to 18.9 GB under make fuzz: one order per index
    # from there up to the forms posted.
    ordered = with_added_forms_ordered(
        {"questions-TOTAL_FORMS": "2", "questions-INITIAL_FORMS": "-5"}
    )
    assert {key for key in ordered if key.endswith("-ORDER")} == {
        "questions-0-ORDER", "questions-1-ORDER"
    }


def test_a_huge_negative_initial_count_is_answered_at_once():
    ordered = with_added_forms_ordered(
        {"questions-TOTAL_FORMS": "21", "questions-INITIAL_FORMS": "-46211557363764016"}
    )
    assert len([key for key in ordered if key.endswith("-ORDER")]) == 21
