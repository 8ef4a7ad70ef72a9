// Sources and destinations by name, from the fact tables where they exist, else by kind and id.
import type { NamedObject } from '../api/api-types.js';
import { h } from './dom.js';

export function objectLabel(object: NamedObject | null, fallback: string): HTMLElement {
  if (object === null) return h('span', { class: 'muted' }, `unknown ${fallback}`);
  return h(
    'span',
    { class: 'named', title: `${object.type ?? 'unknown type'} · id ${object.id}` },
    object.name ?? `${fallback} ${object.id}`,
    object.kind !== null && object.kind !== object.name ? h('span', { class: 'named-kind' }, object.kind) : null,
  );
}

/** `Source → Destination · Object`, or null when the metadata names neither. */
export function routeLine(source: NamedObject | null, destination: NamedObject | null, destinationObject: NamedObject | null): HTMLElement | null {
  if (source === null && destination === null) return null;
  return h(
    'span',
    { class: 'route' },
    objectLabel(source, 'source'),
    h('span', { class: 'route-arrow', 'aria-label': 'to' }, '→'),
    objectLabel(destination, 'destination'),
    destinationObject ? [h('span', { class: 'route-sep' }, '·'), objectLabel(destinationObject, 'object')] : null,
  );
}
