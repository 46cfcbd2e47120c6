import pytest

from amtui.domain.codes import Code
from amtui.domain.halfterm_tests import mark_to_code


@pytest.mark.parametrize("mark, max_marks, code", [
    (None, 2, Code.BLANK), (2, 2, Code.CROSS), (1, 2, Code.LINE), (0, 2, Code.DOT),
    (1, 1, Code.CROSS), (0, 1, Code.DOT), (3, 4, Code.LINE),
])
def test_mark_to_code(mark, max_marks, code):
    assert mark_to_code(mark, max_marks) is code


@pytest.mark.parametrize("mark, max_marks", [(-1, 2), (3, 2), (0, 0), (None, 0)])
def test_mark_to_code_refuses(mark, max_marks):
    with pytest.raises(ValueError):
        mark_to_code(mark, max_marks)
