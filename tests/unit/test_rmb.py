"""人民币大写 against the People's Bank examples and the edge cases the rules name."""
import pytest
from hypothesis import given, strategies as st

from app.domain.rmb import rmb_upper


@pytest.mark.parametrize("fen,text", [
    (140_950, "壹仟肆佰零玖元伍角"),                 # zero between digits, once (PBOC example)
    (600_714, "陆仟零柒元壹角肆分"),                 # several zeros inside: one 零 (PBOC example)
    (168_032, "壹仟陆佰捌拾元零叁角贰分"),           # 元 zero, 角 not (PBOC example, the 零 form)
    (10_700_053, "壹拾万柒仟元零伍角叁分"),          # PBOC example, the first form
    (1_000, "壹拾元整"),                             # 拾 at the start is 壹拾
    (32_504, "叁佰贰拾伍元零肆分"),                  # 角 zero, 分 not
    (100, "壹元整"), (1, "壹分"), (10, "壹角"), (50, "伍角"), (5, "伍分"), (0, "零元整"),
    (1_000_000, "壹万元整"), (1_000_100, "壹万零壹元整"), (10_000_000, "壹拾万元整"),
    (100_100_000, "壹佰万壹仟元整"),  # 万位 zero, 仟 not: no 零, the form of the 壹拾万柒仟元 example
    (1_000_000_000, "壹仟万元整"),
    (10_000_000_000, "壹亿元整"), (10_001_000_000, "壹亿零壹万元整"), (10_000_000_100, "壹亿零壹元整"),
    (12_345_678_900, "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整"),
    (1_010_101, "壹万零壹佰零壹元零壹分"), (2_000_050, "贰万元零伍角"), (300_000_101, "叁佰万零壹元零壹分"),
    (-12_345, "负壹佰贰拾叁元肆角伍分"),
    (55, "伍角伍分"), (1_050, "壹拾元零伍角"), (10_010, "壹佰元零壹角"),  # 元 digit zero before 角
    (9_999_999, "玖万玖仟玖佰玖拾玖元玖角玖分"),                          # just under the 万 boundary
    (10_000_000_001, "壹亿元零壹分"), (110_000_000_000, "壹拾壹亿元整"),   # 亿 boundary
    (1_000_010_000, "壹仟万零壹佰元整"), (100_001_000, "壹佰万零壹拾元整"), (10_100, "壹佰零壹元整"),
    (100_000_000_000_000, "壹万亿元整"),
])
def test_uppercase_follows_the_peoples_bank_rules(fen, text):
    assert rmb_upper(fen) == text


def test_zheng_after_jiao_is_a_setting():
    assert rmb_upper(140_950) == "壹仟肆佰零玖元伍角"
    assert rmb_upper(140_950, zheng_after_jiao=True) == "壹仟肆佰零玖元伍角整"
    assert rmb_upper(140_955, zheng_after_jiao=True) == "壹仟肆佰零玖元伍角伍分"
    assert rmb_upper(50, zheng_after_jiao=True) == "伍角整"
    assert rmb_upper(100, zheng_after_jiao=True) == "壹元整"  # 整 after 元 either way
    assert rmb_upper(5, zheng_after_jiao=True) == "伍分"


@given(st.integers(min_value=1, max_value=10**14))
def test_uppercase_never_doubles_a_zero_or_ends_badly(fen):
    text = rmb_upper(fen)
    assert "零零" not in text
    assert not text.startswith("零")
    assert text.endswith(("整", "角", "分"))
    assert "零元" not in text and "零万" not in text and "零亿" not in text


def test_float_is_refused():
    with pytest.raises(TypeError):
        rmb_upper(1.5)  # type: ignore[arg-type]
