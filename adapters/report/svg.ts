/**
 * Inline SVG charts for the offline report: no scripts, no external references.
 */
import type { Histogram } from './stats.js';

const W = 1200;
const H = 280;
const PAD = { l: 84, r: 16, t: 16, b: 44 };

/** Escapes text for HTML and SVG. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const fmt = (n: number): string => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));

function frame(inner: string, label: string): string {
  return (
    `<svg class="chart" viewBox="0 0 ${W} ${H}" width="100%" preserveAspectRatio="xMidYMid meet" role="img" aria-label="${esc(label)}">` +
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>${inner}</svg>`
  );
}

/**
 * A step line chart of `points` (x, y); `xLabel` / `yLabel` name the axes. `yFormat` labels
 * the y extremes (given rounded to integers, e.g. micro-dollars to `formatUsd`).
 */
export function lineChart(
  points: readonly { x: number; y: number }[],
  xLabel: string,
  yLabel: string,
  yFormat: (n: number) => string = fmt
): string {
  if (points.length === 0)
    return frame(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no data</text>`, yLabel);
  const xs = points.map((p) => p.x);
  const ys = [0, ...points.map((p) => p.y)];
  const [x0, x1] = [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1e-9)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys, Math.min(...ys) + 1e-9)];
  const sx = (x: number) => PAD.l + ((x - x0) / (x1 - x0 || 1)) * (W - PAD.l - PAD.r);
  const sy = (y: number) => H - PAD.b - ((y - y0) / (y1 - y0 || 1)) * (H - PAD.t - PAD.b);
  let d = `M${sx(x0).toFixed(1)},${sy(0).toFixed(1)}`;
  for (const p of points) d += ` H${sx(p.x).toFixed(1)} V${sy(p.y).toFixed(1)}`;
  const axes =
    `<line x1="${PAD.l}" y1="${sy(0)}" x2="${W - PAD.r}" y2="${sy(0)}" stroke="#bbb" stroke-dasharray="4 3"/>` +
    `<line x1="${PAD.l}" y1="${PAD.t}" x2="${PAD.l}" y2="${H - PAD.b}" stroke="#333"/>` +
    `<line x1="${PAD.l}" y1="${H - PAD.b}" x2="${W - PAD.r}" y2="${H - PAD.b}" stroke="#333"/>` +
    `<text x="${PAD.l - 6}" y="${PAD.t + 10}" text-anchor="end" font-size="12">${esc(yFormat(Math.round(y1)))}</text>` +
    `<text x="${PAD.l - 6}" y="${H - PAD.b}" text-anchor="end" font-size="12">${esc(yFormat(Math.round(y0)))}</text>` +
    `<text x="${PAD.l}" y="${H - PAD.b + 16}" font-size="12">${fmt(x0)}</text>` +
    `<text x="${W - PAD.r}" y="${H - PAD.b + 16}" text-anchor="end" font-size="12">${fmt(x1)}</text>` +
    `<text x="${(W + PAD.l) / 2}" y="${H - 6}" text-anchor="middle" font-size="12">${esc(xLabel)}</text>` +
    `<text x="14" y="${H / 2}" transform="rotate(-90 14 ${H / 2})" text-anchor="middle" font-size="12">${esc(yLabel)}</text>`;
  return frame(`${axes}<path d="${d}" fill="none" stroke="#1f6feb" stroke-width="2"/>`, yLabel);
}

/** A bar chart of a histogram, each bar under its bucket's label (bounds with units). */
export function histogramChart(h: Histogram, xLabel: string): string {
  const max = Math.max(1, ...h.counts);
  const n = h.counts.length;
  const bw = (W - PAD.l - PAD.r) / n;
  let bars = '';
  h.counts.forEach((c, i) => {
    const bh = (c / max) * (H - PAD.t - PAD.b);
    const x = PAD.l + i * bw;
    const label = h.labels[i] ?? '';
    const unit = c === 1 ? 'execution' : 'executions';
    bars +=
      `<rect x="${(x + 2).toFixed(1)}" y="${(H - PAD.b - bh).toFixed(1)}" width="${(bw - 4).toFixed(1)}" height="${bh.toFixed(1)}" fill="#2da44e"><title>${esc(label)}: ${c} ${unit}</title></rect>` +
      `<text x="${(x + bw / 2).toFixed(1)}" y="${H - PAD.b + 16}" text-anchor="middle" font-size="12">${esc(label)}</text>` +
      (c > 0
        ? `<text x="${(x + bw / 2).toFixed(1)}" y="${(H - PAD.b - bh - 4).toFixed(1)}" text-anchor="middle" font-size="12">${c}</text>`
        : '');
  });
  const axis = `<line x1="${PAD.l}" y1="${H - PAD.b}" x2="${W - PAD.r}" y2="${H - PAD.b}" stroke="#333"/>`;
  const lab = `<text x="${(W + PAD.l) / 2}" y="${H - 6}" text-anchor="middle" font-size="13">${esc(xLabel)}</text>`;
  return frame(axis + bars + lab, xLabel);
}
