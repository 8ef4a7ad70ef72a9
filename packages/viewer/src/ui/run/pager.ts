// Paging through the records one page at a time. The server hands out a cursor for the page after
// each; a stack of the cursors each visited page started from makes Previous. A search shows its
// matches on one page, without buttons.
import { h, replaceChildren } from '../dom.js';
import { count } from '../format.js';

export class Pager {
  readonly element = h('div', { class: 'pager' });
  /** The cursor each visited page started from; the last is the current page's. */
  private cursors: Array<string | undefined> = [undefined];
  private nextCursor: string | null = null;

  constructor(
    private readonly pageSize: number,
    /** Called after Next or Previous moved to another page: load it. */
    private readonly onMove: () => void,
  ) {}

  /** The cursor the current page starts from (undefined for the first). */
  get cursor(): string | undefined {
    return this.cursors[this.cursors.length - 1];
  }

  /** 0 for the first page. */
  get pageIndex(): number {
    return this.cursors.length - 1;
  }

  /** Back to the first page, for new filters. */
  reset(): void {
    this.cursors = [undefined];
  }

  /** No status and no buttons, while a page loads or after it failed. */
  clear(): void {
    replaceChildren(this.element);
  }

  /** The status and buttons for a page of `shown` records, and the cursor of the page after it. */
  show(shown: number, nextCursor: string | null, searching: boolean): void {
    this.nextCursor = nextCursor;
    const pageIndex = this.pageIndex;
    const first = pageIndex * this.pageSize + 1;
    const previous = h('button', { type: 'button', class: 'button button-small', testid: 'page-previous', disabled: pageIndex === 0, onclick: () => this.previous() }, '← Previous');
    const next = h('button', { type: 'button', class: 'button button-small', testid: 'page-next', disabled: this.nextCursor === null, onclick: () => this.next() }, 'Next →');
    if (shown === 0 && pageIndex === 0) return replaceChildren(this.element);
    replaceChildren(
      this.element,
      h(
        'span',
        { class: 'pager-status', testid: 'page-status' },
        shown === 0 ? '' : searching ? `${count(shown)} match${shown === 1 ? '' : 'es'}` : `Page ${count(pageIndex + 1)} · records ${count(first)}–${count(first + shown - 1)}`,
      ),
      searching ? null : h('span', { class: 'pager-buttons' }, previous, next),
    );
  }

  private next(): void {
    if (this.nextCursor === null) return;
    this.cursors.push(this.nextCursor);
    this.onMove();
  }

  private previous(): void {
    if (this.cursors.length <= 1) return;
    this.cursors.pop();
    this.onMove();
  }
}
