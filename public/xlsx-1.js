/* A minimal .xlsx writer (Office Open XML, one sheet), loaded only when someone exports to Excel, so
   it is never part of the first load. Input: the JSON of the core's export Table
   {"sheet", "header", "rows", "numeric"}. Output: the bytes of a zip with stored (uncompressed)
   entries. Text cells are inline strings, never formulas; number columns are numbers when they parse.
   The header row is bold and frozen. Tested by tests/e2e/committee.test.mjs, which unzips the file,
   checks every CRC and parses every XML part. */
(function () {
  'use strict';
  var TABLE = [];
  for (var n = 0; n < 256; n++) {
    var c = n;
    for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    TABLE[n] = c >>> 0;
  }
  function crc32(b) {
    var c = 0xffffffff;
    for (var i = 0; i < b.length; i++) c = TABLE[(c ^ b[i]) & 255] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }
  function esc(s) {
    return String(s)
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  function colName(i) {
    var s = '';
    for (i += 1; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
    return s;
  }
  function sheetName(s) {
    var t = String(s).replace(/[\[\]:*?\/\\]/g, ' ').slice(0, 31);
    return t || 'Sheet1';
  }
  function zip(files) {
    var enc = new TextEncoder(), local = [], central = [], offset = 0, centralSize = 0;
    files.forEach(function (f) {
      var name = enc.encode(f.name), data = enc.encode(f.text), crc = crc32(data);
      var h = new DataView(new ArrayBuffer(30));
      h.setUint32(0, 0x04034b50, true); h.setUint16(4, 20, true); h.setUint16(6, 0x0800, true);
      h.setUint16(8, 0, true); h.setUint16(10, 0, true); h.setUint16(12, 0x21, true);
      h.setUint32(14, crc, true); h.setUint32(18, data.length, true); h.setUint32(22, data.length, true);
      h.setUint16(26, name.length, true); h.setUint16(28, 0, true);
      local.push(new Uint8Array(h.buffer), name, data);
      var e = new DataView(new ArrayBuffer(46));
      e.setUint32(0, 0x02014b50, true); e.setUint16(4, 20, true); e.setUint16(6, 20, true);
      e.setUint16(8, 0x0800, true); e.setUint16(10, 0, true); e.setUint16(12, 0, true); e.setUint16(14, 0x21, true);
      e.setUint32(16, crc, true); e.setUint32(20, data.length, true); e.setUint32(24, data.length, true);
      e.setUint16(28, name.length, true); e.setUint32(42, offset, true);
      central.push(new Uint8Array(e.buffer), name);
      offset += 30 + name.length + data.length;
      centralSize += 46 + name.length;
    });
    var end = new DataView(new ArrayBuffer(22));
    end.setUint32(0, 0x06054b50, true); end.setUint16(8, files.length, true); end.setUint16(10, files.length, true);
    end.setUint32(12, centralSize, true); end.setUint32(16, offset, true);
    var parts = local.concat(central, [new Uint8Array(end.buffer)]);
    var out = new Uint8Array(offset + centralSize + 22), at = 0;
    parts.forEach(function (p) { out.set(p, at); at += p.length; });
    return out;
  }
  var XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  var MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  var REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  var PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
  function cell(ref, value, numeric, style) {
    var v = value == null ? '' : String(value);
    if (v === '') return '';
    if (numeric && /^-?\d+(\.\d+)?$/.test(v)) return '<c r="' + ref + '"' + style + '><v>' + v + '</v></c>';
    return '<c r="' + ref + '"' + style + ' t="inlineStr"><is><t xml:space="preserve">' + esc(v) + '</t></is></c>';
  }
  function sheetXml(t) {
    var rows = [t.header].concat(t.rows), out = [];
    rows.forEach(function (r, i) {
      var cells = r.map(function (v, j) {
        return cell(colName(j) + (i + 1), v, i > 0 && t.numeric[j], i === 0 ? ' s="1"' : '');
      });
      out.push('<row r="' + (i + 1) + '">' + cells.join('') + '</row>');
    });
    var widths = t.header.map(function (h, j) {
      var w = rows.reduce(function (m, r) {
        var s = String(r[j] == null ? '' : r[j]), len = 0;
        for (var k = 0; k < s.length; k++) len += s.charCodeAt(k) > 255 ? 2 : 1;
        return Math.max(m, len);
      }, 4);
      return '<col min="' + (j + 1) + '" max="' + (j + 1) + '" width="' + Math.min(w + 2, 60) + '" customWidth="1"/>';
    });
    return XML + '<worksheet xmlns="' + MAIN + '"><sheetViews><sheetView workbookViewId="0">' +
      '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
      '<cols>' + widths.join('') + '</cols><sheetData>' + out.join('') + '</sheetData></worksheet>';
  }
  /* The xlsx bytes of a Table given as JSON text. */
  window.tuanXlsx = function (json) {
    var t = JSON.parse(json);
    return zip([
      { name: '[Content_Types].xml', text: XML +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '</Types>' },
      { name: '_rels/.rels', text: XML + '<Relationships xmlns="' + PKG + '">' +
        '<Relationship Id="rId1" Type="' + REL + '/officeDocument" Target="xl/workbook.xml"/></Relationships>' },
      { name: 'xl/workbook.xml', text: XML + '<workbook xmlns="' + MAIN + '" xmlns:r="' + REL + '"><sheets>' +
        '<sheet name="' + esc(sheetName(t.sheet)) + '" sheetId="1" r:id="rId1"/></sheets></workbook>' },
      { name: 'xl/_rels/workbook.xml.rels', text: XML + '<Relationships xmlns="' + PKG + '">' +
        '<Relationship Id="rId1" Type="' + REL + '/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="' + REL + '/styles" Target="styles.xml"/></Relationships>' },
      { name: 'xl/styles.xml', text: XML + '<styleSheet xmlns="' + MAIN + '">' +
        '<fonts count="2"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="11"/><name val="宋体"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>' },
      { name: 'xl/worksheets/sheet1.xml', text: sheetXml(t) }
    ]);
  };
})();
