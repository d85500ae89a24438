// The dashboard's table of VMs, virtualized: only the rows in view (and a few around) are in the
// DOM, each of a fixed height (ROW_HEIGHT, the same as `.row` in media/dashboard.css), between two
// spacers whose height stands for the rows above and below. The spacers are SVG elements sized by
// their height attribute: no style attribute (the CSP has no 'unsafe-inline'). 5,000 VMs are 5,000
// entries of an index array here and about 30 rows in the DOM.
// Keyboard: the rows are one tab stop (roving tabindex); arrows, Page Up/Down, Home and End move
// between them; Enter runs the focused row's action. The headers are buttons with aria-sort.
import { sortKeys, type DashboardQuery, type SortKey } from '../../../dashboard/dashboardQuery';
import type { DashboardRow, DashboardState } from '../../../dashboard/dashboardTypes';
import { format, h, svg } from './dom';

export const ROW_HEIGHT = 28;
const OVERSCAN = 8;

export interface TableEvents {
  /** A header was chosen: sort by it (again: the other way). */
  sort(key: SortKey): void;
  /** Run the row's action. */
  run(row: DashboardRow): void;
}

function cellTexts(row: DashboardRow, state: DashboardState): string[] {
  const l = state.labels;
  const drill = !row.drillable
    ? l.drill.notApplicable
    : `${row.drillDate ? `${row.drillDate} (${format(l.drill.daysAgo, row.drillDays ?? 0)})` : l.drill.never}${row.drillDue ? ` — ${l.drill.due}` : ''}`;
  const readiness = row.readiness === 'notReady' ? format(l.readiness.notReady, row.issues ?? 0) : l.readiness[row.readiness];
  const errors = row.healthErrors === 1 ? l.healthError : format(l.healthErrors, row.healthErrors ?? 0);
  const health = row.healthErrors ? `${l.health[row.health]} (${errors})` : l.health[row.health];
  return [row.name, row.host, row.status, row.rpoText ?? '—', drill, readiness, health];
}

export class VirtualTable {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly header: HTMLElement;
  private readonly top = svg('svg', { class: 'spacer', width: 1, height: 0, 'aria-hidden': 'true', focusable: 'false' });
  private readonly bottom = svg('svg', { class: 'spacer', width: 1, height: 0, 'aria-hidden': 'true', focusable: 'false' });
  private readonly rows = h('div', { role: 'presentation', class: 'rows' });
  private state: DashboardState | undefined;
  private shown: readonly number[] = [];
  /** The focused row's position in `shown`. */
  private focused = 0;

  constructor(private readonly events: TableEvents) {
    this.header = h('div', { role: 'row', class: 'row head', 'aria-rowindex': 1 });
    // The spacers stay in place; only the rows between them are replaced (Chromium clamped the
    // scroll position when the spacers themselves were taken out and put back).
    this.body = h('div', { role: 'rowgroup', class: 'body' }, [this.top, this.rows, this.bottom]);
    this.element = h('div', { role: 'table', class: 'table' }, [h('div', { role: 'rowgroup' }, [this.header]), this.body]);
    this.body.addEventListener('scroll', () => this.draw());
    this.body.addEventListener('keydown', (e) => this.onKey(e));
    this.body.addEventListener('click', (e) => this.onClick(e));
  }

  /** Shows `shown` (indexes into state.rows) under headers sorted as `query` says. */
  update(state: DashboardState, shown: readonly number[], query: DashboardQuery): void {
    this.state = state;
    this.shown = shown;
    this.focused = Math.min(this.focused, Math.max(0, shown.length - 1));
    this.element.setAttribute('aria-label', state.labels.title);
    this.element.setAttribute('aria-rowcount', String(shown.length + 1));
    this.drawHeader(state, query);
    this.draw();
  }

  private drawHeader(state: DashboardState, query: DashboardQuery): void {
    const cells = [...sortKeys].map((key) => {
      const sorted = query.sort === key;
      const button = h('button', { type: 'button', class: 'sort' }, [state.labels.columns[key], sorted ? (query.descending ? ' ▼' : ' ▲') : '']);
      button.addEventListener('click', () => this.events.sort(key));
      return h('div', { role: 'columnheader', 'aria-sort': sorted ? (query.descending ? 'descending' : 'ascending') : 'none' }, [button]);
    });
    this.header.replaceChildren(...cells);
  }

