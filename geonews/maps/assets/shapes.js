// geonews: the map's shapes, each once; features refer to them by key.
(function () {
  var map = {{ this.map_name() }};
  var registry = window.geonewsShapes = window.geonewsShapes || {};
  registry[map._leaflet_id] = {{ this.data }};
})();
