from decimal import Decimal

import pytest

from core.formatting import kroner, number, percent

NB = "\xa0"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (21200, f"21{NB}200{NB}kr"),
        (Decimal("71600000"), f"71,6{NB}mill.{NB}kr"),
        (Decimal("15000000.00"), f"15{NB}mill.{NB}kr"),
        (Decimal("268700000"), f"268,7{NB}mill.{NB}kr"),
        (Decimal("1234567"), f"1,23{NB}mill.{NB}kr"),
        (Decimal("950"), f"950{NB}kr"),
        (None, ""),
    ],
)
def test_kroner_are_norwegian(value, text):
    assert kroner(value) == text


def test_numbers_group_by_three_with_a_decimal_comma():
    assert number(Decimal("1234567.5"), 1) == f"1{NB}234{NB}567,5"
    assert number(Decimal("5.70"), 1) == "5,7"
    assert number(0) == "0"
    assert number(-1500) == f"−1{NB}500"


def test_percent_has_a_space_before_the_sign():
    assert percent(18) == f"18{NB}%"
    assert percent(Decimal("5.75"), 1) == f"5,8{NB}%"


def test_footnote_marker_is_raised_once_and_text_escaped():
    from core.templatetags.ia_format import with_footnote

    assert with_footnote("Oslo Economics2 viser <b>", "2") == (
        'Oslo Economics<sup class="footnote-ref">2</sup> viser &lt;b&gt;'
    )
    assert with_footnote("dialogmøte 2 i 2021.1", "1") == (
        'dialogmøte 2 i 2021.<sup class="footnote-ref">1</sup>'
    )
    assert with_footnote("uten merke", "") == "uten merke"
