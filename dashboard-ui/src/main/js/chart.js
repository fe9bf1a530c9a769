// Charts with uPlot, coloured from the theme's CSS variables, times in 24 h UTC. A chart is built once and
// then updated in place (setData), so that the hover read-out and a zoom survive live data.
import uPlot from 'uplot';
import { axisNumber, axisWidth, niceCeil, time, timeTicks } from './format.js';

const PALETTE = ['--series-1', '--series-2', '--series-3', '--series-4', '--series-5', '--series-6'];

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/** An axis' size: wide enough for its longest tick label, so that 10,000 or 1.2 M is never cut. */
function fitLabels(self, values, axisIdx, cycleNum) {
  const axis = self.axes[axisIdx];
  if (cycleNum > 1) return axis._size; // uPlot sizes axes in rounds; keep the first answer so that it settles
  const { ctx } = self;
  const saved = ctx.font;
  ctx.font = axis.font[0];
  const ratio = uPlot.pxRatio || globalThis.devicePixelRatio || 1;
  const size = axisWidth(values, (text) => ctx.measureText(text).width / ratio, axis.ticks.size + axis.gap + 2);
  ctx.font = saved;
  return size;
}

/** A y range from zero (or below it, for negative values) to a little above the largest value, at least `minTop`. */
function fromZero(minTop) {
  return (u, min, max) => {
    if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, minTop];
    return uPlot.rangeNum(Math.min(0, min), Math.max(max, minTop), 0.1, true);
  };
}

/** Points only where a value stands alone between gaps (a line needs two), so that no value is invisible. */
function isolatedPoints(u, seriesIdx) {
  const ys = u.data[seriesIdx];
  const idxs = [];
  for (let i = 0; i < ys.length; i++) {
    if (ys[i] !== null && ys[i] !== undefined && (ys[i - 1] === null || ys[i - 1] === undefined) && (ys[i + 1] === null || ys[i + 1] === undefined)) idxs.push(i);
  }
  return idxs.length ? idxs : null;
}

/**
 * A time chart in `container`, updated in place by update(data).
 * data: [x (seconds), ...one array per series]; spec: {
 *   series: [{label, scale ('y' by default), format(v)}], units: {scale: axis label},
 *   window(): the [min, max] seconds the chart spans when not zoomed (read at every update: it may slide),
 *   onZoom([min, max] | null), height }.
 * Drag across the chart to zoom in on a time span; double-click to see the whole window again. A zoom is
 * kept while data arrives.
 */
export class TimeChart {
  constructor(container, data, spec) {
    this.zoom = null;
    this.spec = spec;
    const height = spec.height || 220;
    const scales = [...new Set(spec.series.map((s) => s.scale || 'y'))];
    const axisColor = cssVar('--muted');
    const grid = { stroke: cssVar('--grid'), width: 1 };
    const opts = {
      width: Math.max(240, container.clientWidth || 600),
      height,
      cursor: { drag: { x: true, y: false, setScale: true } },
      scales: {
        // Zoomed: the span dragged; else the whole window, which slides with the clock.
        x: { time: true, range: (u, min, max) => this.zoom || spec.window() || [min, max] },
        ...Object.fromEntries(scales.map((k) => [k, { range: fromZero(k === 'y' || k === '%' ? 1 : 1e-9) }])),
      },
      axes: [
        { stroke: axisColor, grid, size: 52, values: (u, splits, axisIdx, space, incr) => timeTicks(splits, incr) },
        ...scales.map((k, i) => ({
          scale: k,
          label: spec.units?.[k],
          stroke: axisColor,
          grid: i === 0 ? grid : { show: false },
          side: i === 0 ? 3 : 1,
          size: fitLabels,
          values: (u, splits) => splits.map((v) => (k === '%' ? `${axisNumber(v)} %` : axisNumber(v))),
        })),
      ],
      series: [
        { label: 'time (UTC)', value: (u, v) => (v === null || v === undefined ? '—' : time(v * 1000)) },
        ...spec.series.map((s, i) => ({
          label: s.label,
          scale: s.scale || 'y',
          stroke: cssVar(PALETTE[i % PALETTE.length]),
          width: 2,
          spanGaps: false,
          points: { filter: isolatedPoints },
          value: (u, v) => (v === null || v === undefined ? '—' : s.format(v)),
        })),
      ],
      // A drag selects a span; it becomes the zoom before uPlot sets the scale to it.
      hooks: { setSelect: [(u) => this.selected(u)] },
    };
    this.plot = new uPlot(opts, data, container);
    // After uPlot's own double-click handling, which would keep the zoom: back to the whole window.
    this.plot.over.addEventListener('dblclick', () => this.resetZoom());
    resizeWith(container, this.plot, height);
  }

  selected(u) {
    const { left, width } = u.select;
    if (!(width > 0)) return;
    this.zoom = [u.posToVal(left, 'x'), u.posToVal(left + width, 'x')];
    this.spec.onZoom?.(this.zoom);
  }

  resetZoom() {
    if (!this.zoom) return;
    this.zoom = null;
    const [min, max] = this.spec.window();
    this.plot.setScale('x', { min, max });
    this.spec.onZoom?.(null);
  }

  /** New data, drawn in place: the cursor's read-out follows it and a zoom stays. */
  update(data) {
    this.plot.setData(data);
  }

  get canvas() {
    return this.plot.ctx.canvas;
  }

  destroy() {
    destroyOnce(this.plot);
  }
}

/**
 * A card's sparkline: counts per period without axes, over a window that slides (window(): [min, max] seconds),
 * on a scale from 0 to `top` (1, 2 or 5 × 10^k, at least the largest count), which the card prints beside it.
 */
export class Sparkline {
  constructor(container, data, window) {
    this.top = topOf(data);
    const height = 40;
    const opts = {
      width: Math.max(120, container.clientWidth || 200),
      height,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: () => window() }, y: { range: () => [0, this.top] } },
      axes: [{ show: false }, { show: false }],
      series: [{}, {
        stroke: cssVar('--series-1'),
        width: 1.5,
        fill: cssVar('--spark-fill'),
        // A few periods with events among many without: mark them, or a single one would be a thin spike.
        points: { show: false, size: 5, filter: (u, si) => fewNonZero(u.data[si]) },
      }],
    };
    this.plot = new uPlot(opts, data, container);
    resizeWith(container, this.plot, height);
  }

  update(data) {
    this.top = topOf(data);
    this.plot.setData(data);
  }
}

function topOf(data) {
  return niceCeil(Math.max(0, ...data[1].filter((v) => Number.isFinite(v))));
}

function fewNonZero(ys) {
  const idxs = [];
  ys.forEach((v, i) => v > 0 && idxs.push(i));
  return idxs.length && idxs.length <= 3 ? idxs : null;
}

function resizeWith(container, plot, height) {
  const observer = new ResizeObserver(() => {
    if (!container.isConnected) {
      observer.disconnect();
      destroyOnce(plot);
      return;
    }
    const width = container.clientWidth;
    if (width && Math.abs(width - plot.width) > 4) plot.setSize({ width, height });
  });
  observer.observe(container);
}

function destroyOnce(plot) {
  if (plot.gone) return;
  plot.gone = true;
  plot.destroy();
}
