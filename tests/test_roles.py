"""One Role type from directives to zone tables and maps: the same three words everywhere."""

import json

import pytest

import geonews
from geonews.roles import Role
from geonews.zones.layers import read_zones

ORDER = ("The army told residents of Abasan to leave for Rafah. The order does not apply "
         "to Nasser Hospital.")


def test_directives_give_each_place_a_role():
    roles = {(str(role), ref.mention.text) for d in geonews.extract(ORDER).directives
             for role, ref in d.roles()}
    assert ("affected", "Abasan") in roles and ("destination", "Rafah") in roles


def test_zone_tables_write_the_same_words_as_the_extraction():
    zones = read_zones([ORDER])
    assert set(zones.role) <= {r.value for r in Role}
    assert {"affected", "destination"} <= set(zones.role)


def test_a_role_is_written_as_its_word_in_json():
    assert json.dumps({"role": Role.EXEMPTION}) == '{"role": "exemption"}'
    assert f"{Role.AFFECTED}" == "affected" and Role.AFFECTED == "affected"


@pytest.mark.parametrize("word, role", [("exempt", Role.EXEMPTION), ("Destinations",
                                        Role.DESTINATION), (" affected ", Role.AFFECTED)])
def test_older_and_plural_words_are_read(word, role):
    assert Role.parse(word) is role


def test_an_unknown_word_is_no_role():
    with pytest.raises(ValueError, match="not a role"):
        Role.parse("evacuee")
