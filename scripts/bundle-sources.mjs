// Which sources make up a built file, raw and gzipped: CASELINT_SOURCEMAP=1 npx wxt build, then
// node scripts/bundle-sources.mjs .output/chrome-mv3/content-scripts/content.js (docs/performance.md, "Content script size").
import { readFileSync } from 'node:fs';
import { SourceMapConsumer } from 'source-map-js';
import { gzipSync } from 'node:zlib';
const file = process.argv[2];
const code = readFileSync(file, 'utf8');
const map = JSON.parse(readFileSync(file + '.map', 'utf8'));
const c = new SourceMapConsumer(map);
const lines = code.split('\n');
const chunks = {};
// attribute each generated segment to source
const segs = [];
c.eachMapping((m) => segs.push(m));
segs.sort((a,b)=>a.generatedLine-b.generatedLine||a.generatedColumn-b.generatedColumn);
for (let i=0;i<segs.length;i++){ const s=segs[i], n=segs[i+1]; const line=lines[s.generatedLine-1]; const end = n && n.generatedLine===s.generatedLine ? n.generatedColumn : line.length; const text=line.slice(s.generatedColumn,end); const src=s.source||'?'; const mm=src.match(/node_modules\/((@[^/]+\/)?[^/]+)/); const k=mm?mm[1]:src.replace(/^.*?(lib|components|entrypoints)\//,'$1/').split('/').slice(0,2).join('/'); (chunks[k] ??= []).push(text); }
const rows = Object.entries(chunks).map(([k,v])=>[k, v.join('').length, gzipSync(v.join('')).length]).sort((a,b)=>b[2]-a[2]);
console.log('file', code.length, 'gz', gzipSync(code).length);
for (const r of rows.slice(0,25)) console.log(String(r[1]).padStart(8), String(r[2]).padStart(7), r[0]);
