// The home page's first screen drawn by the loader before the app is up (or the skeleton left for other pages).
// @ts-check
/* The first screen in the HTML (ARCHITECTURE.md): opened on 首页, the page shows the app's first
   screen at once, before the app has loaded, instead of the skeleton: on a device without data the
   first-run offer, on one with data the 找组织 / 我的 / 志愿服务 grid. Its controls are links, so a
   tap is kept: the app opens the page tapped as soon as it is up, and meanwhile says 正在打开. The
   app replaces this copy with its own rendering of the same page (src/pages/common/home.rs; a
   test keeps the two the same). Its links name the page in the fragment, the form of links handed
   out before, so a tap stays on this document; the app then opens that page at its own path.
   Any other page keeps the skeleton. */
(function () {
  var w = window, t = w.tuan, h = w.location.hash, sk = document.getElementById('skeleton');
  if (!t.assets || !sk || (h && h !== '#' && h !== '#/') || !/^(index\.html)?$/.test(t.here)) return;
  var page = t.hasData
    ? '<nav class="grid" aria-label="主要功能" data-test="home">' +
      '<a class="grid-item" href="#/find"><span class="grid-icon" aria-hidden="true">🔍</span>找组织</a>' +
      '<a class="grid-item" href="#/me"><span class="grid-icon" aria-hidden="true">👤</span>我的</a>' +
      '<a class="grid-item" href="#/volunteer"><span class="grid-icon" aria-hidden="true">❤</span>志愿服务</a></nav>'
    : '<div class="intro" data-test="first-run"><h2>欢迎使用团员报到</h2>' +
      '<p>按校团委《团组织关系转接操作方式》的步骤，完成创建账号、加入团支部、注册志愿者，团支部审核，学院团委发放组织注册码和统计。</p>' +
      '<p>所有数据只保存在本机浏览器中，不会上传到任何服务器。</p></div>' +
      '<div class="btn-area"><a class="btn btn-primary" data-test="use-demo" href="#/demo/start">使用演示数据</a>' +
      '<a class="btn" data-test="start-empty" href="#/start" onclick="location.replace(this.href);return false">从空白开始</a><a class="btn" href="#/data">恢复备份数据</a></div>' +
      '<p class="intro muted">演示数据是一所虚构的大学：1个校团委、4个学院/书院团委、12个团支部、约120名团员，可在一台手机上切换身份体验各个角色。</p>';
  var d = document.createElement('div');
  d.id = 'first-screen';
  d.className = 'app';
  d.innerHTML = '<header class="topbar"><h1 class="topbar-title">北京共青团</h1></header>' +
    '<main class="page"><p class="fs-note" id="fs-note" role="status" hidden>正在打开……</p>' + page + '</main>';
  sk.parentNode.replaceChild(d, sk);
  w.addEventListener('hashchange', function () {
    var note = document.getElementById('fs-note');
    if (note) note.hidden = false;
  });
})();
