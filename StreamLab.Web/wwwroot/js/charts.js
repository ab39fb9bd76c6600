// Thin bridge from the Chart component to plotly.js. Plotly (4.8 MB) is loaded on first use only,
// so pages without charts never pay for it. Specs arrive already reduced by the server.
let plotlyLoading = null;

function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!plotlyLoading) {
    plotlyLoading = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = 'lib/plotly/plotly.min.js';
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => reject(new Error('plotly.js not found: run scripts/setup.sh (wwwroot-assets/copy.sh)'));
      document.head.appendChild(script);
    });
  }
  return plotlyLoading;
}

function toFigure(spec) {
  const data = [];
  for (const t of spec.traces) {
    if (t.min && t.max) {
      // min-max band behind the mean line
      data.push({ x: t.x, y: t.max, mode: 'lines', line: { width: 0 }, hoverinfo: 'skip', showlegend: false, type: 'scattergl' });
      data.push({ x: t.x, y: t.min, mode: 'lines', line: { width: 0 }, fill: 'tonexty', fillcolor: 'rgba(2,136,209,0.15)',
        hoverinfo: 'skip', showlegend: false, type: 'scattergl' });
    }
    const trace = { name: t.name, x: t.x, y: t.y, mode: t.mode, type: t.x.length > 2000 ? 'scattergl' : 'scatter' };
    if (t.secondaryY && spec.y2Title) trace.yaxis = 'y2';
    if (t.color) { trace.marker = { color: t.color, symbol: 'x', size: 9 }; trace.line = { color: t.color }; }
    if (t.error) trace.error_y = { type: 'data', array: t.error.map(v => v ?? 0), visible: true };
    if (t.links) { trace.customdata = t.links; if (!t.error) trace.hovertemplate = '%{x}: %{y}<br>%{customdata}<extra></extra>'; }
    data.push(trace);
  }
  if (spec.heatmap) {
    // A server-binned 2-D histogram: z[y][x] counts, empty bins left blank.
    data.push({ type: 'heatmap', x: spec.heatmap.x, y: spec.heatmap.y, z: spec.heatmap.z, colorscale: 'Viridis',
      colorbar: { title: { text: spec.heatmap.zTitle } }, hovertemplate: 'x %{x}<br>y %{y}<br>%{z}<extra></extra>' });
  }
  const shapes = [];
  const annotations = [];
  for (const w of spec.windows || []) {
    shapes.push({ type: 'rect', xref: 'x', yref: 'paper', x0: w.from, x1: w.to, y0: 0, y1: 1, fillcolor: w.color, line: { width: 0 }, layer: 'below' });
    annotations.push({ x: w.from, y: 1, xref: 'x', yref: 'paper', text: w.label, showarrow: false, xanchor: 'left', yanchor: 'bottom', font: { size: 10 } });
  }
  for (const m of spec.markers || []) {
    shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: m.at, x1: m.at, y0: 0, y1: 1, line: { color: '#8d6e63', width: 1, dash: 'dot' } });
  }
  const layout = {
    title: { text: spec.title, font: { size: 14 } },
    // The same margins on every chart (room for a second axis even when absent), so charts of one record line up.
    margin: { l: 60, r: 70, t: 40, b: 45 },
    xaxis: { title: { text: spec.xTitle }, type: spec.categoricalX ? 'category' : 'linear' },
    yaxis: { title: { text: spec.yTitle }, rangemode: spec.heatmap || spec.fitY ? 'normal' : 'tozero', exponentformat: 'none', separatethousands: true },
    shapes, annotations, legend: { orientation: 'h', y: -0.25 }, hovermode: 'closest',
  };
  // Every chart of a record spans the same seconds, so events line up from one chart to the next.
  if (spec.xRange) { layout.xaxis.range = spec.xRange; layout.xaxis.autorange = false; }
  // Small multiples share one y scale, so panels compare at a glance.
  if (spec.yRange) { layout.yaxis.range = spec.yRange; layout.yaxis.autorange = false; }
  // Traces at the same category sit side by side, so each error bar is seen to belong to its own point.
  if (spec.categoricalX && spec.traces.length > 1) layout.scattermode = 'group';
  // plotly fails on a present-but-undefined axis key, so the second axis is added only when used. Its ticks are its own
  // (plotly 3 syncs an overlaying axis to the first one's grid: SSIM ticks came out as 0.995803, 0.996178, …).
  if (spec.y2Title) layout.yaxis2 = { title: { text: spec.y2Title }, overlaying: 'y', side: 'right', rangemode: spec.fitY ? 'normal' : 'tozero', showgrid: false,
    tickmode: 'auto', exponentformat: 'none', separatethousands: true };
  return { data, layout };
}

export async function render(element, spec, dotnet) {
  const Plotly = await loadPlotly();
  const { data, layout } = toFigure(spec);
  await Plotly.react(element, data, layout, { responsive: true, displaylogo: false });
  element.dataset.rendered = 'true';
  if (dotnet && !element.dataset.clickBound) {
    element.dataset.clickBound = 'true';
    element.on('plotly_click', ev => {
      const link = ev.points && ev.points[0] && ev.points[0].customdata;
      if (link) dotnet.invokeMethodAsync('OnPointClicked', String(link));
    });
  }
}

export async function update(element, spec, dotnet) {
  return render(element, spec, dotnet);
}

export function dispose(element) {
  if (window.Plotly && element) window.Plotly.purge(element);
}
