import pytest

from amtui.domain.codes import Code, MarkEntry, effective, effective_code, parse_code


@pytest.mark.parametrize("text, code", [
    (".", Code.DOT), ("/", Code.LINE), ("x", Code.CROSS), ("X", Code.CROSS),
    ("", Code.BLANK), ("   ", Code.BLANK), ("a", Code.ABSENT), ("A", Code.ABSENT),
    (" x ", Code.CROSS),
])
def test_parse_code(text, code):
    assert parse_code(text) is code


@pytest.mark.parametrize("text", ["Y", "xx", "-", "1"])
def test_parse_code_refuses(text):
    with pytest.raises(ValueError, match=r"is not one of \. / X \(or empty\)"):
        parse_code(text)


def test_symbols_and_meanings():
    assert [c.symbol for c in Code] == [" ", ".", "/", "X", "a"]
    assert Code.DOT.meaning == "partly achieved"
    assert Code.LINE.meaning == "mostly achieved"
    assert Code.CROSS.meaning == "fully achieved"
    assert Code.ABSENT.meaning != Code.BLANK.meaning


def e(half_term, code, seq=0):
    return MarkEntry(half_term, code, seq)


def test_latest_at_or_before_wins():
    entries = [e(1, Code.DOT), e(2, Code.LINE), e(4, Code.CROSS)]
    assert effective_code(entries, 0) is Code.BLANK
    assert effective(entries, 0) is None
    assert effective_code(entries, 1) is Code.DOT
    assert effective_code(entries, 3) is Code.LINE
    assert effective(entries, 3) == e(2, Code.LINE)
    assert effective_code(entries, 9) is Code.CROSS


def test_a_code_can_go_down():
    assert effective_code([e(1, Code.CROSS), e(2, Code.DOT)], 2) is Code.DOT


def test_seq_orders_entries_in_the_same_half_term():
    entries = [e(3, Code.LINE, seq=7), e(3, Code.CROSS, seq=5)]
    assert effective_code(entries, 3) is Code.LINE
    assert effective_code(list(reversed(entries)), 3) is Code.LINE


def test_absent_never_hides_an_earlier_code():
    entries = [e(1, Code.LINE), e(2, Code.ABSENT)]
    assert effective_code(entries, 2) is Code.LINE
    assert effective_code([e(2, Code.ABSENT)], 2) is Code.BLANK


def test_blank_clears_the_code():
    entries = [e(1, Code.CROSS), e(2, Code.BLANK)]
    assert effective(entries, 2) == e(2, Code.BLANK)
    assert effective_code(entries, 2) is Code.BLANK
    assert effective_code(entries, 1) is Code.CROSS
