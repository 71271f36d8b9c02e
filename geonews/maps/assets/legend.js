// geonews: the legend, a Leaflet control (so that it stacks with the scale bar).
(function () {
  var map = {{ this.map_name() }};
  var data = {{ this.data }};
  var control = L.control({position: 'bottomleft'});
  control.onAdd = function () {
    var box = L.DomUtil.create('div', 'geonews-legend');
    var title = L.DomUtil.create('b', 'geonews-legend-title', box);
    title.textContent = data.title;
    data.rows.forEach(function (row) {
      var line = L.DomUtil.create('div', 'geonews-legend-row', box);
      var key = L.DomUtil.create('span', row.line ? 'geonews-key-line' : 'geonews-key', line);
      if (row.line) { key.style.color = row.colour; key.textContent = '- - \u25b6'; }
      else if (row.dashed) { key.style.border = '2px dashed ' + row.colour; key.style.background = 'none'; }
      else { key.style.background = row.colour; }
      line.appendChild(document.createTextNode(row.label));
    });
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  control.addTo(map);
})();
