/* geomap's map client. Live maps ask the server for the clusters of what is in view, a data
 * tile at a time (the store counts them per cell: nothing is downloaded for events out of
 * view, and a million events cost what their clusters do); a story map's few thousand
 * frozen events come as compact rows, clustered here with supercluster. Zones are fetched
 * per date; popups are built from text nodes (report text never becomes markup). No
 * third-party script beyond the vendored packages. */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeUrl(url) {
    try {
      var parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (k) {
      var v = params[k];
      if (v !== undefined && v !== null && v !== "") {
        parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(v));
      }
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  /* One event's popup: every field goes in through textContent. */
  function popupNode(e, styles) {
    var box = el("div", "geomap-popup");
    var style = styles[e.sub_event_type] || {};
    var head = el("div", "geomap-popup-type");
    head.appendChild(el("span", "geomap-glyph geomap-glyph-" + (style.glyph || "other")));
    head.appendChild(el("strong", null, e.sub_event_type));
    box.appendChild(head);
    var when = e.event_date + (e.date_end ? " – " + e.date_end : "");
    if (e.tally) when += " (cumulative toll)";
    box.appendChild(el("div", "geomap-popup-date", when));
    var rows = [
      ["Actors", [e.actor1, e.actor2].filter(Boolean).join(" vs ")],
      ["Fatalities", e.fatalities === null || e.fatalities === undefined ? null :
        ((e.lower_bounds || []).indexOf("fatalities") >= 0 ? "more than " : "") + e.fatalities],
      ["Counts", Object.keys(e.counts || {}).map(function (k) {
        return k.replace("_", " ") + ": " + e.counts[k];
      }).join(", ")],
      ["Location", e.location ? e.location + " (precision " + e.geo_precision + ")" : null],
      ["Source", e.source],
      ["Status", e.status]
    ];
    var dl = el("dl");
    rows.forEach(function (r) {
      if (!r[1]) return;
      dl.appendChild(el("dt", null, r[0]));
      dl.appendChild(el("dd", null, r[1]));
    });
    box.appendChild(dl);
    if (e.quote) box.appendChild(el("blockquote", "geomap-quote", e.quote));
    var report = e.report || {};
    var label = report.source_name || report.title;
    var url = report.url ? safeUrl(report.url) : null;
    if (url) {
      var a = el("a", null, label || "Source report");
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer nofollow";
      box.appendChild(a);
    } else if (label) {
      box.appendChild(el("div", "geomap-muted", label));
    }
    return box;
  }

  var MAX_ZOOM = 19;
  /* Data tiles are this many zooms coarser than the map, and cells this many finer
   * (geomap.query.TILE_ZOOMS and CELL_ZOOMS). */
  var TILE_ZOOMS = 2;
  var TILES_KEPT = 256;

  function clamp(v, lo, hi) { return Math.max(lo, Math.min(hi, v)); }

  function abbreviated(n) {
    return n >= 10000 ? Math.round(n / 1000) + "k" : n >= 1000 ?
      (Math.round(n / 100) / 10) + "k" : String(n);
  }

  function GeomapLayer(map, opts) {
    this.map = map;
    this.opts = opts;
    this.styles = opts.styles || {};
    this.points = L.layerGroup();
    this.tallies = L.layerGroup();
    this.factions = opts.factions || {};
    var factions = this.factions;
    this.zones = L.geoJSON(opts.zones || null, {
      renderer: L.svg(),  // a few polygons: SVG paths, each one in the DOM
      style: function (f) {
        var faction = factions[f.properties.faction] || {};
        return {color: faction.colour || "#666", fillColor: faction.colour || "#666",
                weight: 1.5, fillOpacity: 0.28,
                className: "geomap-zone geomap-zone-" + f.properties.faction};
      },
      onEachFeature: function (f, layer) {
        var faction = factions[f.properties.faction] || {name: f.properties.faction};
        var tip = el("div", "geomap-zone-tip");
        tip.appendChild(el("strong", null, faction.name));
        tip.appendChild(el("div", null, "from " + f.properties.valid_from +
                           (f.properties.valid_to ? " to " + f.properties.valid_to : "")));
        if (f.properties.source) tip.appendChild(el("div", "geomap-muted", f.properties.source));
        layer.bindTooltip(tip, {sticky: true});
      }
    });
    // which layers show at first (a story map keeps the editor's choice)
    this.shown = opts.layers || ["zones", "events", "tallies"];
    if (this.shown.indexOf("zones") >= 0) this.zones.addTo(map);
    this.heat = null;
    this.index = null;
    this.rows = [];
    this.ready = false;
    this.params = opts.params || {};
    this.tiles = {};     // data tile URL → its clusters and rows (this selection)
    this.tileOrder = [];
    this.view = 0;       // the latest view asked for; answers for older ones are dropped
    if (this.shown.indexOf("events") >= 0) this.points.addTo(map);
    if (this.shown.indexOf("tallies") >= 0) this.tallies.addTo(map);
    var self = this;
    map.on("moveend", function () {
      if (self.opts.clustersUrl) {
        self.refresh();  // draws, then updates the legend
      } else {
        self.draw();
        self.updateLegend();
      }
    });
    this.tallies.on("add", function () { self.spreadTallies(); });
    if (opts.layerControl !== false) {
      this.control = L.control.layers(opts.baseLayers || {}, {
        "Control zones": this.zones, "Events": this.points, "Cumulative tolls": this.tallies
      }, {collapsed: !!opts.collapsed}).addTo(map);
    }
  }

  /* Load (or, with new filters, reload) the events: the clusters in view, or all rows. */
  GeomapLayer.prototype.load = function (params) {
    var self = this;
    if (!self.opts.clustersUrl) return self.loadRows(params);
    if (params) self.params = params;
    self.tiles = {};
    self.tileOrder = [];
    self.ready = false;
    // after the page's own script, which may still move the map to its bounds
    return new Promise(function (done) { setTimeout(done, 0); })
      .then(function () { return self.refresh(); });
  };

  /* The data tiles covering the view, as URLs. */
  GeomapLayer.prototype.tileUrls = function () {
    var map = this.map;
    var zoom = clamp(Math.round(map.getZoom()), 0, MAX_ZOOM);
    var level = Math.max(0, zoom - TILE_ZOOMS), n = Math.pow(2, level);
    var size = 256 * Math.pow(2, zoom - level);
    var b = map.getBounds();
    var nw = map.project(b.getNorthWest(), zoom), se = map.project(b.getSouthEast(), zoom);
    var urls = [], q = query(this.params);
    for (var x = clamp(Math.floor(nw.x / size), 0, n - 1);
         x <= clamp(Math.floor(se.x / size), 0, n - 1); x++) {
      for (var y = clamp(Math.floor(nw.y / size), 0, n - 1);
           y <= clamp(Math.floor(se.y / size), 0, n - 1); y++) {
        urls.push(this.opts.clustersUrl + "/" + zoom + "/" + x + "/" + y + ".json" + q);
      }
    }
    return urls;
  };

  /* A data tile's answer, fetched once (a tile asked for again while on its way waits for
   * the same answer). */
  GeomapLayer.prototype.fetchTile = function (url) {
    var self = this;
    if (self.tiles[url]) return self.tiles[url];
    var answer = fetch(url, {credentials: "same-origin"})
      .then(function (r) {
        if (!r.ok) throw new Error("events: HTTP " + r.status);
        return r.json();
      });
    self.tiles[url] = answer;
    self.tileOrder.push(url);
    while (self.tileOrder.length > TILES_KEPT) delete self.tiles[self.tileOrder.shift()];
    answer.catch(function () { delete self.tiles[url]; });
    return answer;
  };

  /* Fetch the data tiles in view (all at once) and draw them when all have come. */
  GeomapLayer.prototype.refresh = function () {
    var self = this;
    var view = ++self.view;
    var started = performance.now();
    return Promise.all(self.tileUrls().map(function (url) { return self.fetchTile(url); }))
      .then(function (tiles) {
        if (view !== self.view) return null;  // the map has moved on
        var shown = self.drawTiles(tiles);
        self.drawnTiles = tiles;
        self.spreadTallies();
        self.updateLegend();
        self.loadMs = performance.now() - started;
        document.dispatchEvent(new CustomEvent("geomap:drawn", {detail: {events: shown}}));
        if (!self.ready) {
          self.ready = true;
          window.geomapReady = true;
          document.dispatchEvent(new CustomEvent("geomap:ready", {detail: {
            events: shown, ms: self.loadMs}}));
        }
        return shown;
      })
      .catch(function (err) {
        window.geomapError = String(err);
        var note = document.getElementById("geomap-status");
        if (note) note.textContent = "Events could not be loaded.";
      });
  };

  /* Draw data tiles: clusters, and the events alone in their cell; returns how many events
   * they hold. */
  GeomapLayer.prototype.drawTiles = function (tiles) {
    var self = this, heat = [], shown = 0;
    self.points.clearLayers();
    self.tallies.clearLayers();
    tiles.forEach(function (tile) {
      tile.clusters.forEach(function (c) {  // [lon, lat, count, tally, w, s, e, n, cell]
        (c[3] ? self.tallies : self.points).addLayer(self.clusterMarker(c));
        if (!c[3]) heat.push([c[1], c[0], Math.min(1, 0.3 + Math.log(c[2]) / 6)]);
        shown += c[2];
      });
      tile.rows.forEach(function (row) {
        (row[5] ? self.tallies : self.points).addLayer(self.marker(row, tile.types, !!row[5]));
        if (!row[5]) heat.push([row[2], row[1], row[4] > 0 ? Math.min(1, 0.3 + row[4] / 50) : 0.3]);
        shown += 1;
      });
    });
    self.setHeat(heat);
    return shown;
  };

  GeomapLayer.prototype.setHeat = function (heat) {
    if (!(window.L && L.heatLayer)) return;
    if (this.heat) this.heat.setLatLngs(heat);
    else {
      this.heat = L.heatLayer(heat, {radius: 18, blur: 14});
      if (this.control) this.control.addOverlay(this.heat, "Heat map");
      if (this.shown.indexOf("heat") >= 0) this.heat.addTo(this.map);
    }
  };

  /* A cluster from the server: a click zooms to its events, or lists them when they are
   * at one spot (or the map is at its last zoom). */
  GeomapLayer.prototype.clusterMarker = function (c) {
    var self = this, n = c[2];
    var size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 44 : 52;
    var icon = L.divIcon({className: "geomap-cluster" + (c[3] ? " geomap-tally" : ""),
                          iconSize: [size, size], html: ""});
    var m = L.marker([c[1], c[0]], {icon: icon, title: n + (c[3] ? " cumulative tolls" :
                                                          " events")});
    m.on("add", function () {
      var node = m.getElement();
      if (node) {
        node.setAttribute("data-count", n);
        node.appendChild(el("span", null, abbreviated(n)));
      }
    });
    m.on("click", function () {
      var bounds = L.latLngBounds([c[5], c[4]], [c[7], c[6]]);
      var zoom = self.map.getZoom();
      var spot = c[4] === c[6] && c[5] === c[7];
      if (!spot && zoom < MAX_ZOOM && self.map.getBoundsZoom(bounds, false, L.point(40, 40)) > zoom) {
        self.map.fitBounds(bounds, {padding: [20, 20], maxZoom: MAX_ZOOM});
      } else {
        self.listCell(c, m);
      }
    });
    return m;
  };

  /* The events of a server cluster, in a popup listing them. */
  GeomapLayer.prototype.listCell = function (c, marker) {
    var self = this;
    var params = {};
    Object.keys(self.params).forEach(function (k) { params[k] = self.params[k]; });
    params.tile = c[8];
    params.limit = 200;
    fetch(self.opts.dataUrl + query(params), {credentials: "same-origin"})
      .then(function (r) {
        if (!r.ok) throw new Error("events: HTTP " + r.status);
        return r.json();
      })
      .then(function (data) {
        var rows = data.rows.filter(function (row) { return !row[5] === !c[3]; });
        marker.bindPopup(self.listNode(rows, data.types, c[2], marker), {maxWidth: 320})
          .openPopup();
      })
      .catch(function (err) { window.geomapError = String(err); });
  };

  GeomapLayer.prototype.loadRows = function (params) {
    var self = this;
    self.ready = false;
    var started = performance.now();
    return fetch(self.opts.dataUrl + query(params || self.opts.params || {}),
                 {credentials: "same-origin"})
      .then(function (r) {
        if (!r.ok) throw new Error("events: HTTP " + r.status);
        return r.json();
      })
      .then(function (data) {
        var types = data.types;
        self.rows = data.rows;
        var features = [];
        var heat = [];
        self.tallies.clearLayers();
        for (var i = 0; i < data.rows.length; i++) {
          var row = data.rows[i]; // [id, lon, lat, type index, fatalities, tally, date]
          if (row[5]) {
            self.tallies.addLayer(self.marker(row, types, true));
            continue;
          }
          features.push({type: "Feature", properties: {row: i},
                         geometry: {type: "Point", coordinates: [row[1], row[2]]}});
          heat.push([row[2], row[1], row[4] > 0 ? Math.min(1, 0.3 + row[4] / 50) : 0.3]);
        }
        self.types = types;
        var zonesShown = self.map.hasLayer(self.zones) && self.zones.getLayers().length;
        if (self.opts.fit && !self.fitted && (data.rows.length || zonesShown)) {
          // no view was asked for: show every event and zone
          var b = zonesShown ? self.zones.getBounds() : L.latLngBounds([]);
          data.rows.forEach(function (r) { b.extend([r[2], r[1]]); });
          self.map.fitBounds(b, {padding: [24, 24], maxZoom: 12, animate: false});
          self.fitted = true;
        }
        // clustered up to the map's last zoom: events at one point stay one marker, whose
        // popup lists them
        self.index = new Supercluster({radius: 50, maxZoom: MAX_ZOOM}).load(features);
        self.setHeat(heat);
        self.draw();
        self.updateLegend();
        self.ready = true;
        self.loadMs = performance.now() - started;
        window.geomapReady = true;
        document.dispatchEvent(new CustomEvent("geomap:ready", {detail: {
          events: data.rows.length, ms: self.loadMs}}));
        return data.rows.length;
      })
      .catch(function (err) {
        window.geomapError = String(err);
        var note = document.getElementById("geomap-status");
        if (note) note.textContent = "Events could not be loaded.";
      });
  };

  GeomapLayer.prototype.marker = function (row, types, tally) {
    var sub = types[row[3]];
    var style = this.styles[sub] || {colour: "#555", glyph: "other"};
    var size = row[4] > 0 ? Math.min(34, 16 + Math.sqrt(row[4]) * 1.6) : 16;
    var icon = L.divIcon({
      className: "geomap-event geomap-glyph-" + style.glyph + (tally ? " geomap-tally" : ""),
      iconSize: [size, size],
      html: ""
    });
    var marker = L.marker([row[2], row[1]], {icon: icon, keyboard: true,
                                              title: sub + ", " + row[6]});
    marker.geomapFatalities = row[4];
    marker.on("add", function () {
      var node = marker.getElement();
      if (node) {
        node.style.setProperty("--geomap-colour", style.colour);
        node.setAttribute("data-event-id", row[0]);
        if (row[4] > 0) node.appendChild(el("span", "geomap-count", row[4]));
      }
    });
    var self = this;
    marker.on("click", function () { self.open(marker.getLatLng(), row[0]); });
    return marker;
  };

  /* A list of events (compact rows) at one spot, each opening its popup. */
  GeomapLayer.prototype.listNode = function (rows, types, total, marker) {
    var self = this;
    var box = el("div", "geomap-list");
    box.appendChild(el("strong", null, (rows.length < total ? rows.length + " of " : "") +
                       total + " events here"));
    var list = el("ul");
    rows.forEach(function (row) {
      var item = el("li");
      var button = el("button", "geomap-list-item", types[row[3]] + ", " + row[6]);
      button.type = "button";
      button.addEventListener("click", function () {
        self.open(marker.getLatLng(), row[0]);
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  };

  /* A popup of its own at the event's point: markers are redrawn on every move, the popup
   * must outlive them. */
  GeomapLayer.prototype.open = function (latlng, id) {
    var self = this;
    fetch(self.opts.eventUrl.replace("__id__", encodeURIComponent(id)))
      .then(function (r) {
        if (!r.ok) throw new Error("event " + id + ": HTTP " + r.status);
        return r.json();
      })
      .then(function (feature) {
        L.popup({maxWidth: 320, autoPanPadding: [20, 20]}).setLatLng(latlng)
          .setContent(popupNode(feature.properties || {}, self.styles)).openOn(self.map);
      })
      .catch(function (err) { window.geomapError = String(err); });
  };

  /* Rows: draw the supercluster clusters in view. */
  GeomapLayer.prototype.draw = function () {
    if (!this.index) return;
    var b = this.map.getBounds();
    var zoom = Math.round(this.map.getZoom());
    var clusters = this.index.getClusters(
      [Math.max(-180, b.getWest()), Math.max(-85, b.getSouth()),
       Math.min(180, b.getEast()), Math.min(85, b.getNorth())], zoom);
    this.points.clearLayers();
    var self = this;
    clusters.forEach(function (c) {
      var lon = c.geometry.coordinates[0], lat = c.geometry.coordinates[1];
      if (c.properties.cluster) {
        var n = c.properties.point_count;
        var size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 44 : 52;
        var icon = L.divIcon({className: "geomap-cluster", iconSize: [size, size],
                              html: ""});
        var m = L.marker([lat, lon], {icon: icon, title: n + " events"});
        m.on("add", function () {
          var node = m.getElement();
          if (node) {
            node.setAttribute("data-count", n);
            node.appendChild(el("span", null, c.properties.point_count_abbreviated));
          }
        });
        m.on("click", function () {
          var z = self.index.getClusterExpansionZoom(c.properties.cluster_id);
          if (z <= MAX_ZOOM && z > self.map.getZoom()) {
            self.map.setView([lat, lon], z);
          } else {  // events at one spot: list them
            var rows = self.index.getLeaves(c.properties.cluster_id, 200).map(function (leaf) {
              return self.rows[leaf.properties.row];
            });
            m.bindPopup(self.listNode(rows, self.types, c.properties.point_count, m),
                        {maxWidth: 320}).openPopup();
          }
        });
        self.points.addLayer(m);
      } else {
        self.points.addLayer(self.marker(self.rows[c.properties.row], self.types, false));
      }
    });
    this.spreadTallies();
  };

  /* Cumulative tolls drawn apart: a toll whose square or count would overlap another's
   * (two tolls of one city's parts at a low zoom: "139" over "413") moves up or down by
   * a square's height until it stands clear; the largest toll keeps its place. */
  GeomapLayer.prototype.spreadTallies = function () {
    var map = this.map, placed = [];
    var tallies = this.tallies.getLayers().map(function (m) {
      var node = m.getElement();
      var count = node ? node.querySelector(".geomap-count") : null;
      var size = m.options.icon.options.iconSize[0];
      var p = map.latLngToLayerPoint(m.getLatLng());
      return {node: node, x: p.x, y: p.y, size: size, value: m.geomapFatalities || 0,
              badge: count ? 8 + 6.5 * count.textContent.length : 0};
    }).filter(function (t) { return t.node; });
    tallies.sort(function (a, b) { return b.value - a.value; });
    function box(t, dy) {  // the square and the count beside its top right corner
      return [t.x - t.size / 2, t.y + dy - t.size / 2 - 8,
              t.x + Math.max(t.size / 2, 0.2 * t.size + t.badge), t.y + dy + t.size / 2];
    }
    function clear(b) {
      return placed.every(function (o) {
        return b[2] <= o[0] || b[0] >= o[2] || b[3] <= o[1] || b[1] >= o[3];
      });
    }
    tallies.forEach(function (t) {
      var step = t.size + 10, dy = 0;
      for (var i = 1; i <= 8 && !clear(box(t, dy)); i++) {
        dy = (i % 2 ? -1 : 1) * Math.ceil(i / 2) * step;
      }
      placed.push(box(t, dy));
      t.node.style.translate = dy ? "0 " + dy + "px" : "";
    });
  };

  /* The legend lists only what the view shows: the factions of its zones, the kinds of its
   * events and tolls (hidden entries come back when a move, a date or a filter brings
   * them). */
  GeomapLayer.prototype.updateLegend = function () {
    var legend = document.getElementById("geomap-legend");
    var tiles = this.opts.clustersUrl ? this.drawnTiles : null;
    // nothing loaded yet: the page's own legend stands
    if (!legend || !(this.index || tiles)) return;
    var glyphs = {}, factions = {}, styles = this.styles;
    var view = this.map.getBounds();
    function seen(row, types) {
      if (!view.contains([row[2], row[1]])) return;
      glyphs[(styles[types[row[3]]] || {}).glyph || "other"] = true;  // a toll's square too
      if (row[5]) glyphs.tally = true;
    }
    if (tiles) {
      // the kinds of the events alone in their cells and of the clusters' events
      tiles.forEach(function (tile) {
        tile.rows.forEach(function (row) { seen(row, tile.types); });
        tile.clusters.forEach(function (c) {  // [..., cell, type indexes]
          if (!view.contains([c[1], c[0]])) return;
          (c[9] || []).forEach(function (t) {
            glyphs[(styles[tile.types[t]] || {}).glyph || "other"] = true;
          });
          if (c[3]) glyphs.tally = true;
        });
      });
    } else {
      var types = this.types || [];
      (this.rows || []).forEach(function (row) { seen(row, types); });
    }
    if (this.map.hasLayer(this.zones)) {
      this.zones.eachLayer(function (layer) {
        if (layer.getBounds().intersects(view)) {
          factions[layer.feature.properties.faction] = true;
        }
      });
    }
    legend.querySelectorAll("[data-glyph]").forEach(function (li) {
      li.hidden = !glyphs[li.getAttribute("data-glyph")];
    });
    legend.querySelectorAll("[data-faction]").forEach(function (li) {
      li.hidden = !factions[li.getAttribute("data-faction")];
    });
    legend.querySelectorAll("section[data-legend]").forEach(function (section) {
      section.hidden = !section.querySelector("li:not([hidden])");
    });
  };

  /* On phones the legend folds behind a button; the credits keep to one line, their whole
   * text in the control's title. */
  function initLegend() {
    var button = document.querySelector(".geomap-legend-toggle");
    var legend = document.getElementById("geomap-legend");
    if (button && legend) {
      button.addEventListener("click", function () {
        var open = legend.classList.toggle("geomap-open");
        button.setAttribute("aria-expanded", open ? "true" : "false");
        button.textContent = open ? "Hide legend" : "Legend";
      });
    }
    document.querySelectorAll(".leaflet-control-attribution").forEach(function (node) {
      node.title = node.textContent;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initLegend);
  } else {
    initLegend();
  }

  GeomapLayer.prototype.setZones = function (at) {
    var self = this;
    if (!self.opts.zonesUrl) return Promise.resolve();
    return fetch(self.opts.zonesUrl + query({at: at}))
      .then(function (r) { return r.json(); })
      .then(function (fc) {
        self.zones.clearLayers();
        self.zones.addData(fc);
        self.updateLegend();
        var asof = document.querySelectorAll(".geomap-asof");
        asof.forEach(function (n) { n.textContent = at; });
      });
  };

  window.GeomapLayer = GeomapLayer;
  window.geomapPopupNode = popupNode;

  /* The embed tells its host page the height it wants (Datawrapper-style resize). That height
     follows from the embed's width, or from its `height` parameter, never from its own
     viewport's height: the host sets the iframe to it, which resizes this window, and a height
     read back from the viewport would answer with a new one, forever. */
  var postedHeight = 0;
  function wantedHeight(figure) {
    var fixed = parseInt(figure.getAttribute("data-height") || "", 10);
    if (fixed > 0) return fixed;
    var width = document.documentElement.clientWidth;
    return Math.round(Math.min(720, Math.max(360, width * 0.625)));
  }
  function postHeight() {
    var figure = document.querySelector("figure.geomap-embed");
    if (!figure || window.parent === window) return;
    var height = wantedHeight(figure);
    if (height === postedHeight) return;
    postedHeight = height;
    window.parent.postMessage({"geomap-height": height,
                               "geomap-src": window.location.pathname}, "*");
  }
  window.geomapWantedHeight = function () {
    var figure = document.querySelector("figure.geomap-embed");
    return figure ? wantedHeight(figure) : null;
  };
  window.addEventListener("load", postHeight);
  window.addEventListener("resize", postHeight);
})();
