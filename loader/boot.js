// The loader after the first paint: the error screens, starting a build's wasm, the offline copy, the app's ready signal.
// @ts-check
/* Classic script (no modules, no arrow functions): runs on every engine, old ones included.
   It and the next one run after the skeleton's first paint (a frame, then a task), not before:
   the wasm is already downloading since <head>, and at a phone's speed running them first put
   the paint 40 ms later. A hidden tab gets no frames: then after 100 ms. */
window.tuan.afterPaint = function (f) {
  var done = false, run = function () { if (!done) { done = true; f(); } };
  if (window.requestAnimationFrame) requestAnimationFrame(function () { setTimeout(run, 0); });
  setTimeout(run, 100);
};
tuan.afterPaint(function () {
  var w = window, t = w.tuan;
  function el(html) { var d = document.createElement('div'); d.className = 'fatal'; d.innerHTML = html; return d; }
  function replaceBody(node) {
    ['skeleton', 'first-screen'].forEach(function (id) { var e = document.getElementById(id); if (e) e.parentNode.removeChild(e); });
    var old = document.getElementById('fatal'); if (old) old.parentNode.removeChild(old);
    node.id = 'fatal'; document.body.appendChild(node);
  }
  function copyFrom(id) {
    var box = /** @type {HTMLTextAreaElement} */ (document.getElementById(id)); box.focus(); box.select();
    try { document.execCommand('copy'); } catch (e) {}
  }
  t.copy = copyFrom;
  /* The error screen: shown on a panic or a failed start. The data to copy out is the app's own
     reading of what is stored (rescueCopy of the full build, src/bin/full.rs: the document with the
     journal's changes, without password hashes), which 恢复备份数据 reads as a full backup; this page
     only takes a compressed document out of its deflate. The member's build has no such reader:
     after its crash the full build is loaded for it (and, seeing this screen, does not start). */
  function reader() {
    if (t.app && t.app.rescueCopy) return Promise.resolve(t.app);
    return import(t.full.js).then(function (m) { return m.default({ module_or_path: t.full.wasm }).then(function () { return m; }); });
  }
  t.fatal = function (detail) {
    if (t.fatalShown) return; t.fatalShown = true;
    var app = /** @type {HTMLElement | null} */ (document.querySelector('.app')); if (app) app.style.display = 'none';
    var node = el('<h1>出错了</h1><p>应用遇到了意外错误，已停止运行，以免损坏数据。本机保存的数据没有丢失。</p>' +
      '<p>请点“重新加载”再试。如果反复出现，请先复制下方的本机数据（不含密码）保存好，再联系团支部或学院团委。</p>' +
      '<button onclick="location.reload()">重新加载</button>' +
      '<p><label for="fatal-data">本机数据（长按或点按钮复制）</label></p><textarea id="fatal-data" readonly></textarea>' +
      '<button class="plain" onclick="tuan.copy(\'fatal-data\')">复制数据</button>' +
      '<p style="color:var(--fg-2);font-size:13px">错误信息：<span id="fatal-detail"></span></p>');
    replaceBody(node);
    var area = /** @type {HTMLTextAreaElement} */ (document.getElementById('fatal-data')), raw = null, journal = null;
    try { raw = w.localStorage.getItem(t.names.state); journal = w.localStorage.getItem(t.names.journal); } catch (e) {}
    function show(json) {
      if (raw === null) { area.value = '（本机没有保存的数据）'; return; }
      var failed = function () { area.value = '（无法读取本机数据；数据仍保存在本机，联网后重新加载可再试）'; };
      if (!json) return failed();
      var loading;
      try { loading = reader(); } catch (e) { return failed(); }
      loading.then(function (app) {
        var copy = null;
        try { copy = app.rescueCopy(json, journal || ''); } catch (e) {}
        if (copy) area.value = copy; else failed();
      }, failed);
    }
    var packed = t.packed(raw);
    area.value = '正在读取……';
    /* After the panic has stopped the app's code: the copy is made by a fresh call. */
    setTimeout(function () {
      if (!packed) return show(raw);
      try { t.zip.inflate(t.unpack(packed)).then(show, function () { show(null); }); } catch (e) { show(null); }
    }, 0);
    document.getElementById('fatal-detail').textContent = String(detail || '').slice(0, 300);
  };
  function unsupported(why) {
    replaceBody(el('<h1>当前浏览器版本过低</h1><p>本应用需要较新的浏览器（需支持 WebAssembly）。</p>' +
      '<p>请将微信更新到最新版本后重新打开链接；或点右上角“…”，选择“在浏览器打开”，用手机自带浏览器访问。</p>' +
      '<p style="color:var(--fg-2);font-size:13px">原因：' + why + '</p>'));
  }
  t.unsupported = unsupported;
  /* What the build needs: WebAssembly with reference types (Chrome 96 / iOS 15.1), module scripts, fetch, Promise. */
  var ok = false, why = '不支持 WebAssembly';
  try {
    if (typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function') {
      why = 'WebAssembly 版本过旧（不支持 reference types）';
      ok = WebAssembly.validate(new Uint8Array([0,97,115,109,1,0,0,0,1,5,1,96,1,111,0,3,2,1,0,10,4,1,2,0,11]));
    }
    if (ok && !('noModule' in document.createElement('script'))) { ok = false; why = '不支持 ES 模块'; }
    if (ok && (typeof fetch !== 'function' || typeof Promise !== 'function')) { ok = false; why = '不支持 fetch'; }
  } catch (e) { ok = false; }
  if (!ok) { unsupported(why); return; }
  /* Starts the app: `app` is the build's JavaScript module (its default export starts the wasm;
     rescueCopy makes the error screen's copy). */
  t.boot = function (app, wasmUrl) {
    var note = document.getElementById('sk-note');
    /* The module compiled while it downloaded (below), or else the bytes, fetched now. */
    function bytes() {
      /* The download begun in <head>, if streaming did not take it. */
      var started = t.download;
      t.download = null;
      return (started || fetch(wasmUrl)).then(function (r) {
        if (!r.ok) throw new Error('下载失败（HTTP ' + r.status + '）');
        return r.arrayBuffer();
      });
    }
    t.app = app;
    return Promise.resolve(t.module).then(function (module) {
      return module || bytes();
    }).then(function (module) {
      if (note) note.textContent = '正在启动……';
      return app.default({ module_or_path: module });
    }).then(function (exports) {
      t.wasm = exports; /* its memory, for the benchmark's heap figure */
      return exports;
    }).catch(function (e) {
      if (t.fatalShown) return;
      replaceBody(el('<h1>加载失败</h1><p>网络不稳定或文件不完整，应用没能启动。请检查网络后点“重新加载”。</p>' +
        '<button onclick="location.reload()">重新加载</button><p style="color:var(--fg-2);font-size:13px">' +
        String(e && e.message || e).replace(/</g, '&lt;').slice(0, 200) + '</p>'));
    });
  };
  /* A file fetched past every cache, and the web server's clock (its HTTP Date) for the app's
     check of the phone's (src/store/browser.rs, fetch_fresh): [text or null, ms or null]. */
  t.fresh = function (url) {
    return fetch(url, { cache: 'no-store' }).then(function (r) {
      /* A CDN's cached copy keeps its origin's Date and says how old it is in Age. */
      var date = Date.parse(r.headers.get('date') || '') + 1000 * (+r.headers.get('age') || 0);
      return (r.ok ? r.text() : Promise.resolve(null)).then(function (text) { return [text, isNaN(date) ? null : date]; });
    }, function () { return [null, null]; });
  };
  /* A copy of a downloaded file for offline use (the cache sw.js serves from, named there too),
     so sw.js never downloads it again. */
  t.keep = function (url, r) {
    if (!w.caches || !navigator.serviceWorker || !r.ok) return;
    var copy = r.clone();
    caches.open('tuan-offline-1').then(function (c) { return c.put(new URL(url, document.baseURI).href, copy); }).catch(function () {});
  };
  /* Called by the app once it is up (src/store/loader.rs). Then, where the browser runs service
     workers (not WeChat on iPhone), sw.js keeps this page and the build it runs for offline use. */
  t.ready = function () {
    t.up = true;
    var sw = navigator.serviceWorker;
    if (!sw || !t.assets) return;
    sw.register('./sw.js').then(function () { return sw.ready; }).then(function (reg) {
      /* The member's build always (首页's), the full one once it ran here. */
      var keep = [t.assets.js, t.assets.wasm].concat(t.pick === t.full ? [t.full.js, t.full.wasm] : []);
      if (reg.active) reg.active.postMessage({ keep: keep });
    }).catch(function () {});
  };
  w.addEventListener('error', function (e) {
    if (!t.up && e && e.message && /wasm|WebAssembly|unreachable/i.test(e.message)) t.fatal(e.message);
  });
  setTimeout(function () {
    var note = document.getElementById('sk-note');
    if (!t.up && note) note.textContent = '网络较慢，仍在加载……如长时间无反应，请刷新页面。';
  }, 8000);
});
