"""The kept test database (tests/prepared_database.py) is built anew exactly
when something it is made from changes."""

import pytest

from tests import prepared_database


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    for folder in ("fixtures", "findings/migrations", "findings/views"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "fixtures/content.json").write_text("[]")
    (tmp_path / "findings/migrations/0001_initial.py").write_text("operations = []")
    (tmp_path / "findings/models.py").write_text("class Statement: ...")
    (tmp_path / "findings/views/statements.py").write_text("def statement_list(): ...")
    monkeypatch.setattr(prepared_database, "ROOT", tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "made_from",
    ["fixtures/content.json", "findings/migrations/0001_initial.py", "findings/models.py"],
)
def test_a_change_to_what_it_is_made_from_builds_it_anew(checkout, made_from):
    before = prepared_database.build_key()
    (checkout / made_from).write_text("changed")
    assert prepared_database.build_key() != before


def test_a_new_fixture_file_builds_it_anew(checkout):
    before = prepared_database.build_key()
    (checkout / "fixtures/more.json").write_text("[]")
    assert prepared_database.build_key() != before


def test_a_change_to_a_view_keeps_it(checkout):
    before = prepared_database.build_key()
    (checkout / "findings/views/statements.py").write_text("def statement_list(): return 1")
    assert prepared_database.build_key() == before
