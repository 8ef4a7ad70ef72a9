// How a sync trends, as a chart of its newest runs, oldest on the left: a bar per run stacked by
// outcome (success, invalid, rejected: the run's volume), and a line of the rejected rate on its own
// scale (how it went). Hovering or focusing a run shows its numbers; a click or Enter opens it.
// Plain SVG built through dom.ts: a few dozen shapes need no charting library, and the viewer stays
// small, offline and free of HTML sinks.
import type { TrendRunJson } from '../api/api-types.js';
import { h, replaceChildren, svg } from './dom.js';
import { count, utcTime } from './format.js';

const HEIGHT = 220;
const MARGIN = { top: 16, right: 48, bottom: 30, left: 56 };
const OUTCOMES = ['success', 'invalid', 'rejected'] as const;

export interface TrendChartOptions {
  /** Runs still being written: drawn as such. */
  inProgress: ReadonlySet<string>;
  /** Opens a run's page. */
  open: (runId: string) => void;
}

/** 0, a round step, …: about four ticks up to at least `max`. */
function ticks(max: number): number[] {
  if (max <= 0) return [0];
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough)!;
  const out: number[] = [];
  for (let value = 0; value < max + step; value += step) out.push(value);
  return out;
}

function shortCount(value: number): string {
  if (value >= 1_000_000) return `${(value / 1_000_000).toFixed(value % 1_000_000 === 0 ? 0 : 1)}M`;
  if (value >= 1_000) return `${(value / 1_000).toFixed(value % 1_000 === 0 ? 0 : 1)}k`;
  return String(value);
}

const percent = (rate: number) => `${(100 * rate).toFixed(rate < 0.1 ? 2 : 1)}%`;

function shortDate(iso: string | null): string {
  return iso === null ? '' : iso.slice(5, 16).replace('T', ' ');
}

/** The run's numbers, for the tooltip. */
function details(run: TrendRunJson, live: boolean): HTMLElement {
  const rows: HTMLElement[] = [];
  if (run.byOutcome === null || run.total === null) {
    rows.push(h('p', { class: 'muted' }, `Could not be read: ${run.error ?? 'unknown error'}`));
  } else {
    rows.push(
      h(
        'dl',
        { class: 'trend-numbers' },
        h('dt', null, 'Records'),
        h('dd', null, count(run.total)),
        ...OUTCOMES.slice()
          .reverse()
          .flatMap((outcome) => [h('dt', { class: `trend-key-${outcome}` }, outcome[0]!.toUpperCase() + outcome.slice(1)), h('dd', null, count(run.byOutcome![outcome]))]),
        h('dt', null, 'Rejected rate'),
        h(
          'dd',
          null,
          run.rejectedRate === null ? '—' : percent(run.rejectedRate),
          run.rejectedRateChange === null
            ? null
            : h('span', { class: run.rejectedRateChange > 0 ? 'trend-up' : 'trend-down' }, ` ${run.rejectedRateChange > 0 ? '▲' : '▼'} ${(100 * Math.abs(run.rejectedRateChange)).toFixed(1)} pt`),
        ),
      ),
    );
    if (run.topErrors.length > 0) {
      rows.push(h('p', { class: 'trend-errors-title' }, 'Top errors'), h('ul', { class: 'trend-errors' }, run.topErrors.map((error) => h('li', null, h('b', null, count(error.count)), ` ${error.template ?? '(no message)'}`))));
    }
  }
  return h(
    'div',
    null,
    h('p', { class: 'trend-title' }, `Run ${run.runId}`, live ? h('span', { class: 'trend-live-note' }, ' · still being written') : null),
    h('p', { class: 'muted small' }, utcTime(run.startedAt)),
    rows,
    h('p', { class: 'trend-hint' }, 'Click to open the run'),
  );
}

