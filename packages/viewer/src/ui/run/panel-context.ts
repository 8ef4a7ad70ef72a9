// What a panel of the run page is handed: the page's state, the run's API, and how to tell a failure
// the page has already dealt with from one the panel must show.
import type { RunApi } from './run-api.js';
import type { RunState } from './run-state.js';

export interface PanelContext {
  readonly state: RunState;
  readonly api: RunApi;
  /**
   * True for a cancelled request, and for a run that does not exist (the page shows one clear card
   * instead of four failed panels): the panel then shows nothing of its own.
   */
  handledByPage(error: unknown): boolean;
}
