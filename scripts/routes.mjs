// Gives every page of the app a copy of index.html in its own folder (dist/find/index.html,
// dist/branch/register/index.html, …), so that a link or a reload of any page opens on a plain
// static host, with no rewrite rules, under any sub-path: each copy's <base> leads back to the
// deployment's root (../, ../../), from which it names every file and which the app's router takes
// as its base. The folders are src/route.rs's PAGES (scripts/pages.mjs). Also writes
// 404.html, for hosts that serve one for a path they do not have.
// Run by the post-build hook (scripts/post-build.sh) on Trunk's staging directory, after the page is
// minified and the full build's names are written into it.
// Usage: node routes.mjs DIR
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pages as pageFolders } from './pages.mjs';

const dir = process.argv[2];
const pages = pageFolders();

const html = readFileSync(join(dir, 'index.html'), 'utf8');
const base = /<base href="?\.\/"?>/;
if (!base.test(html)) throw new Error('index.html has no <base href="./">');
for (const page of pages) {
  mkdirSync(join(dir, page), { recursive: true });
  const up = '../'.repeat(page.split('/').length);
  writeFileSync(join(dir, page, 'index.html'), html.replace(base, `<base href="${up}">`));
}

// 404.html: the host's answer for a path it does not have. It cannot know how deep it is, so it
// finds the app's root (the nearest folder above with this same file) before offering the way home;
// a link of the form handed out before, with the page in the fragment, is taken there at once.
writeFileSync(join(dir, '404.html'), `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>页面不存在 · 团员报到</title>
<style>body{margin:0;background:#ededed;color:rgba(0,0,0,.9);font:1.0625rem/1.5 -apple-system,"PingFang SC","Microsoft YaHei",system-ui,sans-serif}
div{max-width:640px;margin:0 auto;padding:24px 16px}h1{font-size:22px}a{display:block;text-align:center;padding:12px;border-radius:8px;background:#07c160;color:#fff;text-decoration:none;font-weight:600}</style>
</head><body><div><h1>页面不存在</h1><p>链接不正确或已过期，请从首页进入。</p><a id="home" href="/" data-test="home-404">回到首页</a></div>
<script>
(function () {
  var dirs = location.pathname.split('/').slice(0, -1), home = document.getElementById('home');
  function look(n) {
    if (n < 1) return;
    var root = dirs.slice(0, n).join('/') + '/';
    fetch(root + '404.html', { method: 'HEAD', cache: 'no-store' }).then(function (r) {
      if (!r.ok) return look(n - 1);
      if (/^#\\//.test(location.hash)) return location.replace(root + location.hash);
      home.href = root;
    }, function () { look(n - 1); });
  }
  look(dirs.length);
})();
</script></body></html>
`);
console.log(`index.html copied into ${pages.length} page folders; 404.html written`);