export function trendChart(newestFirst: TrendRunJson[], options: TrendChartOptions, width: number): HTMLElement {
  const runs = newestFirst.slice().reverse();
  const tooltip = h('div', { class: 'trend-tooltip', testid: 'trend-tooltip', role: 'tooltip', hidden: true });
  const plotWidth = Math.max(120, width - MARGIN.left - MARGIN.right);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const maxTotal = Math.max(1, ...runs.map((run) => run.total ?? 0));
  const countTicks = ticks(maxTotal);
  const countTop = countTicks.at(-1)!;
  const maxRate = Math.max(0.01, ...runs.map((run) => run.rejectedRate ?? 0));
  const rateTicks = ticks(maxRate * 100).map((value) => value / 100);
  const rateTop = rateTicks.at(-1)!;
  const slot = plotWidth / Math.max(1, runs.length);
  const barWidth = Math.max(2, Math.min(36, slot * 0.64));
  const x = (index: number) => MARGIN.left + slot * index + slot / 2;
  const yCount = (value: number) => MARGIN.top + plotHeight * (1 - value / countTop);
  const yRate = (value: number) => MARGIN.top + plotHeight * (1 - value / rateTop);

  const grid = countTicks.map((value) =>
    svg('g', { class: 'trend-grid' }, svg('line', { x1: MARGIN.left, x2: MARGIN.left + plotWidth, y1: yCount(value), y2: yCount(value) }), svg('text', { x: MARGIN.left - 8, y: yCount(value) + 4, 'text-anchor': 'end' }, shortCount(value))),
  );
  const rateAxis = rateTicks.map((value) => svg('text', { class: 'trend-rate-tick', x: MARGIN.left + plotWidth + 8, y: yRate(value) + 4 }, `${(value * 100).toFixed(rateTop < 0.05 ? 1 : 0)}%`));
  const labelEvery = Math.max(1, Math.ceil(runs.length / Math.max(1, Math.floor(plotWidth / 90))));
  const svgElement = svg(
    'svg',
    { class: 'trend-svg', width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img', 'aria-label': `Outcomes of the newest ${runs.length} runs, oldest first` },
    grid,
    rateAxis,
  );
  const show = (index: number, column: SVGGElement) => {
    svgElement.querySelectorAll('.trend-run.active').forEach((other) => other.classList.remove('active'));
    column.classList.add('active');
    replaceChildren(tooltip, details(runs[index]!, options.inProgress.has(runs[index]!.runId)));
    tooltip.hidden = false;
    const left = x(index);
    tooltip.classList.toggle('flip', left > width / 2);
    tooltip.style.left = `${left > width / 2 ? left - 12 : left + 12}px`;
  };
  const hide = () => {
    tooltip.hidden = true;
    svgElement.querySelectorAll('.trend-run.active').forEach((other) => other.classList.remove('active'));
  };
  runs.forEach((run, index) => {
    const live = options.inProgress.has(run.runId);
    const column = svg('g', {
      class: `trend-run${live ? ' trend-live' : ''}${run.total === null ? ' trend-unreadable' : ''}`,
      testid: 'trend-bar',
      'data-run-id': run.runId,
      tabindex: 0,
      role: 'link',
      'aria-label': `Run ${run.runId}${run.total === null ? '' : `: ${count(run.total)} records, ${run.rejectedRate === null ? 'no' : percent(run.rejectedRate)} rejected`}`,
    });
    column.append(svg('rect', { class: 'trend-hit', x: x(index) - slot / 2, y: MARGIN.top, width: slot, height: plotHeight }));
    let base = 0;
    for (const outcome of OUTCOMES) {
      const value = run.byOutcome?.[outcome] ?? 0;
      if (value === 0) continue;
      const top = yCount(base + value);
      column.append(svg('rect', { class: `trend-${outcome}`, x: x(index) - barWidth / 2, y: top, width: barWidth, height: Math.max(0.5, yCount(base) - top) }));
      base += value;
    }
    if (run.total === null) column.append(svg('text', { class: 'trend-missing', x: x(index), y: MARGIN.top + plotHeight - 4, 'text-anchor': 'middle' }, '?'));
    if (index % labelEvery === 0 || index === runs.length - 1) {
      column.append(svg('text', { class: 'trend-x', x: x(index), y: HEIGHT - 10, 'text-anchor': 'middle' }, shortDate(run.startedAt) || run.runId));
    }
    column.addEventListener('mouseenter', () => show(index, column));
    column.addEventListener('focus', () => show(index, column));
    column.addEventListener('blur', hide);
    column.addEventListener('click', () => options.open(run.runId));
    column.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key === 'Enter') options.open(run.runId);
    });
    svgElement.append(column);
  });
  // The rejected rate, over the bars: where it could be read.
  const points = runs.flatMap((run, index) => (run.rejectedRate === null ? [] : [[x(index), yRate(run.rejectedRate)] as const]));
  if (points.length > 1) svgElement.append(svg('polyline', { class: 'trend-rate-line', points: points.map(([px, py]) => `${px},${py}`).join(' ') }));
  for (const [px, py] of points) svgElement.append(svg('circle', { class: 'trend-rate-dot', cx: px, cy: py, r: 3 }));
  svgElement.addEventListener('mouseleave', hide);
  return h('div', { class: 'trend-chart', testid: 'trend-chart' }, svgElement, tooltip);
}

/** The chart's legend: what the colours and the line mean. */
export function trendLegend(): HTMLElement {
  const key = (kind: string, label: string) => h('span', { class: 'trend-legend-item' }, h('span', { class: `trend-swatch trend-swatch-${kind}`, 'aria-hidden': 'true' }), label);
  return h('div', { class: 'trend-legend' }, key('success', 'Success'), key('invalid', 'Invalid'), key('rejected', 'Rejected'), key('rate', 'Rejected rate (right scale)'));
}
