// Draws a ring (cluster) with cytoscape from the graph in #ring's
// data-graph attribute: people as nodes coloured by level, links labelled
// with what they share and drawn thicker when stronger. The tables on the
// page hold the same facts for keyboard and screen-reader users.
(function () {
  'use strict';
  function draw() {
    var el = document.getElementById('ring');
    if (!el || typeof cytoscape !== 'function') { return; }
    var elements = JSON.parse(el.getAttribute('data-graph') || '[]');
    var people = elements.filter(function (e) { return !e.data.source; }).length;
    var colours = { critical: '#8b0000', high: '#c0392b', medium: '#b35900', low: '#6a737d', none: '#8c959f' };
    var big = people > 15;
    var cy = cytoscape({
      container: el,
      elements: elements,
      wheelSensitivity: 0.3,
      minZoom: 0.2,
      maxZoom: 1.4, // a small ring is not blown up to fill the box
      style: [
        { selector: 'node', style: {
          'background-color': function (n) { return colours[n.data('level')] || '#8c959f'; },
          'label': 'data(label)', 'font-size': big ? 9 : 12, 'text-valign': 'bottom', 'text-margin-y': 4,
          'width': function (n) { return 16 + Math.min(14, (n.data('score') || 0) / 7); },
          'height': function (n) { return 16 + Math.min(14, (n.data('score') || 0) / 7); },
          'border-width': 2, 'border-color': '#ffffff', 'color': '#1b1f24',
          'text-background-color': '#ffffff', 'text-background-opacity': 0.8, 'text-background-padding': 1 } },
        { selector: 'edge', style: {
          'width': function (e) { return 1 + 7 * Math.max(0, Math.min(1, e.data('strength') || 0.5)); },
          'line-color': '#57606a', 'opacity': 0.7, 'curve-style': 'bezier',
          'label': 'data(label)', 'font-size': big ? 7 : 10, 'color': '#0b5cad', 'text-rotation': 'autorotate',
          'text-background-color': '#ffffff', 'text-background-opacity': 0.9, 'min-zoomed-font-size': 6 } },
        { selector: 'node:selected, node.hover', style: { 'border-color': '#f1c40f', 'border-width': 4 } }
      ],
      // A small ring reads best on a circle; a large one needs the
      // force-directed layout, pushed well apart so labels do not collide.
      layout: people <= 8
        ? { name: 'circle', padding: 60, radius: 70 + 25 * people, animate: false }
        : { name: 'cose', animate: false, padding: 30, randomize: false, nodeRepulsion: function () { return 400000; },
          idealEdgeLength: function () { return 110; }, gravity: 0.3, numIter: 1500, componentSpacing: 80 }
    });
    cy.on('tap', 'node', function (evt) {
      var href = evt.target.data('href');
      if (href) { window.location.assign(href); }
    });
    cy.on('mouseover', 'node', function (evt) { evt.target.addClass('hover'); el.style.cursor = 'pointer'; });
    cy.on('mouseout', 'node', function (evt) { evt.target.removeClass('hover'); el.style.cursor = ''; });
    el.setAttribute('data-ready', String(people));
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
