"""Progress of slow steps, away from a terminal: silent while quick, then a line."""

import io
import time

from geonews.maps.steps import Steps


def test_a_step_longer_than_the_delay_gets_a_line_with_its_count():
    out = io.StringIO()
    with Steps("map", terminal=False, stream=out, after=0.1, every=60) as steps:
        report = steps.step("reading articles", total=10)
        report(4)
        time.sleep(1.0)
    assert out.getvalue() == "geonews: map: reading articles (4/10)\n"


def test_a_step_that_cannot_count_still_gets_its_line():
    out = io.StringIO()
    with Steps("overlay timeline", terminal=False, stream=out, after=0.1, every=60) as steps:
        steps.step("reading zones")
        time.sleep(1.0)  # the caller is busy and reports nothing
    assert out.getvalue() == "geonews: overlay timeline: reading zones\n"


def test_quick_steps_say_nothing():
    out = io.StringIO()
    with Steps("map", terminal=False, stream=out, after=30) as steps:
        steps.step("reading articles", total=3)(3)
        steps.step("drawing the map")
    assert out.getvalue() == ""
