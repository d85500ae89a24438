// The recovery dashboard's page: a heading with Refresh, the tiles, the two charts, the filters
// and the virtualized table. It holds the user's sort and filter (saved with setState, so a reload
// keeps them) and queries the rows it holds on every change (dashboardQuery.ts: no round trip).
import { queryRows, type DashboardQuery } from '../../../dashboard/dashboardQuery';
import { statusGroups, type DashboardRow, type DashboardState, type DashboardTiles } from '../../../dashboard/dashboardTypes';
import { drillFigure, rpoFigure } from './charts';
import { format, h } from './dom';
import { VirtualTable } from './table';

export interface ViewEvents {
  run(row: DashboardRow): void;
  refresh(): void;
  /** The query changed (to save it). */
  queryChanged(query: DashboardQuery): void;
}

const tileKeys: readonly (keyof Omit<DashboardTiles, 'total'>)[] = ['protected', 'rpoAbove', 'drillsDue', 'notReady', 'notChecked', 'jobsRunning'];

export class DashboardView {
  private state: DashboardState | undefined;
  private readonly heading = h('h1');
  private readonly updated = h('span', { class: 'updated' });
  private readonly refreshButton = h('button', { type: 'button', class: 'refresh' });
  private readonly alert = h('div', { role: 'alert', class: 'alert', hidden: true });
  private readonly tiles = h('div', { class: 'tiles', role: 'list' });
  private readonly figures = h('div', { class: 'figures' });
  private readonly text = h('input', { type: 'search', class: 'filter-text' });
  private readonly group = h('select', { class: 'filter-group' });
  private readonly attention = h('input', { type: 'checkbox', class: 'filter-attention', id: 'attention' });
  private readonly attentionLabel = h('label', { for: 'attention' });
  private readonly count = h('span', { class: 'count', 'aria-live': 'polite' });
  private readonly table: VirtualTable;

  constructor(
    root: HTMLElement,
    private query: DashboardQuery,
    private readonly events: ViewEvents,
  ) {
    this.table = new VirtualTable({
      sort: (key) => this.setQuery({ sort: key, descending: this.query.sort === key ? !this.query.descending : key !== 'name' && key !== 'host' }),
      run: (row) => {
        this.alert.hidden = true;
        events.run(row);
      },
    });
    this.refreshButton.addEventListener('click', () => {
      this.alert.hidden = true;
      events.refresh();
    });
    this.text.value = query.text;
    this.attention.checked = query.attention;
    this.text.addEventListener('input', () => this.setQuery({ text: this.text.value }));
    this.group.addEventListener('change', () => this.setQuery({ group: (this.group.value || 'all') as DashboardQuery['group'] }));
    this.attention.addEventListener('change', () => this.setQuery({ attention: this.attention.checked }));
    const filters = h('div', { class: 'filters', role: 'search' }, [this.text, this.group, h('span', { class: 'check' }, [this.attention, this.attentionLabel]), this.count]);
    root.replaceChildren(h('header', { class: 'top' }, [this.heading, this.updated, this.refreshButton]), this.alert, this.tiles, this.figures, filters, this.table.element);
  }

  private setQuery(change: Partial<DashboardQuery>): void {
    this.query = { ...this.query, ...change };
    this.events.queryChanged(this.query);
    this.drawRows();
  }

  /** Shows an error from the extension until the user runs an action or refreshes. */
  showError(message: string): void {
    this.alert.textContent = message;
    this.alert.hidden = false;
  }

  /** Draws a new state: what depends on the labels once, then the tiles, charts and rows. */
  render(state: DashboardState): void {
    const labelsChanged = this.state?.labels !== state.labels;
    this.state = state;
    if (labelsChanged) this.drawLabels(state);
    this.updated.textContent = state.takenAt ? format(state.labels.updated, `${state.takenAt.slice(0, 16).replace('T', ' ')} UTC`) : '';
    this.drawTiles(state);
    this.figures.replaceChildren(rpoFigure(state, Date.now()), drillFigure(state));
    this.drawRows();
  }

  private drawLabels(state: DashboardState): void {
    const l = state.labels;
    this.heading.textContent = l.title;
    this.refreshButton.textContent = l.refresh;
    this.text.placeholder = l.filter.text;
    this.text.setAttribute('aria-label', l.filter.text);
    this.group.setAttribute('aria-label', l.filter.group);
    this.attentionLabel.textContent = l.filter.attention;
    const options = (['all', ...statusGroups] as const).map((g) => h('option', { value: g, selected: g === this.query.group }, [l.groups[g]]));
    this.group.replaceChildren(...options);
  }

  private drawTiles(state: DashboardState): void {
    const t = state.tiles;
    const tiles = tileKeys.map((key) => {
      const value = key === 'protected' ? format(state.labels.ofTotal, t.protected, t.total) : String(t[key]);
      const warn = key !== 'protected' && key !== 'jobsRunning' && key !== 'notChecked' && t[key] > 0;
      return h('div', { role: 'listitem', class: warn ? 'tile warn' : 'tile' }, [h('span', { class: 'value' }, [value]), h('span', { class: 'label' }, [state.labels.tiles[key]])]);
    });
    this.tiles.replaceChildren(...tiles);
  }

  private drawRows(): void {
    const state = this.state;
    if (!state) return;
    const shown = queryRows(state.rows, this.query);
    this.count.textContent = format(state.labels.filter.shown, shown.length, state.rows.length);
    this.table.update(state, shown, this.query);
  }
}
