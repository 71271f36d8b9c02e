"""The extractor on the annotated dev articles (read from ../shared at test time)."""

import pytest

from geonews.evaluation import evaluate, geotext_baseline, load_articles
from geonews.pipeline import Extractor
from tests.conftest import SHARED

DEV = SHARED / "eval" / "dev"
pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="needs ../shared/eval/dev")


@pytest.fixture(scope="module")
def report():
    extractor = Extractor()
    return evaluate(load_articles(DEV), lambda text, date: extractor.extract(
        text, date=date).to_dict())


def test_dev_set_scores_meet_the_targets(report):
    assert report.articles >= 20
    assert report.toponyms.f1 >= 0.92
    assert report.geocoding.value >= 0.92
    assert report.affected.f1 >= 0.85
    assert report.destinations.f1 >= 0.85
    assert report.blocks.f1 >= 0.95
    assert report.negatives.value == 1.0


def test_geonews_beats_the_geotext_baseline(report):
    base = geotext_baseline(load_articles(DEV))
    assert report.toponyms.f1 > base.toponyms.f1 + 0.3


def test_the_evaluate_command(geonews_cli):
    run = geonews_cli("evaluate", str(DEV), "--details")
    assert run.code == 0, run.err
    assert "toponyms F1" in run.out and "geotext" in run.out
