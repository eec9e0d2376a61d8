/* The app offline after one visit (README, "Deploying"), where the browser runs service workers
   (not WeChat on iPhone). Pages: from the network when it answers (a deploy is seen at once), else
   the copy kept of that page, or of the root's index.html with its <base> set for the page's depth.
   Other files of the app: kept when first fetched and served from the copy, since their names change
   with their content (tuan-<hash>.js, divisions-2.7.0.json). Never: a request past every cache (the
   clock check's directory.json, src/store/browser.rs fetch_fresh), other sites, anything but GET.
   The page sends the files of the build it runs ({keep}). Builds of older deploys are kept too (a
   page cached before a deploy, or WeChat's cached old HTML, still names them; each is about 1 MB of
   the browser's cache storage, and deploys are rare). What the page has already downloaded is
   taken from the copy the page put in this cache (index.html, tuan.keep: its wasm) or else from the
   browser's HTTP cache (force-cache), never downloaded twice over mobile data. */
var CACHE = 'tuan-offline-1'; /* named in index.html's tuan.keep too */
var ROOT = new URL('./', self.location).href;

/* A request served from the browser's HTTP cache when it holds the file, fresh or not. */
function fromHttpCache(url) {
  return new Request(url, { cache: 'force-cache' });
}

self.addEventListener('install', function (e) {
  self.skipWaiting();
  e.waitUntil(caches.open(CACHE).then(function (c) { return c.add(fromHttpCache(ROOT)); }));
});

self.addEventListener('activate', function (e) {
  e.waitUntil(self.clients.claim());
});

self.addEventListener('message', function (e) {
  var d = e.data || {};
  if (!d.keep) return;
  e.waitUntil(caches.open(CACHE).then(function (c) {
    return Promise.all(d.keep.map(function (u) {
      var url = new URL(u, ROOT).href;
      return c.match(url).then(function (hit) { return hit || c.add(fromHttpCache(url)); });
    }));
  }));
});

/* The root's page with its <base> leading back from `url`'s folder (find/ → ../). */
function rootPage(url) {
  return caches.match(ROOT).then(function (hit) {
    if (!hit) return Response.error();
    var depth = url.pathname.slice(new URL(ROOT).pathname.length).split('/').length - 1;
    return hit.text().then(function (html) {
      var page = html.replace(/<base href="?\.\/"?>/, '<base href="' + (depth ? '../'.repeat(depth) : './') + '">');
      return new Response(page, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    });
  });
}

self.addEventListener('fetch', function (e) {
  var r = e.request, url = new URL(r.url);
  if (r.method !== 'GET' || r.cache === 'no-store' || url.origin !== self.location.origin || r.url.indexOf(ROOT) !== 0) return;
  if (r.mode === 'navigate') {
    var key = url.origin + url.pathname;
    e.respondWith(fetch(r).then(function (resp) {
      /* Not a redirect (a Wi-Fi login page answering for every address): only the app's own page. */
      if (resp.ok && !resp.redirected && (resp.headers.get('content-type') || '').indexOf('text/html') === 0) {
        var copy = resp.clone();
        caches.open(CACHE).then(function (c) { return c.put(key, copy); });
      }
      return resp;
    }).catch(function () {
      return caches.match(key).then(function (hit) { return hit || rootPage(url); });
    }));
    return;
  }
  e.respondWith(caches.match(r).then(function (hit) {
    return hit || fetch(r).then(function (resp) {
      if (resp.ok && resp.type === 'basic') {
        var copy = resp.clone();
        caches.open(CACHE).then(function (c) { return c.put(r, copy); });
      }
      return resp;
    });
  }));
});
