// geonews serve: the analysts' page.  Every word from an article reaches the page as DOM
// text (textContent / text nodes), never as HTML: titles, sentences and names are hostile.
(function () {
  'use strict';

  var COLOURS = { affected: '#c0392b', destination: '#1e8449', exemption: '#2e86c1' };
  var ROLE_WORDS = { affected: 'ordered to leave', destination: 'told to go here',
                     exemption: 'exempted from the order' };
  var ROLE_CHOICES = [['affected', 'affected'], ['destination', 'destination'],
                      ['exemption', 'exempted'], ['none', 'mentioned, no role'],
                      ['not_place', 'not a place']];

  var state = { articles: [], selected: null, features: [], dates: [], layer: null };

  function $(id) { return document.getElementById(id); }

  // An element with attributes and children; strings become text nodes, never markup.
  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'class') { node.className = attrs[k]; }
      else if (k === 'text') { node.textContent = attrs[k]; }
      else { node.setAttribute(k, attrs[k]); }
    });
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) { continue; }
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return node;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function status(message, isError) {
    var s = $('status');
    s.textContent = message || '';
    s.className = isError ? 'error' : '';
  }

  function analyst() { return $('analyst').value.trim() || null; }

  // Every request is same-origin; those that change anything are JSON or carry the
  // X-Geonews-Request header (the server refuses other cross-site forms).
  function api(method, url, body, isForm) {
    var opts = { method: method, credentials: 'same-origin', headers: {} };
    if (body !== undefined) {
      if (isForm) { opts.body = body; opts.headers['X-Geonews-Request'] = '1'; }
      else { opts.body = JSON.stringify(body); opts.headers['Content-Type'] = 'application/json'; }
    }
    if (analyst()) { opts.headers['X-Geonews-Analyst'] = analyst(); }
    return fetch(url, opts).then(function (resp) {
      return resp.json().catch(function () { return {}; }).then(function (data) {
        if (!resp.ok) { throw new Error(data.error || ('HTTP ' + resp.status)); }
        return data;
      });
    });
  }

  // ---------------------------------------------------------------------------- filters
  function filterParams(extra) {
    var p = new URLSearchParams();
    if ($('since').value) { p.set('since', $('since').value); }
    if ($('until').value) { p.set('until', $('until').value); }
    var roles = Array.prototype.filter.call(
      $('roles').querySelectorAll('input'), function (i) { return i.checked; })
      .map(function (i) { return i.value; });
    if (roles.length && roles.length < 3) { p.set('role', roles.join(',')); }
    Object.keys(extra || {}).forEach(function (k) { p.set(k, extra[k]); });
    return p;
  }

  function updateExportLinks() {
    var q = filterParams().toString();
    Array.prototype.forEach.call(document.querySelectorAll('[data-export]'), function (a) {
      a.href = a.getAttribute('data-export') + (q ? '?' + q : '');
    });
  }

  // -------------------------------------------------------------------------------- map
  var map = L.map('map', { zoomControl: true, attributionControl: true, preferCanvas: false })
    .setView([31.42, 34.38], 10);
  L.control.scale().addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(
    'Places: © OpenStreetMap contributors (ODbL), GeoNames (CC BY 4.0); map: geonews');

  function roleOf(f) {
    var p = f.properties;
    if (p.kind === 'block') { return 'block'; }
    if (p.kind === 'zone') { return 'zone-' + p.role; }
    return p.role;
  }

  function styleOf(f) {
    var p = f.properties;
    var colour = p.kind === 'block' ? '#7d3c98' : (COLOURS[p.role] || '#7f8c8d');
    return { color: colour, weight: 2, fillOpacity: p.kind === 'block' ? 0.15 : 0.25,
             dashArray: p.kind === 'zone' ? '6 4' : null,
             className: 'geonews-zone geonews-' + p.role + (p.kind === 'block' ? ' geonews-block' : '') };
  }

  // The sentence, with the place's words marked, as DOM text.
  function quote(sentence, surface) {
    var q = el('blockquote');
    if (!sentence) { return q; }
    var at = surface ? sentence.indexOf(surface) : -1;
    if (at < 0) { q.appendChild(document.createTextNode(sentence)); return q; }
    q.appendChild(document.createTextNode(sentence.slice(0, at)));
    q.appendChild(el('mark', { text: surface }));
    q.appendChild(document.createTextNode(sentence.slice(at + surface.length)));
    return q;
  }

  function popupOf(f) {
    var p = f.properties;
    var role = p.kind === 'block' ? 'evacuation block' :
      (p.kind === 'zone' ? 'area named in the order (' + (ROLE_WORDS[p.role] || p.role) + ')'
        : (ROLE_WORDS[p.role] || p.role));
    return el('div', { class: 'geonews-popup' },
      el('div', { class: 'name', text: p.name || p.description || '' }),
      el('div', { class: 'role', text: role }),
      quote(p.sentence, p.surface || p.name),
      el('div', { class: 'meta', text: [p.title || p.article_id, p.date].filter(Boolean).join(' · ') }));
  }

  function drawZones() {
    if (state.layer) { map.removeLayer(state.layer); }
    var k = Number($('slider').value);
    var upTo = k > 0 ? state.dates[k - 1] : null;
    $('slider-label').textContent = upTo ? 'orders up to ' + upTo : 'all dates';
    var shown = state.features.filter(function (f) {
      return !upTo || !f.properties.date || f.properties.date <= upTo;
    });
    state.layer = L.geoJSON({ type: 'FeatureCollection', features: shown }, {
      style: styleOf,
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, Object.assign(styleOf(f), { radius: 7, fillOpacity: 0.6 }));
      },
      onEachFeature: function (f, layer) {
        layer.bindPopup(function () { return popupOf(f); });
        layer.bindTooltip(el('span', { text: f.properties.name || f.properties.description || '' }));
        layer.on('click', function () { if (f.properties.article_id) { select(f.properties.article_id, false); } });
      }
    }).addTo(map);
    map.getContainer().setAttribute('data-zones', String(shown.length));
    map.getContainer().setAttribute('data-article', state.selected || '');
  }

  function loadZones(fit) {
    var params = filterParams(state.selected ? { article: state.selected } : {});
    return api('GET', '/zones?' + params.toString()).then(function (fc) {
      state.features = fc.features || [];
      var dates = {};
      state.features.forEach(function (f) { if (f.properties.date) { dates[f.properties.date] = 1; } });
      state.dates = Object.keys(dates).sort();
      var slider = $('slider');
      slider.max = String(state.dates.length);
      if (Number(slider.value) > state.dates.length) { slider.value = '0'; }
      drawZones();
      if (fit && state.layer && state.layer.getLayers().length) {
        map.fitBounds(state.layer.getBounds().pad(0.15));
      }
    }).catch(function (e) { status(e.message, true); });
  }

  // ------------------------------------------------------------------------ collection
  function loadArticles() {
    var p = new URLSearchParams();
    if ($('since').value) { p.set('since', $('since').value); }
    if ($('until').value) { p.set('until', $('until').value); }
    return api('GET', '/articles?' + p.toString()).then(function (data) {
      state.articles = data.articles;
      $('count').textContent = '(' + data.total + ')';
      var list = $('articles');
      clear(list);
      data.articles.forEach(function (a) {
        var li = el('li', { 'data-id': a.id, class: a.id === state.selected ? 'selected' : '' },
          el('span', { class: 'date', text: a.date || 'no date' }),
          el('span', { class: 'title', text: a.title || a.id }),
          a.corrected ? el('span', { class: 'corrected', text: '✎ corrected' }) : null);
        li.addEventListener('click', function () { select(a.id, true); });
        list.appendChild(li);
      });
    }).catch(function (e) { status(e.message, true); });
  }

  function refresh(fit) {
    updateExportLinks();
    return Promise.all([loadArticles(), loadZones(fit)]);
  }

  // -------------------------------------------------------------------- one article
  function select(id, fit) {
    state.selected = id;
    history.replaceState(null, '', '#article=' + encodeURIComponent(id));
    return api('GET', '/articles/' + encodeURIComponent(id)).then(function (view) {
      showDetail(view);
      return refresh(fit);
    }).catch(function (e) { status(e.message, true); });
  }

  function correct(body) {
    body.who = analyst();
    return api('POST', '/articles/' + encodeURIComponent(state.selected) + '/corrections', body)
      .then(function (view) {
        showDetail(view);
        status('Correction saved.');
        return refresh(false);
      }).catch(function (e) { status(e.message, true); });
  }

  function roleSelect(place) {
    var current = place.roles.length ? place.roles[0] : 'none';
    var s = el('select', { class: 'role-select', 'aria-label': 'role of ' + (place.text || place.name || '') });
    ROLE_CHOICES.forEach(function (r) {
      var o = el('option', { value: r[0], text: r[1] });
      if (r[0] === current) { o.selected = true; }
      s.appendChild(o);
    });
    s.addEventListener('change', function () {
      correct({ kind: 'role', target: place.ref, value: { role: s.value } });
    });
    return s;
  }

  function candidatesButton(place, cell) {
    var b = el('button', { type: 'button', class: 'candidates', text: 'other place…' });
    b.addEventListener('click', function () {
      api('GET', '/geocode?alternatives=8&q=' + encodeURIComponent(place.text || place.name))
        .then(function (rec) {
          var s = el('select', { class: 'candidate-select' },
            el('option', { value: '', text: 'choose the right place' }));
          var seen = {};
          [rec].concat(rec.alternatives || []).forEach(function (c) {
            if (!c.place_id || seen[c.place_id]) { return; }
            seen[c.place_id] = 1;
            s.appendChild(el('option', { value: c.place_id,
              text: c.name + ' (' + [c.kind, c.country].filter(Boolean).join(', ') + ')' +
                    (c.place_id === place.place_id ? ' — current' : '') }));
          });
          s.addEventListener('change', function () {
            if (s.value) { correct({ kind: 'place', target: place.ref, value: { place_id: s.value } }); }
          });
          clear(cell);
          cell.appendChild(s);
        }).catch(function (e) { status(e.message, true); });
    });
    return b;
  }

  function showDetail(view) {
    $('detail').hidden = false;
    map.invalidateSize();  // the panel took width from the map
    var a = view.article;
    $('detail-title').textContent = a.title || a.id;
    $('detail-meta').textContent = [a.date, a.url, 'added ' + (a.added_at || '') +
      (a.added_by ? ' by ' + a.added_by : '')].filter(Boolean).join(' · ');
    var body = $('places').querySelector('tbody');
    clear(body);
    view.places.forEach(function (p) {
      var action = el('td');
      action.appendChild(candidatesButton(p, action));
      var row = el('tr', { 'data-ref': p.ref, 'data-text': p.text || '' },
        el('td', { text: p.text || '' }),
        el('td', { text: (p.name || '—') + (p.kind ? ' (' + p.kind + ')' : '') }),
        el('td', {}, roleSelect(p)), action);
      body.appendChild(row);
    });
    var cl = $('corrections');
    clear(cl);
    view.corrections.forEach(function (c) {
      var what = c.kind === 'role' ? 'role of ' + c.target + ' → ' + c.value.role :
        c.kind === 'place' ? 'place of ' + c.target + ' → ' + ((c.value.place || {}).name || c.value.place_id) :
          'added ' + c.value.name + ' as ' + c.value.role;
      cl.appendChild(el('li', { text: what + ' — ' + (c.who || 'anonymous') + ', ' + c.at }));
    });
    var dl = $('directives');
    clear(dl);
    view.corrected.directives.forEach(function (d) {
      var names = function (xs) { return xs.map(function (x) { return x.name; }).join(', ') || '—'; };
      dl.appendChild(el('li', {},
        el('div', { text: [d.date, d.issuer, d.trigger].filter(Boolean).join(' · ') }),
        quote(d.sentence, null),
        el('div', { text: 'leave: ' + names(d.affected) + (d.blocks.length ? '; blocks ' + d.blocks.join(', ') : '') }),
        el('div', { text: 'go to: ' + names(d.destinations) })));
    });
  }

  $('close-detail').addEventListener('click', function () {
    $('detail').hidden = true;
    map.invalidateSize();
    state.selected = null;
    history.replaceState(null, '', '#');
    refresh(true);
  });

  $('add-place').addEventListener('submit', function (ev) {
    ev.preventDefault();
    correct({ kind: 'add', value: { name: $('add-place-name').value, role: $('add-place-role').value } })
      .then(function () { $('add-place-name').value = ''; });
  });

  // ---------------------------------------------------------------------- adding articles
  function added(result) {
    var results = Array.isArray(result) ? result : [result];
    var n = results.filter(function (r) { return r.created; }).length;
    var dirs = results.reduce(function (s, r) { return s + r.extraction.directives.length; }, 0);
    status((n ? n + ' article(s) added' : 'already in the collection') + ', ' + dirs + ' directive(s) found.');
    return select(results[results.length - 1].article.id, true);
  }

  $('add-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = $('article-text').value;
    if (!text.trim()) { status('Paste an article first.', true); return; }
    status('Reading the article…');
    var body = { text: text, who: analyst() };
    if ($('article-title').value) { body.title = $('article-title').value; }
    if ($('article-date').value) { body.date = $('article-date').value; }
    api('POST', '/articles', body).then(function (r) {
      $('article-text').value = '';
      return added(r);
    }).catch(function (e) { status(e.message, true); });
  });

  function upload(files) {
    var chain = Promise.resolve();
    Array.prototype.forEach.call(files, function (file) {
      chain = chain.then(function () {
        status('Reading ' + file.name + '…');
        var form = new FormData();
        form.append('file', file, file.name);
        if (analyst()) { form.append('who', analyst()); }
        return api('POST', '/articles', form, true).then(added);
      });
    });
    return chain.catch(function (e) { status(e.message, true); });
  }

  var drop = $('drop');
  ['dragenter', 'dragover'].forEach(function (t) {
    drop.addEventListener(t, function (ev) { ev.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (t) {
    drop.addEventListener(t, function (ev) { ev.preventDefault(); drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (ev) { upload(ev.dataTransfer.files); });
  drop.addEventListener('click', function () { $('file-input').click(); });
  $('file-input').addEventListener('change', function () { upload($('file-input').files); });

  // ------------------------------------------------------------------------- wiring
  ['since', 'until'].forEach(function (id) { $(id).addEventListener('change', function () { refresh(true); }); });
  $('roles').addEventListener('change', function () { refresh(false); });
  $('slider').addEventListener('input', drawZones);
  $('analyst').value = localStorage.getItem('geonews-analyst') || '';
  $('analyst').addEventListener('change', function () { localStorage.setItem('geonews-analyst', $('analyst').value); });

  var m = /^#article=(.+)$/.exec(location.hash);
  if (m) { select(decodeURIComponent(m[1]), true); } else { refresh(true); }
  window.geonewsReady = true;
})();
