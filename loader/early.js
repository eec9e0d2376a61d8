// The loader's first script, in <head>: the browser's deflate, the saved document's inflation begun, the build picked.
// @ts-check
/* Runs first, while the rest of the page arrives: the browser's deflate for the app, the start of
   inflating a compressed saved document, and which build to start (ARCHITECTURE.md, "Two builds"):
   the member's, whose hashed names Trunk's pattern_script puts in tuan.assets, or the full
   one, for the pages of these sections (names.fullSections in loader/names.js) or
   once the member's build asked for it in this tab (window.name, which costs nothing to read,
   unlike sessionStorage: a phone spent milliseconds on that before the first paint). The
   post-build hook puts the full build's hashed names here. The chosen wasm starts downloading
   here: in Chromium by a preload link (cheaper before the paint than a fetch() call, and handed to
   the later fetch()), elsewhere by fetch() itself (WebKit does not hand a preloaded response to a
   later fetch(), and would download the file twice); the loader below, after the first paint,
   compiles it as its bytes arrive (compileStreaming of that response) or, where streaming is
   missing or refused (it is reported to fail in some WebViews), reads the bytes (tuan.boot). The stylesheet is inlined below (Trunk rel="inline"): the
   skeleton's paint waits for no other file.
   Everything the page shares, with its later scripts and with the app (src/store/loader.rs, typed imports), is in one namespace, window.tuan. */
