// geonews: a message over the map.
(function () {
  var map = {{ this.map_name() }};
  var data = {{ this.data }};
  var control = L.control({position: 'topright'});
  control.onAdd = function () {
    var box = L.DomUtil.create('div', 'geonews-notice');
    box.textContent = data.message;
    return box;
  };
  control.addTo(map);
})();
