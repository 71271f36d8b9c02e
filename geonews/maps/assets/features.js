// geonews: the features of one layer, drawn from data.  Every word comes from the
// JSON value below and reaches the page through textContent, never as HTML.
(function () {
  var map = {{ this.map_name() }};
  var group = {{ this._parent.get_name() }};
  var data = {{ this.data }};
  var registry = window.geonewsTimelines = window.geonewsTimelines || {};
  var timeline = registry[map._leaflet_id] = registry[map._leaflet_id] || [];
  var shapes = (window.geonewsShapes || {})[map._leaflet_id] || [];

  function add(parent, tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    parent.appendChild(node);
    return node;
  }

  function quote(parent, sentence, surface) {
    // The sentence that put the place on the map, with the place's words marked.
    var q = add(parent, 'blockquote');
    var at = surface ? sentence.indexOf(surface) : -1;
    if (at < 0) { q.textContent = sentence; return; }
    q.appendChild(document.createTextNode(sentence.slice(0, at)));
    add(q, 'mark', surface);
    q.appendChild(document.createTextNode(sentence.slice(at + surface.length)));
  }

  function quotes(box, p) {
    // The sentences that put the place on the map (a few), and how many articles did.
    var all = p.quotes || (p.sentence ? [{sentence: p.sentence, surface: p.surface,
                                           meta: p.meta, article: p.article}] : []);
    if (!all.length && p.article) { add(box, 'small', p.article); }
    all.forEach(function (q) {
      if (q.sentence) { quote(box, q.sentence, q.surface); }
      if (q.meta) { add(box, 'div', q.meta, 'geonews-popup-meta'); }
      if (q.article) { add(box, 'small', q.article); }
    });
    if (p.articles > 1) {
      add(box, 'div', 'named in ' + p.articles + ' articles' +
          (p.date_index !== undefined && p.date_index !== null ? ' on this date' : '') +
          (p.articles > all.length && all.length ? ' (' + all.length + ' quoted)' : ''),
          'geonews-popup-count');
    }
  }

  function popup(p) {
    var box = document.createElement('div');
    box.className = 'geonews-popup';
    add(box, 'b', p.name);
    if (p.name_ar) {
      add(box, 'br');
      var ar = add(box, 'span', p.name_ar);
      ar.dir = 'rtl'; ar.lang = 'ar';
    }
    add(box, 'br');
    add(box, 'i', p.kind || '');
    box.appendChild(document.createTextNode(' \u2014 ' + (p.role_label || '')));
    quotes(box, p);
    return box;
  }

  function arrow(p) {
    // A dashed line from one place to another with a small head at its end (no plugin).
    var a = p.arrow, size = 0.004;
    var dx = a[3] - a[1], dy = a[2] - a[0], length = Math.sqrt(dx * dx + dy * dy) || 1;
    var ux = dx / length, uy = dy / length;
    var bx = a[3] - ux * size * 1.8, by = a[2] - uy * size * 1.8;
    var line = L.polyline([[a[0], a[1]], [a[2], a[3]]], {
      color: p.colour, weight: 2, dashArray: '6 6', opacity: 0.8});
    var head = L.polygon([[a[2], a[3]], [by + ux * size, bx - uy * size],
                          [by - ux * size, bx + uy * size]], {
      color: p.colour, weight: 1, fill: true, fillColor: p.colour, fillOpacity: 0.9,
      interactive: false});
    if (p.tooltip) {
      var tip = document.createElement('span');
      tip.textContent = p.tooltip;
      line.bindTooltip(tip, {sticky: true});
    }
    return [line, head];
  }

  function label(p) {
    var node = document.createElement('div');
    node.className = p.label_class || 'geonews-point-label';
    if (p.label_colour) { node.style.color = p.label_colour; }
    node.textContent = p.label;
    return L.marker(p.label_at, {
      icon: L.divIcon({html: node, className: 'geonews-label-icon',
                       iconSize: p.label_size || [160, 14],
                       iconAnchor: p.label_anchor || [-9, 7]}),
      interactive: false, keyboard: false});
  }

  var declutter = [];
  var defaults = data.defaults || {}, things = data.things || {};
  var rows = (data.rows || []).map(function (r) {
    return {properties: {shape: r[0], date_index: r[1] < 0 ? null : r[1], articles: r[2]}};
  });
  data.features.concat(rows).forEach(function (f) {
    var own = f.properties || {};
    var p = L.extend({}, defaults, things[own.shape] || {}, own);
    var made = [];
    var shape = null;
    var geometry = f.geometry || shapes[p.shape];
    if (p.arrow) { geometry = null; made = arrow(p); }
    if (geometry && geometry.type === 'Point' && p.marker !== false) {
      var c = geometry.coordinates;
      shape = L.circleMarker([c[1], c[0]], {
        radius: p.radius || 6, color: p.colour, weight: p.weight || 2, fill: true,
        fillColor: p.colour, fillOpacity: p.fill_opacity === undefined ? 0.7 : p.fill_opacity,
        interactive: p.interactive !== false});
    } else if (geometry && geometry.type !== 'Point') {
      var style = {color: p.colour, weight: p.weight || 2, opacity: p.opacity || 1,
                   fill: p.fill !== false, fillColor: p.fill_colour || p.colour,
                   fillOpacity: p.fill_opacity === undefined ? 0.25 : p.fill_opacity};
      if (p.dash) { style.dashArray = p.dash; }
      shape = L.geoJSON({type: 'Feature', geometry: geometry, properties: {}},
                        {style: function () { return style; },
                            interactive: p.interactive !== false});
      if (p.interactive !== false && p.fill !== false) {
        shape.on('mouseover', function () { shape.setStyle({weight: (style.weight || 2) + 2}); });
        shape.on('mouseout', function () { shape.setStyle({weight: style.weight}); });
      }
    }
    if (shape) {
      if (p.popup) { shape.bindPopup(function () { return popup(p); }, {maxWidth: 360}); }
      if (p.tooltip) {
        var tip = document.createElement('span');
        tip.textContent = p.tooltip;
        shape.bindTooltip(tip, {sticky: geometry.type !== 'Point'});
      }
      made.push(shape);
    }
    if (p.label) {
      var marker = label(p);
      made.push(marker);
      if (p.declutter) { declutter.push([p.declutter, marker]); }
    }
    made.forEach(function (layer) {
      group.addLayer(layer);
      if (p.date_index !== undefined && p.date_index !== null) {
        timeline.push([p.date_index, layer, group]);
      }
    });
  });

  // Labels that would overlap a more important one are hidden, anew at each zoom, so
  // that names stay readable at every scale.  One list per map, across its layers: the
  // labels of affected places and destinations first, then the basemap's towns.
  var labels = window.geonewsLabels = window.geonewsLabels || {};
  var mine = labels[map._leaflet_id];
  if (!mine) {
    mine = labels[map._leaflet_id] = [];
    var unclutter = function () {
      // Kept labels are filed in a grid of 100-pixel cells, so that each label is checked
      // against its neighbours only.
      var grid = {}, cell = 100;
      var cells = function (r) {
        var out = [];
        for (var x = Math.floor(r.left / cell); x <= Math.floor(r.right / cell); x++) {
          for (var y = Math.floor(r.top / cell); y <= Math.floor(r.bottom / cell); y++) {
            out.push(x + ',' + y);
          }
        }
        return out;
      };
      mine.slice().sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; })
        .forEach(function (entry) {
          var icon = entry[2].getElement && entry[2].getElement();
          if (!icon || !icon.firstChild) { return; }
          icon.style.visibility = '';
          var r = icon.firstChild.getBoundingClientRect();
          var near = cells(r);
          var clash = near.some(function (c) {
            return (grid[c] || []).some(function (k) {
              return !(r.right < k.left || r.left > k.right || r.bottom < k.top ||
                       r.top > k.bottom);
            });
          });
          if (clash) { icon.style.visibility = 'hidden'; return; }
          near.forEach(function (c) { (grid[c] = grid[c] || []).push(r); });
        });
    };
    // At most one pass waits at a time, however many moves or layers asked for one.
    var pending = false;
    var later = function () {
      if (pending) { return; }
      pending = true;
      setTimeout(function () { pending = false; unclutter(); }, 50);
    };
    map.on('zoomend moveend resize overlayadd', later);
    map.whenReady(later);
  }
  declutter.forEach(function (entry) { mine.push([entry[0], mine.length, entry[1]]); });
})();