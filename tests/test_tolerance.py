"""One table of every tolerance, each with its reason."""

import oracle.tolerance as tolerance


def test_every_tolerance_is_in_the_table_with_a_reason():
    constants = {n for n in tolerance.__all__ if n.isupper() and n != "TABLE"}
    listed = {e.name: e for e in tolerance.TABLE}
    assert constants == set(listed)
    for name, entry in listed.items():
        assert entry.value is getattr(tolerance, name) and entry.used_by and len(entry.reason) > 20, name
