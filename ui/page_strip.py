"""The pieces of the scanning panel that are not the panel: a page's thumbnail with its number badge, the
column of thumbnails, a QAction whose shortcut shows in its tooltip, and the choice of a page file to insert."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QColor, QFont, QImage, QKeySequence, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QListWidget, QWidget

from ui.style import AMBER, NAVY, RED


def badged(image: QImage, number: int, severity: str = "") -> QPixmap:
    """A thumbnail with its page number in a corner badge (the order the clerk checks against the paper); the
    badge and a frame turn red (blocking) or amber (warning) when the page has an open finding."""
    pixmap = QPixmap.fromImage(image.copy())  # a new cache key: QIcon caches scaled pixmaps by the source's key
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    size = max(28, pixmap.width() // 5)
    colour = {"block": RED, "warn": AMBER}.get(severity, NAVY)
    if severity:
        painter.setPen(QPen(QColor(colour), 6))
        painter.drawRect(pixmap.rect().adjusted(3, 3, -3, -3))
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(4, 4, size + 8, size, 6, 6)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.6))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(4, 4, size + 8, size, Qt.AlignmentFlag.AlignCenter, str(number))
    painter.end()
    return pixmap


def thumbnail_strip() -> QListWidget:
    """The column of page thumbnails, one page selected, reordered by dragging."""
    strip = QListWidget()
    strip.setViewMode(QListWidget.ViewMode.ListMode)
    strip.setFlow(QListWidget.Flow.TopToBottom)
    strip.setWrapping(False)
    strip.setIconSize(QSize(92, 130))
    strip.setFixedWidth(128)
    strip.setSpacing(4)
    strip.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
    strip.setDefaultDropAction(Qt.DropAction.MoveAction)
    strip.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return strip


def _action(parent: QWidget, text: str, shortcut: str | QKeySequence.StandardKey, slot: Any,
            short: str = "") -> QAction:
    action = QAction(text, parent)
    if short:
        action.setIconText(short)
    action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setToolTip(f"{text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
    action.triggered.connect(slot)
    parent.addAction(action)
    return action


def pick_page_file(parent: QWidget, title: str, kinds: str) -> str:
    """An image or PDF holding a page to insert; empty when the clerk cancels."""
    path, _ = QFileDialog.getOpenFileName(parent, title, "", f"{kinds} (*.png *.jpg *.jpeg *.tif *.tiff *.pdf)")
    return path
