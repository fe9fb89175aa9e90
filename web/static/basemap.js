/* geomap's own basemap: land, sea, borders and place labels drawn on canvas tiles from
 * /maps/basemap/{z}/{x}/{y}.json (compact JSON in the tile's pixels, served by geomap), in
 * the page's light or dark colours (the --geomap-basemap-* variables of geomap.css). No
 * request leaves the server. */
(function () {
  "use strict";

  /* How each class of label is drawn (web/maps/labels.py STYLES, the server's estimate of
     the same boxes keeps labels apart). */
  var STYLES = {
    0: {size: 11, centred: true, caps: true, muted: true},
    1: {size: 13, bold: true},
    2: {size: 12},
    3: {size: 11},
    4: {size: 11, centred: true, italic: true, muted: true},
    5: {size: 10, centred: true, italic: true, muted: true}
  };
  var NAMES = ["sea", "land", "coast", "border", "admin", "district", "label", "muted",
               "halo"];

  function palette() {
    var css = window.getComputedStyle(document.documentElement);
    var out = {};
    NAMES.forEach(function (n) {
      out[n] = css.getPropertyValue("--geomap-basemap-" + n).trim() || "#888";
    });
    return out;
  }

  function path(ctx, flat) {
    ctx.moveTo(flat[0], flat[1]);
    for (var i = 2; i < flat.length; i += 2) ctx.lineTo(flat[i], flat[i + 1]);
  }

  function strokeLines(ctx, lines, colour, width) {
    if (!lines || !lines.length) return;
    ctx.beginPath();
    lines.forEach(function (line) { path(ctx, line); });
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.stroke();
  }

  function drawLabel(ctx, label, c) {
    var style = STYLES[label[3]] || STYLES[3];
    var text = style.caps ? String(label[2]).toUpperCase() : String(label[2]);
    var x = label[0], y = label[1];
    ctx.font = (style.italic ? "italic " : "") + (style.bold ? "600 " : "") + style.size +
      "px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
    if ("letterSpacing" in ctx) ctx.letterSpacing = style.caps ? "1px" : "0px";
    ctx.textBaseline = "middle";
    ctx.textAlign = style.centred ? "center" : "left";
    if (!style.centred) {
      ctx.beginPath();
      ctx.arc(x, y, style.bold ? 3 : 2.2, 0, 2 * Math.PI);
      ctx.fillStyle = c.label;
      ctx.fill();
      x += 6;
    }
    ctx.lineWidth = 3;
    ctx.lineJoin = "round";
    ctx.strokeStyle = c.halo;
    ctx.strokeText(text, x, y);
    ctx.fillStyle = style.muted ? c.muted : c.label;
    ctx.fillText(text, x, y);
  }

  /* One tile's drawing: sea, land with its coast, first-level and district borders,
     country borders, labels. */
  function draw(canvas, data, c) {
    var ctx = canvas.getContext("2d");
    var scale = canvas.width / (data && data.size || 512);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = c.sea;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (!data) return;
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    ctx.lineJoin = "round";
    ctx.beginPath();
    data.land.forEach(function (polygon) {
      polygon.forEach(function (ring) { path(ctx, ring); ctx.closePath(); });
    });
    ctx.fillStyle = c.land;
    ctx.fill("evenodd");
    ctx.strokeStyle = c.coast;
    ctx.lineWidth = 0.8;
    ctx.stroke();
    strokeLines(ctx, data.districts, c.district, 0.7);
    strokeLines(ctx, data.admin, c.admin, 0.9);
    strokeLines(ctx, data.borders, c.border, 1.2);
    data.labels.forEach(function (label) { drawLabel(ctx, label, c); });
  }

  var Basemap = L.GridLayer.extend({
    options: {tileSize: 512, maxZoom: 19, className: "geomap-basemap"},

    initialize: function (url, options) {
      this._url = url;
      L.GridLayer.prototype.initialize.call(this, options);
    },

    onAdd: function (map) {
      L.GridLayer.prototype.onAdd.call(this, map);
      var self = this;
      this._scheme = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)")
        : null;
      this._repaint = function () { self.repaint(); };
      if (this._scheme && this._scheme.addEventListener) {
        this._scheme.addEventListener("change", this._repaint);
      }
    },

    onRemove: function (map) {
      if (this._scheme && this._scheme.removeEventListener) {
        this._scheme.removeEventListener("change", this._repaint);
      }
      L.GridLayer.prototype.onRemove.call(this, map);
    },

    createTile: function (coords, done) {
      var canvas = document.createElement("canvas");
      var size = this.getTileSize();
      var ratio = Math.min(2, window.devicePixelRatio || 1);
      canvas.width = size.x * ratio;
      canvas.height = size.y * ratio;
      var url = L.Util.template(this._url, coords);
      fetch(url, {credentials: "same-origin"})
        .then(function (r) {
          if (!r.ok) throw new Error("basemap " + coords.z + "/" + coords.x + "/" +
                                     coords.y + ": HTTP " + r.status);
          return r.json();
        })
        .then(function (data) {
          canvas.geomapData = data;
          draw(canvas, data, palette());
          done(null, canvas);
        })
        .catch(function (err) {
          draw(canvas, null, palette());
          done(err, canvas);
        });
      return canvas;
    },

    /* Draw every tile again (the colour scheme changed). */
    repaint: function () {
      var c = palette();
      Object.keys(this._tiles).forEach(function (key) {
        var el = this._tiles[key].el;
        if (el.geomapData) draw(el, el.geomapData, c);
      }, this);
    }
  });

  L.GeomapBasemap = Basemap;
  L.geomapBasemap = function (url, options) { return new Basemap(url, options); };
  window.geomapBasemapPalette = palette;
})();
