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
    // A large ring gets a taller box (CSSOM, which the CSP allows).
    if (big) { el.style.height = Math.min(1100, 520 + people * 6) + 'px'; }
    var cy = cytoscape({
      container: el,
      elements: elements,
      wheelSensitivity: 0.3,
      minZoom: 0.2,
      maxZoom: 1.4, // a small ring is not blown up to fill the box
      style: [
        { selector: 'node', style: {
          'background-color': function (n) { return colours[n.data('level')] || '#8c959f'; },
          'label': 'data(label)', 'font-size': 12, 'text-valign': 'bottom', 'text-margin-y': 3,
          'width': function (n) { return 16 + Math.min(14, (n.data('score') || 0) / 7); },
          'height': function (n) { return 16 + Math.min(14, (n.data('score') || 0) / 7); },
          'border-width': 2, 'border-color': '#ffffff', 'color': '#1b1f24',
          'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': 1 } },
        { selector: 'edge', style: {
          'width': function (e) { return 1 + 7 * Math.max(0, Math.min(1, e.data('strength') || 0.5)); },
          'line-color': '#57606a', 'opacity': 0.7, 'curve-style': 'bezier',
          // On a large ring what a line means shows on hover (and beside
          // the picture): forty labels on the lines hide the people.
          'label': big ? '' : 'data(label)', 'font-size': 10, 'color': '#0b5cad', 'text-rotation': 'autorotate',
          'text-background-color': '#ffffff', 'text-background-opacity': 0.9, 'min-zoomed-font-size': 6 } },
        { selector: 'edge.hover', style: { 'label': 'data(label)', 'opacity': 1, 'line-color': '#0b5cad', 'z-index': 10 } },
        { selector: 'node:selected, node.hover', style: { 'border-color': '#f1c40f', 'border-width': 4 } }
      ],
      // A small ring reads best on a circle; a large one as a radial tree
      // around its centre (the person fewest links from everyone), each
      // circle one link further out, so followers sit by whom they follow.
      layout: people <= 8
        ? { name: 'circle', padding: 60, radius: 70 + 25 * people, animate: false }
        : { name: 'preset', positions: radialTree(), padding: 30, animate: false, fit: true }
    });
    // Names stay readable: never drawn smaller than 0.85 of their size;
    // a ring that needs more room is panned (drag) or zoomed (scroll).
    if (cy.zoom() < 0.85) { cy.zoom({ level: 0.85, position: cy.getElementById(centre()).position() }); }
    // radialTree lays a larger ring out as a tree around its centre: the
    // people one link away on the first circle, two links away on the
    // second, each person's followers sharing out their wedge by how many
    // hang from each, so linked people sit together and lines stay short.
    // A circle grows until its people are far enough apart for their names.
    function radialTree() {
      var g = graph(), root = centre(), gap = 90, spacing = 84;
      var depth = {}, kids = {}, order = [root], size = {}, from = {}, wedge = {}, angle = {}, pos = {};
      g.ids.forEach(function (id) { kids[id] = []; });
      depth[root] = 0;
      for (var q = 0; q < order.length; q++) {
        var v = order[q];
        g.adj[v].forEach(function (u) {
          if (depth[u] === undefined) { depth[u] = depth[v] + 1; kids[v].push(u); order.push(u); }
        });
      }
      g.ids.forEach(function (id) {
        if (depth[id] === undefined) { depth[id] = 1; kids[root].push(id); order.push(id); }
      });
      // A follower's share of the wedge grows with the square root of how
      // many hang from it: a long arm gets room, a lone follower enough.
      var share = {};
      for (var i = order.length - 1; i >= 0; i--) {
        var w = order[i];
        size[w] = 1;
        kids[w].forEach(function (c) { size[w] += size[c]; });
        share[w] = Math.sqrt(size[w]);
      }
      from[root] = -Math.PI / 2; wedge[root] = 2 * Math.PI; angle[root] = 0;
      var deepest = 0, byDepth = {};
      order.forEach(function (v) {
        deepest = Math.max(deepest, depth[v]);
        (byDepth[depth[v]] = byDepth[depth[v]] || []).push(v);
        var a = from[v], total = 0;
        kids[v].forEach(function (c) { total += share[c]; });
        kids[v].forEach(function (c) {
          var wd = wedge[v] * share[c] / total;
          from[c] = a; wedge[c] = wd; angle[c] = a + wd / 2; a += wd;
        });
      });
      var radius = [0];
      for (var d = 1; d <= deepest; d++) {
        var r = radius[d - 1] + gap;
        var as = (byDepth[d] || []).map(function (v) { return angle[v]; }).sort(function (x, y) { return x - y; });
        for (var j = 0; j < as.length && as.length > 1; j++) {
          var diff = j === as.length - 1 ? as[0] + 2 * Math.PI - as[j] : as[j + 1] - as[j];
          if (diff < Math.PI) { r = Math.max(r, spacing / (2 * Math.sin(diff / 2))); }
        }
        radius.push(r);
      }
      order.forEach(function (v) {
        pos[v] = { x: radius[depth[v]] * Math.cos(angle[v]), y: radius[depth[v]] * Math.sin(angle[v]) };
      });
      return function (n) { return pos[n.id()]; };
    }
    function graph() {
      var ids = elements.filter(function (e) { return !e.data.source; }).map(function (e) { return e.data.id; });
      var adj = {};
      ids.forEach(function (id) { adj[id] = []; });
      elements.forEach(function (e) {
        if (e.data.source && adj[e.data.source] && adj[e.data.target]) {
          adj[e.data.source].push(e.data.target); adj[e.data.target].push(e.data.source);
        }
      });
      return { ids: ids, adj: adj };
    }
    // centre is the person whose farthest link path is shortest, in the
    // largest linked part of the ring.
    function centre() {
      var g = graph(), best = null, bestScore = Infinity;
      g.ids.forEach(function (id) {
        var dist = {}; dist[id] = 0;
        var queue = [id], ecc = 0;
        for (var q = 0; q < queue.length; q++) {
          var v = queue[q];
          g.adj[v].forEach(function (u) {
            if (dist[u] === undefined) { dist[u] = dist[v] + 1; ecc = Math.max(ecc, dist[u]); queue.push(u); }
          });
        }
        var score = ecc - queue.length * 1000;
        if (score < bestScore) { bestScore = score; best = id; }
      });
      return best;
    }
    cy.on('tap', 'node', function (evt) {
      var href = evt.target.data('href');
      if (href) { window.location.assign(href); }
    });
    cy.on('mouseover', 'node', function (evt) { evt.target.addClass('hover'); el.style.cursor = 'pointer'; });
    cy.on('mouseout', 'node', function (evt) { evt.target.removeClass('hover'); el.style.cursor = ''; });
    cy.on('mouseover', 'edge', function (evt) { evt.target.addClass('hover'); });
    cy.on('mouseout', 'edge', function (evt) { evt.target.removeClass('hover'); });
    // For the browser test: where each name is drawn, in screen pixels.
    window.mosaicRing = { labelBoxes: function () {
      return cy.nodes().map(function (n) {
        var b = n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
        return { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2, font: parseFloat(n.renderedStyle('font-size')) };
      });
    } };
    el.setAttribute('data-ready', String(people));
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
