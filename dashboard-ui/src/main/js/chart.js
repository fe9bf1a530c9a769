// Charts with uPlot: a time series chart and a sparkline, coloured from the theme's CSS variables.
import uPlot from 'uplot';

const PALETTE = ['--series-1', '--series-2', '--series-3', '--series-4', '--series-5', '--series-6'];

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/**
 * A time chart in `container`. rows: the data; series: [{label, get(row), scale?}]; hours are x.
 * Returns the uPlot instance (its canvas is at .ctx.canvas).
 */
export function timeChart(container, rows, series, { height = 220, title, range } = {}) {
  const width = Math.max(240, container.clientWidth || 600);
  const x = rows.map((r) => Date.parse(r.hour) / 1000);
  const data = [x, ...series.map((s) => rows.map((r) => s.get(r) ?? null))];
  const axisColor = cssVar('--muted');
  const grid = { stroke: cssVar('--grid'), width: 1 };
  const scales = [...new Set(series.map((s) => s.scale || 'y'))];
  const opts = {
    title,
    width,
    height,
    // The whole range asked for, so that a few hours of data show where they are in it.
    scales: { x: { time: true, ...(range ? { range: () => range } : {}) } },
    axes: [
      { stroke: axisColor, grid },
      ...scales.map((scale, i) => ({ scale, stroke: axisColor, grid: i === 0 ? grid : { show: false }, side: i === 0 ? 3 : 1 })),
    ],
    series: [
      { label: 'hour (UTC)' },
      ...series.map((s, i) => ({
        label: s.label,
        scale: s.scale || 'y',
        stroke: cssVar(PALETTE[i % PALETTE.length]),
        width: 2,
        points: { show: rows.length < 60 },
        spanGaps: false,
      })),
    ],
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
  };
  const plot = new uPlot(opts, data, container);
  resizeWith(container, plot, height);
  return plot;
}

/** A small line of counts without axes, over the last `seconds` up to the end of the current hour. */
export function sparkline(container, rows, get, seconds) {
  const span = () => [Date.now() / 1000 - seconds, Date.now() / 1000 + 3600];
  const x = rows.map((r) => Date.parse(r.hour) / 1000);
  const opts = {
    width: Math.max(120, container.clientWidth || 200),
    height: 36,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false, range: span }, y: { range: (u, min, max) => [0, Math.max(1, max) * 1.2] } }, // headroom: the top point is not cut
    axes: [{ show: false }, { show: false }],
    // With one or two hours there is no line to draw: show them as points.
    series: [{}, { stroke: cssVar('--series-1'), width: 1.5, fill: cssVar('--spark-fill'), points: { show: rows.length < 3, size: 5 } }],
  };
  const plot = new uPlot(opts, [x, rows.map(get)], container);
  resizeWith(container, plot, 36);
  return plot;
}

function resizeWith(container, plot, height) {
  const observer = new ResizeObserver(() => {
    if (!container.isConnected) {
      observer.disconnect();
      plot.destroy();
      return;
    }
    const width = container.clientWidth;
    if (width && Math.abs(width - plot.width) > 4) plot.setSize({ width, height });
  });
  observer.observe(container);
}
