// The readable error banner under the top bar: the error's code and message, as text, dismissible.
// The parts of a page load in parallel, so one failure often arrives several times: it shows once.
import { ApiError, errorMessage, isAbort } from './api-client.js';
import { h, replaceChildren } from './dom.js';

let area: HTMLElement | null = null;

export function mountBanner(element: HTMLElement): void {
  area = element;
}

export function clearBanner(): void {
  if (area) replaceChildren(area);
}

export function showError(error: unknown): void {
  if (isAbort(error) || area === null) return;
  const code = error instanceof ApiError ? error.code : 'ERROR';
  const message = errorMessage(error);
  const key = `${code}\u0000${message}`;
  if (Array.from(area.children).some((existing) => existing.getAttribute('data-key') === key)) return;
  const banner = h(
    'div',
    { class: 'banner banner-error', role: 'alert', testid: 'error-banner', 'data-key': key },
    h('span', { class: 'banner-code' }, code),
    h('div', { class: 'banner-text' }, message),
    h('button', { type: 'button', class: 'banner-close', 'aria-label': 'Dismiss', title: 'Dismiss', onclick: () => banner.remove() }, '×'),
  );
  area.append(banner);
}
