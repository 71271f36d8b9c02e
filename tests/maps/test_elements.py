"""The map's elements: words travel as data and are never parsed as templates."""

import ast
import json
from pathlib import Path

import folium
import pytest

from geonews.maps.elements import Legend, Notice, Verbatim, script_json

PACKAGE = Path(__file__).resolve().parents[2] / "geonews"


def test_script_json_keeps_every_string_and_is_inert_in_a_script_element():
    value = {"a": "</script><!-- {{ 7*7 }} {% x %} {# y #} & ' \u2028", "b": [1, 2.5, None]}
    text = script_json(value)
    assert json.loads(text) == value
    for bad in ("</", "<!--", "{{", "{%", "{#", "&", "'", "\u2028"):
        assert bad not in text


def test_folium_renders_an_elements_output_again_as_a_template():
    """Why geonews' elements hand their output over as :class:`Verbatim`: folium's own
    MacroElement would run template syntax that reached its output."""
    from branca.element import MacroElement, Template

    m = folium.Map()
    naive = MacroElement()
    naive._template = Template("{% macro script(this, kwargs) %}{{ this.words }}{% endmacro %}")
    naive.words = "marker-{{ 6*7 }}-marker"
    m.add_child(naive)
    assert "marker-42-marker" in m.get_root().render()


@pytest.mark.parametrize("element", [Legend("{{ 7*7 }}", []), Notice("{% if 1 %}X{% endif %}")])
def test_geonews_elements_render_their_words_once(element):
    m = folium.Map()
    element.add_to(m)
    html = m.get_root().render()
    value = json.loads(html.split("var data = ", 1)[1].split(";\n", 1)[0])
    assert "{{ 7*7 }}" in value.values() or "{% if 1 %}X{% endif %}" in value.values()


def test_verbatim_output_is_not_a_template():
    assert Verbatim("{{ 7*7 }}").render() == "{{ 7*7 }}"


def test_an_element_outside_a_map_says_so():
    with pytest.raises(ValueError, match="must be added to a folium Map"):
        Legend("t", []).map_name()


def test_no_module_hands_words_to_folium_elements_that_re_render_them():
    """Text reaches pages only through :mod:`geonews.maps.elements`: no other module
    builds a Popup, Tooltip, DivIcon, Element or Template, or gives a tile layer words."""
    risky = {"Popup", "Tooltip", "DivIcon", "Element", "Template", "Html", "IFrame"}
    for path in PACKAGE.rglob("*.py"):
        if path.name == "elements.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", None))
                assert name not in risky, f"{path.relative_to(PACKAGE)}:{node.lineno} {name}"
