"""Derived index builds: written aside and renamed into place; a sound build already there is
kept, an unsound one replaced; nothing half-written is left behind."""

from collections.abc import Callable
from pathlib import Path

import pytest

from rag.stores.builds import write_build


def _writer(content: str) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        (folder / "data.txt").write_text(content)

    return write


def _sound(folder: Path) -> bool:
    return (folder / "data.txt").is_file() and (folder / "data.txt").read_text() != "damaged"


def test_a_build_is_written_whole_and_nothing_is_left_aside(tmp_path: Path) -> None:
    target = tmp_path / "builds" / "rev-f1"
    write_build(target, _writer("first"), _sound)
    assert (target / "data.txt").read_text() == "first"
    assert [p.name for p in target.parent.iterdir()] == ["rev-f1"]


def test_a_sound_build_already_there_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "rev-f1"
    write_build(target, _writer("first"), _sound)
    write_build(target, _writer("second"), _sound)  # another process built it first
    assert (target / "data.txt").read_text() == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["rev-f1"]


@pytest.mark.parametrize("damage", ["damaged", None])
def test_an_unsound_build_is_replaced(tmp_path: Path, damage: str | None) -> None:
    target = tmp_path / "rev-f1"
    write_build(target, _writer("first"), _sound)
    if damage is None:
        (target / "data.txt").unlink()  # its files gone
    else:
        (target / "data.txt").write_text(damage)
    write_build(target, _writer("second"), _sound)
    assert (target / "data.txt").read_text() == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["rev-f1"]  # the damaged one removed


def test_a_failed_write_leaves_no_folder(tmp_path: Path) -> None:
    def fail(folder: Path) -> None:
        (folder / "data.txt").write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_build(tmp_path / "rev-f1", fail, _sound)
    assert list(tmp_path.iterdir()) == []