(function () {
  var w = window, t = w.tuan = w.tuan || /** @type {Tuan} */ ({});
  /* The page's path under the deployment's root ('' on 首页, 'branch/register/', …). */
  t.here = w.location.pathname.slice(new URL(document.baseURI).pathname.length);
  /* deflate-raw through the browser's CompressionStream, for sync links and QR codes. Where the
     browser has none (iOS before 16.4), npm's fflate, loaded then and only then; null if even
     that cannot be loaded. */
  var fflate;
  function library() {
    return fflate || (fflate = new Promise(function (ok, fail) {
      var s = document.createElement('script');
      s.src = './fflate-0.8.3.js';
      s.onload = function () { ok(w.fflate); };
      s.onerror = function () { fflate = null; fail(); };
      document.head.appendChild(s);
    }));
  }
  /* `cap`: inflation stops past that many bytes and resolves to false (a file's payload: never
     inflated whole before its size is known). */
  function pipe(input, stream, as, cap) {
    if (!w[stream]) {
      return library().then(function (f) {
        var out = stream === 'CompressionStream' ? f.deflateSync(typeof input === 'string' ? new TextEncoder().encode(input) : input) : capped(f, input, cap);
        return out && as === 'text' ? new TextDecoder().decode(out) : out;
      }).catch(function () { return null; });
    }
    if (cap) return drain(input, cap);
    var s = new Blob([input]).stream().pipeThrough(new (/** @type {any} */ (w))[stream]('deflate-raw'));
    return new Response(s)[as]().then(function (r) { return as === 'text' ? r : new Uint8Array(r); }, function () { return null; });
  }
  /* Inflation fed 1 KB at a time (one piece inflates at once, whatever it stands for) and read as
     it comes: false past `cap`, null when damaged. */
  function drain(input, cap) {
    var d = new w.DecompressionStream('deflate-raw'), writer = d.writable.getWriter(), reader = d.readable.getReader();
    var parts = [], n = 0, over = false;
    function feed(at) {
      if (over) return;
      if (at >= input.length) return writer.close();
      return writer.write(input.subarray(at, at + 1024)).then(function () { return feed(at + 1024); });
    }
    feed(0).catch(function () {});
    function next() {
      return reader.read().then(function (r) {
        if (r.done) return join(parts, n);
        n += r.value.length;
        if (n > cap) { over = true; reader.cancel(); return false; }
        parts.push(r.value);
        return next();
      });
    }
    return next().catch(function () { return null; });
  }
  function join(parts, n) {
    var out = new Uint8Array(n), at = 0;
    parts.forEach(function (p) { out.set(p, at); at += p.length; });
    return out;
  }
  /* fflate's inflation, stopped past `cap` (false) where the browser has no DecompressionStream. */
  function capped(f, input, cap) {
    if (!cap) return f.inflateSync(input);
    var parts = [], n = 0, over = {};
    var inf = new f.Inflate(function (chunk) {
      n += chunk.length;
      if (n > cap) throw over;
      parts.push(chunk);
    });
    try {
      for (var at = 0; at < input.length; at += 1024) inf.push(input.subarray(at, at + 1024), at + 1024 >= input.length);
    } catch (e) { if (e === over) return false; throw e; }
    return join(parts, n);
  }
  /* The app passes and takes bytes (UTF-8), which spares converting megabytes of text to and from
     JavaScript strings; the error screen takes text. */
  t.zip = {
    deflate: function (input) { return pipe(input, 'CompressionStream', 'arrayBuffer'); },
    inflate: function (bytes) { return pipe(bytes, 'DecompressionStream', 'text'); },
    inflateBytes: function (bytes, cap) { return pipe(bytes, 'DecompressionStream', 'arrayBuffer', cap); }
  };
  /* The base64 (unpadded) of a document stored compressed (names.deflatedTag + base64url of deflate-raw). */
  var tag = t.names.deflatedTag;
  function base64(raw) {
    return raw.slice(tag.length).replace(/-/g, '+').replace(/_/g, '/');
  }
  /* Its bytes. */
  t.unpack = function (raw) {
    var b = atob(base64(raw) + '==='.slice((raw.length - tag.length + 3) % 4));
    var bytes = new Uint8Array(b.length);
    for (var i = 0; i < b.length; i++) bytes[i] = b.charCodeAt(i);
    return bytes;
  };
  if (t.assets) {
    var fullSections = t.names.fullSections.join('|');
    var full = new RegExp('^(' + fullSections + ')(/|$)').test(t.here) ||
      new RegExp('^#/(' + fullSections + ')([/?]|$)').test(w.location.hash);
    full = full || w.name === t.names.fullBuild;
    /* The full build's files (the error screen loads it too, for its reader of the saved data). */
    t.full = { js: './tuan-full.js', wasm: './tuan-full_bg.wasm' };
    var a = full ? t.full : t.assets;
    t.build = full ? 'full' : 'member';
    t.pick = a;
    if (/\bChrom(e|ium)\//.test(navigator.userAgent) || !w.fetch) {
      var l = document.createElement('link');
      l.rel = 'preload';
      l.as = 'fetch';
      l.crossOrigin = '';
      l.href = a.wasm;
      document.head.appendChild(l);
    } else {
      t.download = fetch(a.wasm);
    }
  }
  /* The stored base64 turned into bytes by the browser (a data: URL's fetch, natively and off
     this script: the same in a loop here took a phone tens of milliseconds before the first
     paint), then inflated; by the loop where that fetch fails (a URL over Chrome's 2 MB, a host's
     content security policy). */
  function inflateStored(raw) {
    var zip = t.zip, b64 = base64(raw);
    /* Damaged base64 gives null, as a failed inflation does: the app then reads the stored text
       itself and says what is wrong with it. */
    var slow = function () { try { return zip.inflateBytes(t.unpack(raw)); } catch (e) { return null; } };
    if (!w.fetch || b64.length > 2000000) return slow();
    return fetch('data:application/octet-stream;base64,' + b64).then(function (r) {
      if (!r.ok) throw new Error('data: URL');
      return r.arrayBuffer();
    }).then(function (b) { return zip.inflateBytes(new Uint8Array(b)); }, slow);
  }
  /* A large saved document is stored compressed: inflating it starts now, while the app is still
     downloading, but after its download has started (reading it and turning it into bytes
     delayed the download by tens of milliseconds on a phone). The app takes the result
     (persist::read_at_start) if the stored text is still the same: compared here, so that the
     app never copies it in. */
  /* The compressed document in what is stored: a JSON string (gloo-storage's form), or bare as
     stored before; null if the document is not compressed. */
  t.packed = function (raw) {
    if (raw && raw.charAt(0) === '"') { try { raw = JSON.parse(raw); } catch (e) { return null; } }
    return raw && raw.slice(0, tag.length) === tag ? raw : null;
  };
  try {
    var raw = w.localStorage.getItem(t.names.state), packed = t.packed(raw);
    t.hasData = raw !== null;
    if (packed) t.stored = { raw: raw, inflated: inflateStored(packed) };
  } catch (e) {}
  t.takeStored = function () {
    var s = t.stored;
    t.stored = null;
    try { if (s && w.localStorage.getItem(t.names.state) === s.raw) return s.inflated; } catch (e) {}
    return null;
  };
})();
