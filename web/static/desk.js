/* The desk's small helpers: place search (any language) and picking a place on the map for an
 * event's form, "check all" in the queue, copy buttons, the publish form's "use this view".
 * Results are built with textContent: nothing from the server becomes markup. */
(function () {
  "use strict";

  var script = document.getElementById("desk-js");
  var placesUrl = script ? script.getAttribute("data-places-url") : "/api/places";
  var reverseUrl = script ? script.getAttribute("data-reverse-url") : "/desk/reverse";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function label(p) {
    return p.name + " (" + [p.kind, p.country_code].filter(Boolean).join(", ") + ")";
  }

  /* The chosen place goes into the form's hidden "place" field; Save sends it. */
  function choose(form, place) {
    form.querySelector("input[name=place]").value = place.id;
    form.querySelector(".desk-place-chosen").textContent = label(place) + " — not saved yet";
    form.querySelector(".desk-place-results").replaceChildren();
    form.classList.add("desk-changed");
  }

  document.querySelectorAll(".desk-place-pick").forEach(function (box) {
    var form = box.closest("form");
    var input = box.querySelector(".desk-place-q");
    var results = box.querySelector(".desk-place-results");
    var pending = null;
    input.addEventListener("input", function () {
      var q = input.value.trim();
      clearTimeout(pending);
      if (q.length < 2) { results.replaceChildren(); return; }
      pending = setTimeout(function () {
        fetch(placesUrl + "?q=" + encodeURIComponent(q) + "&limit=8",
              {credentials: "same-origin"})
          .then(function (r) { return r.json(); })
          .then(function (data) {
            results.replaceChildren();
            (data.places || []).forEach(function (p) {
              var item = el("li");
              var button = el("button", "desk-place-option", label(p));
              button.type = "button";
              button.setAttribute("role", "option");
              if (p.matched && p.matched !== p.name) {
                button.appendChild(el("span", "geomap-muted", " — " + p.matched));
              }
              button.addEventListener("click", function () { choose(form, p); });
              item.appendChild(button);
              results.appendChild(item);
            });
            if (!results.children.length) results.appendChild(el("li", "geomap-muted", "no place"));
          });
      }, 150);
    });
    input.addEventListener("keydown", function (e) {  // Enter picks the first result
      if (e.key === "Enter") {
        e.preventDefault();
        var first = results.querySelector("button");
        if (first) first.click();
      }
    });
    box.querySelector(".desk-pick-map").addEventListener("click", function () {
      window.deskPickFor = form;
      var note = document.getElementById("desk-pick-note");
      if (note) note.hidden = false;
      var map = window.geomapLayer && window.geomapLayer.map;
      if (map) {
        map.getContainer().classList.add("desk-picking");
        map.getContainer().scrollIntoView({block: "nearest"});  // the map to click on
      }
    });
  });

  /* A click on the map while picking: the place there (reverse geocoding). */
  function armMap() {
    var map = window.geomapLayer && window.geomapLayer.map;
    if (!map) return;
    map.on("click", function (e) {
      var form = window.deskPickFor;
      if (!form) return;
      window.deskPickFor = null;
      map.getContainer().classList.remove("desk-picking");
      var note = document.getElementById("desk-pick-note");
      if (note) note.hidden = true;
      fetch(reverseUrl + "?lat=" + e.latlng.lat + "&lon=" + e.latlng.lng,
            {credentials: "same-origin"})
        .then(function (r) { if (!r.ok) throw new Error("no place"); return r.json(); })
        .then(function (p) { choose(form, p); })
        .catch(function () {
          form.querySelector(".desk-place-chosen").textContent = "no place there";
        });
    });
  }
  if (window.geomapLayer) armMap();

  /* Queue: a report's "all" box checks its events. */
  document.querySelectorAll("input[data-check-all]").forEach(function (all) {
    all.addEventListener("change", function () {
      var group = all.getAttribute("data-check-all");
      document.querySelectorAll("input[data-group='" + group + "']").forEach(function (c) {
        c.checked = all.checked;
      });
    });
  });

  /* Copy buttons next to the embed code. */
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var box = document.getElementById(button.getAttribute("data-copy"));
      box.select();
      if (navigator.clipboard) navigator.clipboard.writeText(box.value);
    });
  });

  /* Publish: take the preview map's centre and zoom as the story's view. */
  var useView = document.getElementById("desk-use-view");
  if (useView) {
    useView.addEventListener("click", function () {
      var map = window.geomapLayer && window.geomapLayer.map;
      if (!map) return;
      var form = useView.closest("form"), c = map.getCenter();
      form.elements.lat.value = c.lat.toFixed(5);
      form.elements.lon.value = c.lng.toFixed(5);
      form.elements.zoom.value = map.getZoom();
    });
  }
})();