  private rowElement(index: number, position: number, state: DashboardState): HTMLElement {
    const row = state.rows[index];
    const classes = [
      'row',
      row.attention ? 'attention' : '',
      row.rpoAbove ? 'rpo-above' : '',
      row.drillDue ? 'drill-due' : '',
      row.readiness === 'notReady' ? 'not-ready' : '',
      `health-${row.health.toLowerCase()}`,
    ];
    const cells = cellTexts(row, state).map((text) => h('div', { role: 'cell', title: text }, [text]));
    const action = row.action ? h('button', { type: 'button', class: 'action', tabindex: -1, 'data-position': position }, [state.labels.actions[row.action]]) : '—';
    cells.push(h('div', { role: 'cell' }, [action]));
    return h(
      'div',
      { role: 'row', class: classes.filter((c) => c !== '').join(' '), tabindex: position === this.focused ? 0 : -1, 'aria-rowindex': position + 2, 'data-position': position },
      cells,
    );
  }

  /** Draws the rows in view. */
  private draw(): void {
    const state = this.state;
    if (!state) return;
    const view = Math.max(1, Math.ceil(this.body.clientHeight / ROW_HEIGHT));
    const first = Math.max(0, Math.floor(this.body.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const end = Math.min(this.shown.length, first + view + 2 * OVERSCAN);
    const hadFocus = this.body.contains(document.activeElement);
    const rows: HTMLElement[] = [];
    for (let p = first; p < end; p++) rows.push(this.rowElement(this.shown[p], p, state));
    this.top.setAttribute('height', String(first * ROW_HEIGHT));
    this.bottom.setAttribute('height', String((this.shown.length - end) * ROW_HEIGHT));
    const empty =
      this.shown.length === 0 ? [h('p', { class: 'empty' }, [state.rows.length === 0 ? state.labels.noVms : format(state.labels.filter.shown, 0, state.rows.length)])] : [];
    this.rows.replaceChildren(...rows, ...empty);
    // The focused row is always a tab stop, drawn or not: if it is not drawn, the first drawn row is.
    if (rows.length > 0 && !rows.some((r) => r.tabIndex === 0)) rows[0].tabIndex = 0;
    if (hadFocus) this.focusRow(false);
  }

  private focusRow(scroll: boolean): void {
    if (scroll) {
      const y = this.focused * ROW_HEIGHT;
      if (y < this.body.scrollTop) this.body.scrollTop = y;
      else if (y + ROW_HEIGHT > this.body.scrollTop + this.body.clientHeight) this.body.scrollTop = y + ROW_HEIGHT - this.body.clientHeight;
      this.draw();
    }
    const el = this.body.querySelector<HTMLElement>(`[role="row"][data-position="${this.focused}"]`);
    el?.focus({ preventScroll: true });
  }

  private onKey(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.body.clientHeight / ROW_HEIGHT) - 1);
    const last = this.shown.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: this.focused + 1,
      ArrowUp: this.focused - 1,
      PageDown: this.focused + page,
      PageUp: this.focused - page,
      Home: 0,
      End: last,
    };
    const target = moves[e.key];
    if (target !== undefined && last >= 0) {
      e.preventDefault();
      this.focused = Math.max(0, Math.min(last, target));
      this.focusRow(true);
      return;
    }
    if (e.key === 'Enter' && this.state) {
      const position = Number((e.target as HTMLElement).closest('[role="row"]')?.getAttribute('data-position') ?? this.focused);
      const row = this.state.rows[this.shown[position] ?? -1];
      if (row?.action) {
        e.preventDefault();
        this.events.run(row);
      }
    }
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as HTMLElement;
    const rowEl = target.closest<HTMLElement>('[role="row"]');
    if (!rowEl || !this.state) return;
    this.focused = Number(rowEl.getAttribute('data-position'));
    const row = this.state.rows[this.shown[this.focused] ?? -1];
    if (target.closest('button.action') && row?.action) this.events.run(row);
    this.focusRow(false);
  }
}
