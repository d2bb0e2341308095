"""The compiled row encoder of the hash chains (fast enough for millions of links) writes exactly the bytes
of the chain's definition, for every type the ledger stores; a changed byte would break every chain."""
from datetime import date, datetime

import pytest
from hypothesis import given, strategies as st

from db.chain import _encode_slowly, encode_row

values = st.one_of(st.none(), st.integers(), st.booleans(), st.text(), st.binary(max_size=20),
                   st.dates(), st.datetimes())


@given(st.lists(values, max_size=8))
def test_every_row_encodes_as_the_chain_defines_it(row):
    assert encode_row(tuple(row)) == _encode_slowly(row)


def test_a_row_of_a_known_shape_keeps_its_exact_bytes():
    row = (7, b"\x01\xff", "欠费'{x}'", date(2026, 1, 5), datetime(2026, 1, 5, 9, 30), True, None)
    assert encode_row(row) == ("i7\x1eb01ff\x1es7:欠费'{x}'\x1ed2026-01-05\x1et2026-01-05T09:30:00\x1ei1\x1eN").encode()


def test_a_type_the_chain_cannot_encode_is_refused():
    with pytest.raises(TypeError):
        encode_row((1.5,))
