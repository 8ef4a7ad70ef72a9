// The readable error banner under the top bar: the error's code and message, as text, dismissible.
import { ApiError, isAbort } from './api-client.js';
import { h, replaceChildren } from './dom.js';

let area: HTMLElement | null = null;

export function mountBanner(element: HTMLElement): void {
  area = element;
}

export function clearBanner(): void {
  if (area) replaceChildren(area);
}

export function showError(error: unknown, context?: string): void {
  if (isAbort(error) || area === null) return;
  const code = error instanceof ApiError ? error.code : 'ERROR';
  const message = error instanceof Error ? error.message : String(error);
  const banner = h(
    'div',
    { class: 'banner banner-error', role: 'alert', testid: 'error-banner' },
    h('span', { class: 'banner-code' }, code),
    h('div', { class: 'banner-text' }, context ? h('strong', null, context) : null, h('span', null, message)),
    h('button', { class: 'banner-close', type: 'button', 'aria-label': 'Dismiss', title: 'Dismiss', onclick: () => banner.remove() }, '×'),
  );
  // One banner per distinct message: a refresh that fails again does not stack copies.
  for (const existing of Array.from(area.children)) if (existing.textContent === banner.textContent) existing.remove();
  area.append(banner);
}
