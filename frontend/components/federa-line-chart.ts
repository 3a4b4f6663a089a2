/*
 * <federa-line-chart>: one metric's curves drawn in the browser by uPlot (io.federa.shell.LineChart is
 * its Java side). The server sends points already thinned to about the chart's width; zooming (drag
 * across the plot, or + / - keys) asks the server for the zoomed range (`range-requested`), which
 * answers at full resolution when the range holds fewer points than pixels. Live points arrive
 * through appendPoints() and are added to what is drawn: nothing is fetched or re-sent again.
 * Hovering shows each series' value in the legend; a series is identified by colour (Okabe–Ito),
 * dash pattern and its legend entry.
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';

export interface SeriesInfo {
  id: string;
  label: string;
}
export interface SeriesPoints {
  id: string;
  x: number[];
  y: (number | null)[];
}

const DASHES: number[][] = [[], [7, 3], [2, 3], [10, 3, 2, 3], [5, 5], [1, 4], [12, 4], [6, 2, 2, 2]];
const HEIGHT = 260;

/** Keeps each bucket's lowest and highest point, in x order: spikes stay visible. */
function thin(x: number[], y: (number | null)[], max: number): [number[], (number | null)[]] {
  if (x.length <= max) return [x, y];
  const buckets = Math.max(1, Math.floor(max / 2));
  const size = x.length / buckets;
  const ox: number[] = [];
  const oy: (number | null)[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(x.length, Math.floor((b + 1) * size));
    if (from >= to) continue;
    let lo = from;
    let hi = from;
    for (let i = from; i < to; i++) {
      const v = y[i];
      if (v == null) continue;
      if (y[lo] == null || v < (y[lo] as number)) lo = i;
      if (y[hi] == null || v > (y[hi] as number)) hi = i;
    }
    for (const i of lo === hi ? [lo] : lo < hi ? [lo, hi] : [hi, lo]) {
      ox.push(x[i]);
      oy.push(y[i]);
    }
  }
  if (ox[ox.length - 1] !== x[x.length - 1]) {
    ox.push(x[x.length - 1]);
    oy.push(y[y.length - 1]);
  }
  return [ox, oy];
}

function format(v: number | null | undefined): string {
  if (v == null || Number.isNaN(v)) return '–';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e7)) return v.toExponential(4);
  return String(Number(v.toPrecision(6)));
}

@customElement('federa-line-chart')
export class FederaLineChart extends LitElement {
  @property() title = '';
  @property({ attribute: 'x-label' }) xLabel = 'step';
  @property({ type: Array }) series: SeriesInfo[] = [];
  @state() private zoomed: [number, number] | null = null;
  @state() private log = false;
  @state() private empty = true;

  /** Each series' points for the whole range (thinned), and for the zoomed range when zoomed. */
  private overview = new Map<string, { x: number[]; y: (number | null)[] }>();
  private detail = new Map<string, { x: number[]; y: (number | null)[] }>();
  private plot?: uPlot;
  private seq = 0;
  private resize?: ResizeObserver;
  private schemeWatch?: MutationObserver;
  private media?: MediaQueryList;

  static styles = [
    uplotCss,
    css`
      :host {
        display: block;
        border: 1px solid var(--federa-border);
        border-radius: var(--lumo-border-radius-m);
        padding: var(--lumo-space-s);
        box-sizing: border-box;
        color: var(--federa-text, inherit);
        background: var(--federa-page-bg, transparent);
      }
      header {
        display: flex;
        align-items: baseline;
        gap: var(--lumo-space-m);
        flex-wrap: wrap;
      }
      h4 {
        margin: 0;
        font-size: var(--lumo-font-size-m);
        flex: 1;
      }
      .tools {
        display: flex;
        gap: var(--lumo-space-s);
        align-items: center;
        font-size: var(--lumo-font-size-s);
      }
      button {
        font: inherit;
        color: var(--federa-brand);
        background: none;
        border: 1px solid var(--federa-border-strong);
        border-radius: var(--lumo-border-radius-s);
        padding: 0 0.6em;
        cursor: pointer;
      }
      button[disabled] {
        color: var(--federa-text-muted);
        cursor: default;
      }
      .plot:focus-visible {
        outline: 2px solid var(--federa-focus);
        outline-offset: 2px;
      }
      .note {
        font-size: var(--lumo-font-size-xs);
        color: var(--federa-text-muted);
        margin: var(--lumo-space-xs) 0 0;
      }
      .uplot {
        font-family: var(--lumo-font-family);
      }
      .u-legend {
        font-size: var(--lumo-font-size-s);
        text-align: left;
      }
      .u-legend .u-value {
        font-variant-numeric: tabular-nums;
      }
      .u-select {
        background: color-mix(in srgb, var(--federa-focus) 20%, transparent);
      }
    `,
  ];

