#!/usr/bin/env node
// `npm run check:zips` (after `npm run zip`): the store zips in .output/ contain what their manifests name.
//  - caselint-<version>-chrome.zip and -firefox.zip: a manifest.json whose version is package.json's, and every file
//    it names (background, content scripts, options page, side panel / sidebar, icons, managed schema, web-accessible
//    resources), plus every script and stylesheet that a packaged HTML page loads;
//  - caselint-<version>-sources.zip (the sources addons.mozilla.org asks for): package.json, package-lock.json, the
//    build config, PRIVACY.md, and every git-tracked file under entrypoints/, components/, lib/ and public/.
// Exit 1 with one line per problem, naming the zip and the file.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const out = '.output';
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const problems = [];

/** Entries of a zip file: name -> () => Buffer (stored or deflated), from its central directory. */
function readZip(path) {
  const buf = readFileSync(path);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${path}: not a zip file (no end of central directory)`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${path}: bad central directory entry ${n}`);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    entries.set(name, () => {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      if (method === 0) return data;
      if (method === 8) return inflateRawSync(data);
      throw new Error(`${path}: ${name} uses compression method ${method}`);
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Files a manifest names, relative to the zip root. */
function namedFiles(m) {
  const files = new Set();
  const add = (f) => typeof f === 'string' && f && files.add(f.replace(/^\//, ''));
  const addIcons = (icons) => (typeof icons === 'string' ? add(icons) : Object.values(icons ?? {}).forEach(add));
  add(m.background?.service_worker);
  (m.background?.scripts ?? []).forEach(add);
  add(m.background?.page);
  for (const cs of m.content_scripts ?? []) [...(cs.js ?? []), ...(cs.css ?? [])].forEach(add);
  add(m.options_ui?.page);
  add(m.options_page);
  add(m.side_panel?.default_path);
  add(m.sidebar_action?.default_panel);
  addIcons(m.sidebar_action?.default_icon);
  for (const a of [m.action, m.browser_action]) {
    add(a?.default_popup);
    addIcons(a?.default_icon);
  }
  addIcons(m.icons);
  add(m.storage?.managed_schema);
  for (const w of m.web_accessible_resources ?? []) (typeof w === 'string' ? [w] : w.resources ?? []).filter((r) => !r.includes('*')).forEach(add);
  return files;
}

function checkExtensionZip(browser) {
  const zip = join(out, `caselint-${version}-${browser}.zip`);
  if (!existsSync(zip)) return void problems.push(`${zip}: missing (run \`npm run zip\`)`);
  const entries = readZip(zip);
  const manifestEntry = entries.get('manifest.json');
  if (!manifestEntry) return void problems.push(`${zip}: no manifest.json at the root`);
  const m = JSON.parse(manifestEntry().toString('utf8'));
  if (m.version !== version) problems.push(`${zip}: manifest version ${m.version}, package.json says ${version}`);
  if (!m.description) problems.push(`${zip}: manifest has no description`);
  if (browser === 'firefox' && !m.browser_specific_settings?.gecko?.id) problems.push(`${zip}: no browser_specific_settings.gecko.id`);
  const named = namedFiles(m);
  // Scripts and stylesheets that the packaged pages load (relative or root-relative URLs).
  for (const page of [...named].filter((f) => f.endsWith('.html'))) {
    const html = entries.get(page)?.().toString('utf8') ?? '';
    for (const [, url] of html.matchAll(/\s(?:src|href)="([^"]+)"/g)) {
      if (/^[a-z]+:/i.test(url) || url.startsWith('#')) continue;
      named.add(url.startsWith('/') ? url.slice(1) : posix.join(posix.dirname(page), url));
    }
  }
  for (const f of named) if (!entries.has(f)) problems.push(`${zip}: manifest or page names ${f}, which is not in the zip`);
  console.log(`${zip}: ${entries.size} files, the ${named.size} that the manifest and its pages name are present`);
}

function checkSourcesZip() {
  const zip = join(out, `caselint-${version}-sources.zip`);
  if (!existsSync(zip)) return void problems.push(`${zip}: missing (run \`npm run zip\`; addons.mozilla.org asks for it)`);
  const entries = readZip(zip);
  const tracked = execFileSync('git', ['ls-files', 'entrypoints', 'components', 'lib', 'public'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const needed = ['package.json', 'package-lock.json', 'wxt.config.ts', 'tsconfig.json', 'PRIVACY.md', 'README.md', '.nvmrc', ...tracked];
  for (const f of needed) if (!entries.has(f)) problems.push(`${zip}: ${f} is missing (a reviewer could not rebuild the add-on)`);
  for (const name of entries.keys()) if (/^(node_modules|\.output)\//.test(name)) problems.push(`${zip}: contains ${name}`);
  console.log(`${zip}: ${entries.size} files, including the ${needed.length} needed to rebuild`);
}

checkExtensionZip('chrome');
checkExtensionZip('firefox');
checkSourcesZip();
if (problems.length) {
  for (const p of problems) console.error(`check-zips: ${p}`);
  process.exit(1);
}
console.log('check-zips: the zips contain what their manifests name');
