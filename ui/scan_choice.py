"""Where the pages of a new scan go when the component already has pages: appended, replacing them all, or
inserted before the selected page. Asked every time; the clerk answers with one letter."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget


class ScanPlace(Enum):
    APPEND = "append"
    REPLACE = "replace"
    INSERT = "insert"


class ScanChoiceBox(QMessageBox):
    """Non-modal to the event loop (``open``): ``chosen`` is set when it closes, None when cancelled."""

    def __init__(self, pages: int, selected: int | None, parent: QWidget | None = None) -> None:
        super().__init__(QMessageBox.Icon.Question, "", "", parent=parent)
        self.setWindowTitle(self.tr("The component already has pages"))
        self.setText(self.tr("This component already has %n page(s). Where do the new pages go?", "", pages))
        self.chosen: ScanPlace | None = None
        self.places: dict[QAbstractButton, ScanPlace] = {}
        append = self.addButton(self.tr("&Append at the end"), QMessageBox.ButtonRole.AcceptRole)
        self.places[append] = ScanPlace.APPEND
        if selected is not None:
            insert = self.addButton(self.tr("&Insert before page %1").replace("%1", str(selected + 1)),
                                    QMessageBox.ButtonRole.ActionRole)
            self.places[insert] = ScanPlace.INSERT
        replace = self.addButton(self.tr("&Replace all pages"), QMessageBox.ButtonRole.DestructiveRole)
        self.places[replace] = ScanPlace.REPLACE
        cancel = self.addButton(self.tr("Cancel (Esc)"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(append)
        self.setEscapeButton(cancel)
        self.buttonClicked.connect(lambda button: setattr(self, "chosen", self.places.get(button)))

    def placement(self, pages: int, selected: int) -> tuple[int | None, bool] | None:
        """(insert_at, replace) for the scan the clerk chose; None when cancelled."""
        return {ScanPlace.APPEND: (pages, False), ScanPlace.INSERT: (selected, False),
                ScanPlace.REPLACE: (None, True)}.get(self.chosen) if self.chosen else None
