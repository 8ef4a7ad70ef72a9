// The sync history's side bar: organizations, and syncs named after their newest run (source →
// destination object, from the fact tables), with the sync id and destination on a second line.
import type { NamedObject, SyncListItem } from '../api/api-types.js';
import { h } from './dom.js';

interface NavItem {
  label: string;
  /** A second, smaller line. */
  sub?: string;
  title?: string;
  href: string;
  active: boolean;
}

/** `dim_customers (dbt) → Contact`, from the fact tables; null when the newest run's metadata names neither end. */
export function syncLabel(item: SyncListItem | undefined): { label: string; sub: string } | null {
  if (item === undefined || (item.source === null && item.destinationObject === null && item.destination === null)) return null;
  const name = (object: NamedObject | null, fallback: string) => (object === null ? fallback : (object.name ?? `${object.kind ?? fallback} ${object.id}`));
  const to = item.destinationObject ?? item.destination;
  return {
    label: `${name(item.source, 'unknown source')} → ${name(to, 'unknown destination')}`,
    sub: `Sync ${item.syncId}${item.destination?.name ? ` · ${item.destination.name}` : ''}`,
  };
}

export function navList(title: string, items: NavItem[]): HTMLElement {
  return h(
    'div',
    { class: 'nav-group' },
    h('h2', { class: 'nav-title' }, title),
    h(
      'ul',
      { class: 'nav-list' },
      items.map((item) =>
        h(
          'li',
          null,
          h(
            'a',
            { href: item.href, class: item.active ? 'nav-item active' : 'nav-item', 'aria-current': item.active ? 'page' : null, title: item.title ?? null, testid: title === 'Syncs' ? 'sync-link' : null },
            item.label,
            item.sub ? h('span', { class: 'nav-item-sub' }, item.sub) : null,
          ),
        ),
      ),
    ),
  );
}

