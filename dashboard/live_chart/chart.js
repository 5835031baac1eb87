// One chart that stays on the page across reruns: a changed figure is drawn into the same chart with
// Plotly.react. (st.plotly_chart mounts a new chart whenever the figure changes and draws it from scratch.)
let loading;

function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    // Relative to the page, so a server under a base path (server.baseUrlPath) serves it too.
    script.src = new URL("app/static/plotly.min.js", document.baseURI).href;
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => { loading = undefined; reject(new Error(script.src)); };
    document.head.appendChild(script);
  });
  return loading;
}

// What a click on a point sends to Python: plotly's event points hold the whole figure (and cycles).
function clicked(point) {
  const { curveNumber, pointNumber, pointIndex, x, y, customdata } = point;
  return { curve_number: curveNumber, point_number: pointNumber, point_index: pointIndex, x, y, customdata };
}

export default function ({ data, parentElement, setTriggerValue }) {
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
    // Hold the chart's height before plotly.js has loaded, so the page does not jump when it draws.
    chart.style.minHeight = `${figure.layout.height || 450}px`;
    const drawing = data.figure;
    loadPlotly().then(Plotly => Plotly.react(chart, figure.data, figure.layout, data.config).then(() => {
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
