// geonews: a slider and a play button that show the orders date by date.
(function () {
  var map = {{ this.map_name() }};
  var data = {{ this.data }};
  var dates = data.dates, cumulative = data.cumulative;
  var items = (window.geonewsTimelines || {})[map._leaflet_id] || [];
  var box = L.DomUtil.create('div', 'geonews-timeline leaflet-bar');
  var play = L.DomUtil.create('button', '', box);
  play.textContent = '\u25b6';
  play.title = 'Play the orders date by date';
  var slider = L.DomUtil.create('input', '', box);
  slider.type = 'range'; slider.min = 0; slider.max = dates.length - 1; slider.step = 1;
  var label = L.DomUtil.create('span', 'geonews-timeline-date', box);

  function show(k) {
    items.forEach(function (it) {
      var on = cumulative ? it[0] <= k : it[0] === k;
      if (on) { it[2].addLayer(it[1]); } else { it[2].removeLayer(it[1]); }
    });
    label.textContent = dates[k] + (cumulative ? ' (and before)' : '');
    slider.value = k;
  }

  L.DomEvent.disableClickPropagation(box);
  slider.addEventListener('input', function () { show(parseInt(slider.value, 10)); });
  var timer = null;
  function stop() { clearInterval(timer); timer = null; play.textContent = '\u25b6'; }
  play.addEventListener('click', function () {
    if (timer) { stop(); return; }
    play.textContent = '\u275a\u275a';
    var k = 0;
    show(k);
    timer = setInterval(function () {
      k += 1;
      if (k >= dates.length) { stop(); return; }
      show(k);
    }, 1500);
  });
  var control = L.control({position: 'bottomright'});
  control.onAdd = function () { return box; };
  control.addTo(map);
  // The page opens on every order; "#date=K" in the address opens date K.
  var wanted = /#date=(\d+)/.exec(window.location.hash);
  if (wanted && parseInt(wanted[1], 10) < dates.length) { show(parseInt(wanted[1], 10)); }
  else { slider.value = dates.length - 1; label.textContent = 'all dates'; }
})();
