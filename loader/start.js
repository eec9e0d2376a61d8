// The loader's last script: starts the build picked in <head>.
// @ts-check
/* Starts the build chosen in <head> (tuan.pick), after the script above: its wasm is
   compiled as it arrives (the preloaded download), while its JavaScript is imported. */
tuan.afterPaint(function () {
  var w = window, t = w.tuan;
  if (!t.boot || !t.pick) return;
  var a = t.pick;
  t.module = null;
  try {
    if (w.WebAssembly && WebAssembly.compileStreaming && w.fetch) {
      /* The download begun in <head> (or, after a preload link, a fetch() that takes its response). */
      var started = (t.download || fetch(a.wasm)).then(function (r) { t.keep(a.wasm, r); return r; });
      t.download = null;
      t.module = WebAssembly.compileStreaming(started).catch(function () { return null; });
    }
  } catch (e) {}
  var s = document.createElement('script');
  s.type = 'module';
  s.textContent = "import * as app from '" + a.js + "';\nwindow.tuan.boot(app, '" + a.wasm + "');";
  document.body.appendChild(s);
});
