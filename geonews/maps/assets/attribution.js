// geonews: the sources of what is drawn.  Leaflet's attribution control takes HTML,
// so the text is escaped here first.
(function () {
  var map = {{ this.map_name() }};
  var data = {{ this.data }};
  var escaped = String(data.text).replace(/&/g, '&amp;').replace(/</g, '&lt;')
    .replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  if (!map.attributionControl) { L.control.attribution({prefix: false}).addTo(map); }
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(escaped);
})();
