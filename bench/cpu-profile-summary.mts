/**
 * Summarises a V8 CPU profile of the server (`BENCH_CPU_PROFILE=<dir> npm run bench:reveal-http` writes one when the
 * bench stops the server): where the busy time went, by area (a package, or a folder of the app), by function (self
 * time), and by subtree (inclusive time). The production build is minified; functions in .next/server chunks are named
 * through the chunks' source maps (original file, line and name), the rest by their own names and files. Inclusive time
 * follows the sampled stacks, which end at an await: the part of an async function after its first await is counted
 * under the microtask queue, not under its caller.
 *
 *   node --import tsx bench/cpu-profile-summary.mts <file.cpuprofile> [--window <from>-<to>,…] [--top 30]
 *
 * --window keeps the samples taken in those spans of CLOCK_MONOTONIC microseconds (V8's sample clock), which the
 * bench prints for its measured load, so start-up, sign-up and the floor's turn are left out.
 */
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };

const { positionals, values } = parseArgs({ allowPositionals: true, options: { window: { type: "string" }, top: { type: "string", default: "30" } } });
const [file] = positionals;
if (!file) {
  console.error("usage: cpu-profile-summary.mts <file.cpuprofile> [--window <from>-<to>,…] [--top 30]");
  process.exit(2);
}
const TOP = Number(values.top);
const windows = (values.window ?? "").split(",").filter(Boolean).map((w) => w.split("-").map(Number) as [number, number]);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

const maps = new Map<string, { map: SourceMap; sources: string[]; contents: (string | null)[] } | null>();
function sourceMapOf(url: string) {
  if (!maps.has(url)) {
    const path = url.startsWith("file://") ? fileURLToPath(url) : url;
    const mapFile = `${path}.map`;
    if (!url.includes("/.next/") || !existsSync(mapFile)) maps.set(url, null);
    else {
      const payload = JSON.parse(readFileSync(mapFile, "utf8")) as { sources: string[]; sourcesContent?: (string | null)[] };
      maps.set(url, { map: new SourceMap(payload as never), sources: payload.sources, contents: payload.sourcesContent ?? [] });
    }
  }
  return maps.get(url)!;
}

/** "[project]/server/auth/sessions.ts" or "../../node_modules/%40trpc/server/…" → a path from the repository root. */
const cleanSource = (source: string) =>
  decodeURIComponent(source)
    .replace(/^.*?\[project\]\//, "")
    .replace(/^(\.\.\/)+/, "")
    .replace(/^.*\/node_modules\//, "node_modules/");

/** A readable name for a frame: "name (file:line)", through the source map when the code is a minified chunk. */
function describe(frame: CallFrame): { label: string; source: string } {
  if (!frame.url) return { label: frame.functionName || "(anonymous)", source: frame.functionName };
  const found = sourceMapOf(frame.url);
  if (found) {
    const entry = found.map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number; name?: string };
    if (entry.originalSource) {
      // A package's own source maps can leave its name out ("node_modules/src/entity.ts"); the chunk's file has it.
      const chunkPackage = /node_modules_([^_/]+)[^/]*$/.exec(frame.url)?.[1];
      const source = cleanSource(entry.originalSource).replace(/^node_modules\/src\//, `node_modules/${chunkPackage ?? "(unknown package)"}/src/`);
      const line = entry.originalLine ?? 0;
      const text = found.contents[found.sources.findIndex((s) => entry.originalSource!.endsWith(s) || s.endsWith(entry.originalSource!))]?.split("\n")[line] ?? "";
      const name = entry.name ?? /(?:function\*?\s+|const\s+|let\s+|(?:async\s+)?)([A-Za-z_$][\w$]*)\s*(?:=|\(|:)/.exec(text)?.[1] ?? frame.functionName;
      return { label: `${name || "(anonymous)"} (${source}:${line + 1})`, source };
    }
  }
  const path = cleanSource(frame.url.replace(/^file:\/\//, ""));
  return { label: `${frame.functionName || "(anonymous)"} (${path}:${frame.lineNumber + 1})`, source: path };
}

/** The area a source belongs to: its package, a folder of the app, Node itself, or V8's own entries. */
function areaOf(source: string): string {
  if (source.startsWith("(")) return source;
  if (source.startsWith("node:")) return "node (built-in modules)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];
  if (pkg) return pkg;
  const parts = source.split("/");
  return parts.length > 2 ? parts.slice(0, 2).join("/") : parts[0]!;
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const described = new Map(profile.nodes.map((n) => [n.id, describe(n.callFrame)]));

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const areas = new Map<string, number>();
const files = new Map<string, number>();
let total = 0;
let idle = 0;
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  at += profile.timeDeltas[i] ?? 0;
  if (windows.length && !windows.some(([from, to]) => at >= from && at <= to)) return;
  const node = byId.get(id)!;
  const { label, source } = described.get(id)!;
  if (node.callFrame.functionName === "(idle)") {
    idle += ms;
    return;
  }
  total += ms;
  self.set(label, (self.get(label) ?? 0) + ms);
  areas.set(areaOf(source), (areas.get(areaOf(source)) ?? 0) + ms);
  files.set(source, (files.get(source) ?? 0) + ms);
  const seen = new Set<string>();
  for (let frame: number | undefined = id; frame !== undefined; frame = parent.get(frame)) {
    const name = described.get(frame)!.label;
    if (seen.has(name)) continue; // recursion counts once
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
  }
});

const pct = (ms: number) => `${((100 * ms) / total).toFixed(1).padStart(5)} %`;
const top = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(`${file}${windows.length ? ` (${windows.length} windows)` : ""}\n  busy ${(total / 1000).toFixed(1)} s, idle ${(idle / 1000).toFixed(1)} s (percentages below are of busy time)\n`);
console.log("Self time by area:");
for (const [name, ms] of top(areas, 20)) console.log(`  ${pct(ms)}  ${name}`);
console.log(`\nSelf time by file (top ${TOP}):`);
for (const [name, ms] of top(files, TOP)) console.log(`  ${pct(ms)}  ${name}`);
console.log(`\nSelf time by function (top ${TOP}):`);
for (const [name, ms] of top(self, TOP)) console.log(`  ${pct(ms)}  ${name}`);
console.log(`\nInclusive time by function (top ${TOP * 2}; a subtree's share of busy time):`);
for (const [name, ms] of top(inclusive, TOP * 2)) console.log(`  ${pct(ms)}  ${name}`);
