// geonews: the page's own styles (fixed text; the background comes as a value).
(function () {
  var data = {{ this.data }};
  var css = [
    '.geonews-label-icon{background:none;border:none}',
    '.geonews-block-label{font:bold 10px sans-serif;color:#4a235a;text-align:center;',
    'text-shadow:0 0 2px #fff}',
    '.geonews-point-label{font:bold 11px sans-serif;white-space:nowrap;text-shadow:0 0 3px #fff}',
    '.geonews-place-label{display:inline-block;font:11px sans-serif;color:#333;white-space:nowrap;',
    'text-shadow:0 0 3px #fff}',
    '.geonews-legend{background:#fff;padding:8px 10px;border:1px solid #999;border-radius:4px;',
    'font:12px/1.4 sans-serif;max-width:280px}',
    '.geonews-legend-title{display:block;margin-bottom:2px}',
    '.geonews-key{display:inline-block;width:12px;height:12px;opacity:.7;margin-right:6px;',
    'border:1px solid #333;vertical-align:middle}',
    '.geonews-key-line{margin-right:6px}',
    '.geonews-notice{background:#fff3cd;border:1px solid #c9a227;padding:8px 12px;',
    'font:13px sans-serif;max-width:420px}',
    '.geonews-timeline{background:#fff;padding:6px 8px;font:12px sans-serif}',
    '.geonews-timeline input{vertical-align:middle}',
    '.geonews-timeline-date{margin-left:6px}',
    '.geonews-popup blockquote{margin:6px 0;padding-left:8px;border-left:3px solid #ccc}',
    '.leaflet-control-attribution{max-width:70vw;white-space:normal;text-align:right}'
  ].join('');
  if (data.background) { css += '.leaflet-container{background:' + data.background + '}'; }
  var node = document.createElement('style');
  node.textContent = css;
  document.head.appendChild(node);
})();
