// One chart that stays on the page across reruns: a changed figure is drawn into the same chart with
// Plotly.react. (st.plotly_chart mounts a new chart whenever the figure changes and draws it from scratch.)

// Narrower than this (a phone held upright), a chart has no tool bar.
const NARROW_PX = 640;

// One load per page, shared by the chart and the loader (the same script under two component names).
function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  window.itaPlotlyLoading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    // Relative to the page, so a server under a base path (server.baseUrlPath) serves it too.
    script.src = new URL("app/static/plotly.min.js", document.baseURI).href;
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => { window.itaPlotlyLoading = undefined; reject(new Error(script.src)); };
    document.head.appendChild(script);
  });
  return window.itaPlotlyLoading;
}

// What a click on a point sends to Python: plotly's event points hold the whole figure (and cycles).
function clicked(point) {
  const { curveNumber, pointNumber, pointIndex, x, y, customdata } = point;
  return { curve_number: curveNumber, point_number: pointNumber, point_index: pointIndex, x, y, customdata };
}

export default function ({ data, parentElement, setTriggerValue }) {
  if (data.preload) {  // the loader: plotly.js now, so that the next chart draws without waiting for it
    loadPlotly().catch(() => {});
    return undefined;
  }
  let chart = parentElement.querySelector(".ita-chart");
  if (!chart) {
    chart = document.createElement("div");
    chart.className = "ita-chart";
    chart.setAttribute("role", "figure");
    parentElement.appendChild(chart);
    // The column may change width without the window resizing (the sidebar opening): follow it.
    chart.resizer = new ResizeObserver(() => { if (chart.drawn) window.Plotly.Plots.resize(chart); });
    chart.resizer.observe(chart);
  }
  chart.setAttribute("aria-label", data.alt);
  chart.selectable = data.selectable;
  chart.send = setTriggerValue;
  if (chart.drawn !== data.figure) {
    const figure = JSON.parse(data.figure);
    // Hold the chart's height before plotly.js has loaded, so the page does not jump when it draws; a chart that
    // fills its element takes the height the page's CSS gives it, and plotly sizes the figure to it.
    chart.style.minHeight = data.fill ? "" : `${figure.layout.height || 450}px`;
    chart.style.height = data.fill ? "100%" : "";
    const drawing = data.figure;
    // On a phone plotly shows its tool bar always (no hover), over the chart's title: the same tools (data, PNG,
    // SVG) are under every chart, and a narrow screen pans and zooms by touch.
    const narrow = window.matchMedia(`(max-width: ${NARROW_PX}px)`).matches;
    const config = narrow ? { ...data.config, displayModeBar: false } : data.config;
    // A heatmap's cells on a phone are too small for their numbers (plotly shrinks them past reading): colour
    // alone there, the value on a tap.
    if (narrow) figure.data.forEach(trace => { if (trace.type === "heatmap") trace.texttemplate = ""; });
    loadPlotly().then(Plotly => Plotly.react(chart, figure.data, figure.layout, config).then(() => {
      chart.drawn = drawing;
      if (!chart.listening) {
        chart.listening = true;
        chart.on("plotly_click", event => {
          if (chart.selectable) chart.send("selection", event.points.map(clicked));
        });
      }
    }), error => {
      chart.textContent = `plotly.js did not load from ${error.message}: \`make run\` copies it to static/`;
    });
  }
  return () => {
    chart.resizer.disconnect();
    window.Plotly?.purge(chart);
  };
}