  render() {
    const zoomText = this.zoomed ? `${this.xLabel} ${this.zoomed[0]}–${this.zoomed[1]}` : '';
    return html`
      <header>
        <h4 id="title">${this.title}</h4>
        <div class="tools">
          <label><input type="checkbox" class="log" .checked=${this.log} @change=${this.toggleLog} /> Log scale</label>
          <button class="reset" ?disabled=${!this.zoomed} @click=${this.resetZoom}>Reset zoom</button>
        </div>
      </header>
      <div
        class="plot"
        tabindex="0"
        role="img"
        aria-labelledby="title"
        aria-describedby="how"
        @keydown=${this.onKey}
        @dblclick=${this.resetZoom}
      ></div>
      <p class="note" id="how">
        ${this.empty ? 'No points yet. ' : ''}${zoomText ? `Showing ${zoomText}. ` : ''}Drag across the chart (or press + and
        −) to zoom, double-click (or 0) to reset; hover for values.
      </p>
    `;
  }

  connectedCallback() {
    super.connectedCallback();
    // redraw with the colours of a changed colour scheme
    this.media = window.matchMedia('(prefers-color-scheme: dark)');
    this.media.addEventListener('change', this.redraw);
    this.schemeWatch = new MutationObserver(this.redraw);
    this.schemeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['theme', 'style'] });
    // moved in the page (Vaadin detaches and attaches again): draw again from the points kept
    if (this.hasUpdated) {
      this.resize?.observe(this.plotBox());
      this.draw();
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.media?.removeEventListener('change', this.redraw);
    this.schemeWatch?.disconnect();
    this.resize?.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }

  protected firstUpdated() {
    const box = this.plotBox();
    this.resize = new ResizeObserver(() => {
      const width = this.width();
      if (this.plot && Math.abs(this.plot.width - width) > 2) this.plot.setSize({ width, height: HEIGHT });
      this.reportWidth();
    });
    this.resize.observe(box);
    this.draw();
    this.reportWidth();
  }

  private reportedWidth = 0;

  /**
   * Tells the server how many points per series the plot can show (its width in device pixels), when
   * it first draws and when it is resized by more than a tenth while not zoomed: the server thins
   * whole-range drawings to it, and draws again if it sent fewer points than that.
   */
  private reportWidth() {
    const width = this.maxPoints();
    if (this.zoomed || Math.abs(width - this.reportedWidth) <= this.reportedWidth / 10) return;
    this.reportedWidth = width;
    this.dataset.width = String(width);
    this.dispatchEvent(new CustomEvent('width-changed', { detail: { width } }));
  }

  protected updated(changed: PropertyValues<this>) {
    if (changed.has('series') && this.plot) this.draw();
  }

  /** All points of every series for the whole range (the server thinned them to `width`). */
  setOverview(points: SeriesPoints[], keepZoom = false) {
    this.overview.clear();
    for (const p of points) this.overview.set(p.id, { x: [...p.x], y: [...p.y] });
    // the same whole range read again for the reported width while the user is zoomed in: the zoom stays,
    // and the new points are what a reset of the zoom shows
    if (keepZoom && this.zoomed) return;
    this.zoomed = null;
    this.detail.clear();
    this.draw();
  }

  /** The server's answer to a `range-requested` event; stale answers (an older seq) are dropped. */
  setRange(seq: number, from: number, to: number, points: SeriesPoints[]) {
    if (seq !== this.seq || !this.zoomed || this.zoomed[0] !== from || this.zoomed[1] !== to) return;
    this.detail.clear();
    for (const p of points) this.detail.set(p.id, { x: [...p.x], y: [...p.y] });
    this.setData(false);
    this.dataset.detail = String(seq);
  }

  /** New points of one series (after every point already sent): added to what is drawn. */
  appendPoints(id: string, x: number[], y: (number | null)[]) {
    if (x.length === 0) return;
    const add = (m: Map<string, { x: number[]; y: (number | null)[] }>, inRange: (v: number) => boolean) => {
      let s = m.get(id);
      if (!s) m.set(id, (s = { x: [], y: [] }));
      const last = s.x.length ? s.x[s.x.length - 1] : -Infinity;
      for (let i = 0; i < x.length; i++) {
        if (x[i] > last && inRange(x[i])) {
          s.x.push(x[i]);
          s.y.push(y[i]);
        }
      }
    };
    add(this.overview, () => true);
    const max = this.maxPoints() * 3;
    const o = this.overview.get(id)!;
    if (o.x.length > max) [o.x, o.y] = thin(o.x, o.y, this.maxPoints() * 2);
    if (this.zoomed) {
      const [from, to] = this.zoomed;
      add(this.detail, (v) => v >= from && v <= to);
    }
    this.setData(!this.zoomed);
  }

  /** Pixels across the plot: the server thins to about this many points per series. */
  maxPoints() {
    return Math.max(200, Math.round(this.width() * (window.devicePixelRatio || 1)));
  }

  private plotBox() {
    return this.renderRoot.querySelector('.plot') as HTMLElement;
  }

  private width() {
    return Math.max(280, this.plotBox()?.clientWidth || 560);
  }

  /** A colour custom property as the canvas takes it (light-dark() resolved for the page's scheme). */
  private resolve(property: string, fallback: string) {
    const probe = document.createElement('span');
    probe.style.color = `var(${property}, ${fallback})`;
    this.renderRoot.appendChild(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour || fallback;
  }

  private colour(i: number) {
    return this.resolve(`--federa-series-${(i % 8) + 1}`, '#0072b2');
  }

  private scheme = '';

  /** Draws again when the colour scheme changed (the series' colours and the grid follow it). */
  private redraw = () => {
    const now = `${document.documentElement.getAttribute('theme')}|${getComputedStyle(document.documentElement).colorScheme}|${this.media?.matches}`;
    if (now === this.scheme) return;
    this.scheme = now;
    if (this.plot) this.draw();
  };

  /** Builds the uPlot instance (again: a new scale type or colour scheme needs one). */
  private draw() {
    const box = this.plotBox();
    if (!box) return;
    this.plot?.destroy();
    const axis = this.resolve('--federa-chart-axis', '#4d5866');
    const grid = this.resolve('--federa-chart-grid', '#e3e7eb');
    const opts: uPlot.Options = {
      width: this.width(),
      height: HEIGHT,
      scales: {
        x: { time: false },
        y: this.log ? { distr: 3 } : { auto: true },
      },
      axes: [
        { label: this.xLabel, stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
        {
          label: this.title,
          stroke: axis,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid },
          size: 64,
          values: (_u, vals) => vals.map((v) => format(v)),
        },
      ],
      series: [
        { label: this.xLabel, value: (_u, v) => (v == null ? '–' : String(v)) },
        ...this.series.map((s, i) => ({
          label: s.label,
          stroke: this.colour(i),
          width: 2,
          dash: DASHES[i % DASHES.length],
          spanGaps: true,
          points: { show: false },
          value: (_u: uPlot, v: number | null) => format(v),
        })),
      ],
      cursor: { drag: { x: true, y: false, setScale: false } },
      legend: { live: true },
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 3) return;
            const from = Math.floor(u.posToVal(u.select.left, 'x'));
            const to = Math.ceil(u.posToVal(u.select.left + u.select.width, 'x'));
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            this.zoomTo(from, to);
          },
        ],
      },
    };
    this.plot = new uPlot(opts, this.aligned(), box);
    this.setData(!this.zoomed);
  }

  /** Every series on one x axis (uPlot wants aligned arrays); a missing value is spanned. */
  private aligned(): uPlot.AlignedData {
    const source = this.zoomed ? this.detail : this.overview;
    const tables = this.series.map((s) => {
      const p = source.get(s.id) ?? { x: [], y: [] };
      return [p.x, p.y] as uPlot.AlignedData;
    });
    if (tables.length === 0) return [[]];
    if (tables.length === 1) return tables[0];
    return uPlot.join(tables);
  }

  private setData(resetScales: boolean) {
    const plot = this.plot;
    if (!plot) return;
    const data = this.aligned();
    plot.setData(data, resetScales);
    if (this.zoomed && !resetScales) plot.setScale('x', { min: this.zoomed[0], max: this.zoomed[1] });
    const xs = data[0] as number[];
    this.empty = xs.length === 0;
    let points = 0;
    for (let i = 1; i < data.length; i++) points += (data[i] as (number | null | undefined)[]).filter((v) => v != null).length;
    this.dataset.points = String(points);
    this.dataset.lastX = xs.length ? String(xs[xs.length - 1]) : '';
    this.dataset.series = String(this.series.length);
    this.dataset.zoom = this.zoomed ? `${this.zoomed[0]}-${this.zoomed[1]}` : '';
    this.dataset.scale = this.log ? 'log' : 'linear';
    this.dataset.drawn = String(Number(this.dataset.drawn ?? '0') + 1);
  }

  /** Shows the range at once with what is here, and asks the server for it at full resolution. */
  zoomTo(from: number, to: number) {
    if (!(to > from)) return;
    this.zoomed = [from, to];
    this.detail.clear();
    for (const [id, p] of this.overview) {
      const x: number[] = [];
      const y: (number | null)[] = [];
      for (let i = 0; i < p.x.length; i++) {
        if (p.x[i] >= from && p.x[i] <= to) {
          x.push(p.x[i]);
          y.push(p.y[i]);
        }
      }
      this.detail.set(id, { x, y });
    }
    this.setData(false);
    this.seq++;
    this.dispatchEvent(
      new CustomEvent('range-requested', { detail: { seq: this.seq, from, to, width: this.maxPoints() } }),
    );
  }

  private overviewRange(): [number, number] {
    let first = Infinity;
    let last = -Infinity;
    for (const p of this.overview.values()) {
      if (p.x.length) {
        first = Math.min(first, p.x[0]);
        last = Math.max(last, p.x[p.x.length - 1]);
      }
    }
    return [first, last];
  }

  private resetZoom = () => {
    if (!this.zoomed) return;
    this.zoomed = null;
    this.detail.clear();
    this.seq++;
    this.setData(true);
  };

  private toggleLog = (e: Event) => {
    this.log = (e.target as HTMLInputElement).checked;
    this.draw();
  };

  private onKey = (e: KeyboardEvent) => {
    const plot = this.plot;
    if (!plot) return;
    const min = plot.scales.x.min ?? 0;
    const max = plot.scales.x.max ?? 0;
    const span = max - min;
    if (e.key === '+' || e.key === '=') {
      this.zoomTo(Math.floor(min + span / 4), Math.ceil(max - span / 4));
    } else if (e.key === '-') {
      const lo = Math.floor(min - span / 2);
      const hi = Math.ceil(max + span / 2);
      const [first, last] = this.overviewRange();
      if (this.zoomed && lo <= first && hi >= last) this.resetZoom();
      else if (this.zoomed) this.zoomTo(lo, hi);
    } else if (e.key === '0') {
      this.resetZoom();
    } else {
      return;
    }
    e.preventDefault();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'federa-line-chart': FederaLineChart;
  }
}
