// The map page, drawn with Leaflet from the JSON beside the maps (no tile server: nothing is fetched from outside).
// 1. The districts as a tile grid (Leaflet's flat CRS): one square per district, coloured by the measure's class,
//    its name and figure written on it. The same figures are in the table under the map.
// 2. The grievances that carry a location, as a heat layer, with the districts' centres as labelled circles.
(function () {
  "use strict";
  var source = document.getElementById("map-data");
  if (!source || typeof window.L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var L = window.L;

  function colour(cls) {
    return cls === null ? data.none : data.palette[cls];
  }

  function label(d) {  // the district's name over its figure, as text (never parsed as HTML)
    var box = document.createElement("span");
    var name = document.createElement("span");
    var figure = document.createElement("strong");
    name.textContent = d.label;
    figure.textContent = d.figure;
    box.appendChild(name);
    box.appendChild(document.createElement("br"));
    box.appendChild(figure);
    return box;
  }

  var tiles = document.getElementById("district-map");
  if (tiles) {
    var grid = L.map(tiles, {crs: L.CRS.Simple, attributionControl: false, zoomSnap: 0.25, minZoom: -2});
    var all = [];
    data.districts.forEach(function (d) {
      var col = d.tile[0], row = d.tile[1];
      var bounds = [[-row - 0.95, col + 0.05], [-row - 0.05, col + 0.95]];
      all.push(bounds[0], bounds[1]);
      L.rectangle(bounds, {color: "#333", weight: 1, fillColor: colour(d["class"]), fillOpacity: 1})
        .bindTooltip(label(d), {permanent: true, direction: "center", className: "tile-label"})
        .addTo(grid);
    });
    grid.fitBounds(L.latLngBounds(all));
  }

  var pointsBox = document.getElementById("points-map");
  if (pointsBox) {
    var points = L.map(pointsBox, {attributionControl: false});
    points.fitBounds([[21.5, 85.8], [27.3, 89.9]]);  // West Bengal
    data.districts.forEach(function (d) {
      L.circleMarker(d.centre, {radius: 4, color: "#333", weight: 1, fillColor: "#fff", fillOpacity: 1})
        .bindTooltip(d.label, {direction: "top"})
        .addTo(points);
    });
    if (data.points.length && typeof L.heatLayer === "function") {
      L.heatLayer(data.points, {radius: 18, blur: 14, minOpacity: 0.35}).addTo(points);
    }
  }
})();
