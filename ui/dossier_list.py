"""Home screen: today's dossiers at this counter with their counter time, today's report figures (waiting and
service time, the Decision 766 index, the backlog of results still in force), and the way to start a new one."""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.counter.model import DossierSummary, elapsed_seconds, todays_dossiers
from app.reports import figures
from app.reports.backlog import BacklogFigures
from app.reports.backlog import shown as backlog_shown
from app.reports.figures import SERVICE_TARGET_MINUTES, WAITING_TARGET_MINUTES, Durations, Report
from app.reports.scores import ratio_text
from ui import labels
from ui.context import AppContext

TARGET_SECONDS = 15 * 60


def fill(text: str, *values: str) -> str:
    """Qt's %1…%9 in one pass (a value holding "%" is never read as a place of its own)."""
    return re.sub(r"%([1-9])", lambda m: values[int(m.group(1)) - 1], text)


class DossierListPage(QWidget):
    open_requested = Signal(int)
    new_requested = Signal()
    reprint_requested = Signal(int)  # dossier id
    filled = Signal()  # the rows are on screen (start-up is measured up to the first one)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[DossierSummary] = []
        self._asked = 0  # refreshes asked for; a slower, older answer never replaces a newer one
        title = QLabel(self.tr("Dossiers received today"))
        title.setObjectName("PageTitle")
        self.summary = QLabel()
        self.summary.setObjectName("Hint")
        self.figures = QLabel()  # today's report: the citizen's time and the index the province is scored on
        self.figures.setObjectName("Hint")
        self.figures.setWordWrap(True)
        self.new_button = QPushButton(self.tr("New dossier (Ctrl+N)"))
        self.new_button.setObjectName("Primary")
        self.new_button.setToolTip(self.tr("Receive a new dossier from a citizen (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested)
        self.reprint_button = QPushButton(self.tr("Reprint receipt (Ctrl+Shift+P)"))
        self.reprint_button.setShortcut("Ctrl+Shift+P")
        self.reprint_button.setToolTip(self.tr("Print the receipt of the selected dossier again (Ctrl+Shift+P)"))
        self.reprint_button.setEnabled(False)
        self.reprint_button.clicked.connect(self._reprint_current)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([
            self.tr("Dossier code"), self.tr("Applicant"), self.tr("Procedure"), self.tr("Status"),
            self.tr("Time at counter")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._open_current)
        self.table.doubleClicked.connect(self._open_current)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.empty = QLabel(self.tr("Loading…"))  # never "no dossier" before the list was read
        self.empty.setObjectName("Hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.reprint_button)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.figures)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start()

    def refresh(self) -> None:
        """Today's dossiers, read straight from the store: the list fills before the counter service has loaded."""
        store = self.ctx.store
        self._asked += 1
        asked = self._asked

        def rows_if_newest(rows: list[DossierSummary]) -> None:
            if asked == self._asked:
                self.show_rows(rows)

        def figures_if_newest(report: Report) -> None:
            if asked == self._asked:
                self.show_figures(report)

        backlog = self.ctx.settings.results  # the results still in force the agency counted: the 100 % target
        self.ctx.runner.start(lambda task: todays_dossiers(store.db), on_done=rows_if_newest)
        self.ctx.runner.start(lambda task: figures.today(store.db, backlog_target=backlog.backlog_total,
                                                         backlog_by_type=dict(backlog.backlog_by_type)),
                              on_done=figures_if_newest)

    def show_figures(self, report: Report) -> None:
        t = report.totals
        decimal = "," if self.ctx.lang == "vi" else "."

        def median(d: Durations) -> str:
            return labels.duration(round(d.median * 60)) if d.median is not None else "—"

        def within(d: Durations) -> str:
            return ratio_text(d.count - d.over_target, d.count, decimal)

        times = self.tr("Waiting: median %1, within %2 minutes %3, %4 without ticket · Service: median %5, within "
                        "%6 minutes %7")
        index = self.tr("Decision 766 today: dossiers with digitized components %1 · components reused %2 · results "
                        "issued electronically %3 · identity lookups %4")
        times = fill(times, median(t.waiting), str(WAITING_TARGET_MINUTES), within(t.waiting), str(t.without_ticket),
                     median(t.service), str(SERVICE_TARGET_MINUTES), within(t.service))
        index = fill(index, ratio_text(t.dossiers_digitized, t.dossiers, decimal),
                     ratio_text(t.components_reused, t.to_collect, decimal),
                     ratio_text(t.results_electronic, t.results_issued, decimal), str(report.identity_lookups))
        self.figures.setText("\n".join([times, index, *self._backlog_line(report.backlog, decimal)]))

    def _backlog_line(self, b: BacklogFigures, decimal: str) -> list[str]:
        """The backlog of results still in force, once there is something to show: the documents confirmed today and
        the progress of every one confirmed so far toward the agency's count (``[results] backlog_total``)."""
        if not backlog_shown(b):
            return []
        if b.target:
            return [fill(self.tr("Results still in force: %1 digitized today · progress toward the target %2"),
                         str(b.in_period), ratio_text(b.digitized, b.target, decimal))]
        return [fill(self.tr("Results still in force: %1 digitized today · %2 so far (no target set)"),
                     str(b.in_period), str(b.digitized))]

    def show_rows(self, rows: list[DossierSummary]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for row, item in enumerate(rows):
            procedure = f"{item.procedure_code} — {item.procedure_name}" if item.procedure_name else item.procedure_code
            values = [item.code, item.applicant, procedure, labels.dossier_status(item.status),
                      labels.duration(item.seconds)]
            for col, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, item.id)
                self.table.setItem(row, col, cell)
        self.empty.setText(self.tr("No dossier yet today. Press Ctrl+N to receive the first one."))
        self.empty.setVisible(not rows)
        self._summarise()
        self._selection_changed()
        self.filled.emit()

    def _tick(self) -> None:
        now = datetime.now().astimezone()
        for row, item in enumerate(self.rows):
            if not item.ended_at:
                item.seconds = elapsed_seconds(item.created_at, now=now)
                cell = self.table.item(row, 4)
                if cell is not None:
                    cell.setText(labels.duration(item.seconds))
                    over = item.seconds > TARGET_SECONDS
                    cell.setForeground(Qt.GlobalColor.darkRed if over else Qt.GlobalColor.black)

    def _summarise(self) -> None:
        done = [r.seconds for r in self.rows if r.ended_at]
        average = labels.duration(sum(done) // len(done)) if done else "—"
        over = sum(1 for s in done if s > TARGET_SECONDS)
        self.summary.setText(self.tr("%n dossier(s) today · average counter time %1 · over 15 minutes: %2",
                                     "", len(self.rows)).replace("%1", average).replace("%2", str(over)))

    def _open_current(self) -> None:
        current = self._current()
        if current is not None:
            self.open_requested.emit(current.id)

    def current(self) -> DossierSummary | None:
        """The dossier selected in today's list."""
        return self._current()

    def _current(self) -> DossierSummary | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _selection_changed(self) -> None:
        current = self._current()
        self.reprint_button.setEnabled(current is not None and bool(current.receipt_printed_at))

    def _reprint_current(self) -> None:
        current = self._current()
        if current is not None and current.receipt_printed_at:
            self.reprint_requested.emit(current.id)
