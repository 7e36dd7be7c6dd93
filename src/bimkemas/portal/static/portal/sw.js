/* Bimkemas portal service worker (served at /p/sw.js, scope /p/). Keeps the portal's script, style and
   icons, and the client's home and check-in pages, so that a check-in can be made without signal. */
'use strict';
var VERSION = '__VERSION__';
var STATIC = 'bimkemas-static-' + VERSION;
var PAGES_CACHE = 'bimkemas-pages';
var SHELL = [
  '/static/portal/portal.css?v=__VERSION__', '/static/portal/portal.js?v=__VERSION__',
  '/static/portal/icon.svg', '/static/portal/icon-192.png', '/p/manifest.webmanifest'
];
var PAGES = ['/p/', '/p/lapor/'];

self.addEventListener('install', function (e) {
  e.waitUntil(caches.open(STATIC).then(function (c) { return c.addAll(SHELL); }).then(function () { return self.skipWaiting(); }));
});
self.addEventListener('activate', function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf('bimkemas-static-') === 0 && k !== STATIC; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function warm() {  // the client is logged in: keep the pages not yet kept, for the next time without signal
  return caches.open(PAGES_CACHE).then(function (c) {
    return Promise.all(PAGES.map(function (u) {
      return c.match(u).then(function (hit) {
        if (hit) return;
        return fetch(u, {credentials: 'same-origin', redirect: 'manual'}).then(function (r) {
          if (r.ok && r.type === 'basic') return c.put(u, r);
        });
      }).catch(function () {});
    }));
  });
}
self.addEventListener('message', function (e) {
  if (e.data === 'warm') e.waitUntil(warm());
  if (e.data === 'forget') e.waitUntil(caches.delete(PAGES_CACHE));
});

self.addEventListener('fetch', function (e) {
  var req = e.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf('/static/portal/') === 0 || url.pathname === '/p/manifest.webmanifest') {
    e.respondWith(caches.match(req).then(function (hit) {
      return hit || fetch(req).then(function (r) {
        if (r.ok) { var copy = r.clone(); caches.open(STATIC).then(function (c) { c.put(req, copy); }); }
        return r;
      });
    }));
    return;
  }
  if (req.mode === 'navigate' && PAGES.indexOf(url.pathname) >= 0) {
    e.respondWith(fetch(req).then(function (r) {
      if (r.ok && !r.redirected) {
        var copy = r.clone();
        caches.open(PAGES_CACHE).then(function (c) { c.put(url.pathname, copy); });
      } else if (r.redirected || r.type === 'opaqueredirect') {
        caches.delete(PAGES_CACHE);  // logged out: forget the client's pages
      }
      return r;
    }).catch(function () {
      return caches.open(PAGES_CACHE).then(function (c) { return c.match(url.pathname); })
        .then(function (hit) { return hit || Response.error(); });
    }));
  }
});
