/** Deterministic mutations of export files for the import fuzz test; the same seed gives the same files. */

export type Random = () => number;

/** mulberry32: small, fast, and the same sequence on every machine. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (random: Random, below: number) => Math.floor(random() * below);
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** Characters that mean something to CSV, JSON or XML, and byte sequences that break UTF-8 or hide a BOM. */
const STRUCTURE = ascii(`",;\t\n\r{}[]:<>/&\\'=+-@`);
const INSERTS: Uint8Array[] = [
  Uint8Array.of(0xef, 0xbb, 0xbf),
  Uint8Array.of(0xff, 0xfe),
  Uint8Array.of(0xc3),
  Uint8Array.of(0xe2, 0x82),
  Uint8Array.of(0xed, 0xa0, 0x80),
  Uint8Array.of(0x00),
  ascii("\r\n"),
  ascii('""'),
  ascii("&lt;"),
  ascii("]]>"),
];
const NEWLINES = [ascii("\n"), ascii("\r"), ascii("\r\n")];

/** `bytes` with `remove` bytes at `at` replaced by `insert` (native copies: mutating stays cheap beside parsing). */
function splice(bytes: Uint8Array, at: number, remove: number, insert: Uint8Array = new Uint8Array()): Uint8Array {
  const end = Math.min(bytes.length, at + remove);
  const result = new Uint8Array(bytes.length - (end - at) + insert.length);
  result.set(bytes.subarray(0, at));
  result.set(insert, at);
  result.set(bytes.subarray(end), at + insert.length);
  return result;
}

const anywhere = (bytes: Uint8Array, random: Random) => int(random, bytes.length + 1);
const times = (random: Random, most: number, apply: () => void) => {
  for (let n = 1 + int(random, most); n > 0; n -= 1) apply();
};

type Mutation = { name: string; apply: (bytes: Uint8Array, random: Random) => Uint8Array };

const MUTATIONS: Mutation[] = [
  {
    name: "flip bits",
    apply: (bytes, random) => {
      const copy = bytes.slice();
      if (copy.length > 0) times(random, 8, () => (copy[int(random, copy.length)]! ^= 1 << int(random, 8)));
      return copy;
    },
  },
  { name: "truncate", apply: (bytes, random) => bytes.slice(0, anywhere(bytes, random)) },
  {
    name: "insert quotes",
    apply: (bytes, random) => {
      times(random, 5, () => (bytes = splice(bytes, anywhere(bytes, random), 0, ascii('"'))));
      return bytes;
    },
  },
  {
    name: "insert newlines",
    apply: (bytes, random) => {
      times(random, 5, () => (bytes = splice(bytes, anywhere(bytes, random), 0, NEWLINES[int(random, 3)])));
      return bytes;
    },
  },
  {
    name: "insert BOM",
    apply: (bytes, random) => splice(bytes, random() < 0.5 ? 0 : anywhere(bytes, random), 0, INSERTS[0]),
  },
  {
    name: "insert structure",
    apply: (bytes, random) => {
      times(random, 10, () => (bytes = splice(bytes, anywhere(bytes, random), 0, STRUCTURE.subarray(int(random, STRUCTURE.length)).subarray(0, 1))));
      return bytes;
    },
  },
  { name: "insert bad bytes", apply: (bytes, random) => splice(bytes, anywhere(bytes, random), 0, INSERTS[int(random, INSERTS.length)]) },
  { name: "delete slice", apply: (bytes, random) => splice(bytes, anywhere(bytes, random), int(random, 200)) },
  {
    name: "repeat slice",
    apply: (bytes, random) => {
      const at = anywhere(bytes, random);
      const slice = bytes.slice(at, at + int(random, 300));
      const repeated = new Uint8Array(slice.length * int(random, 20));
      for (let offset = 0; offset < repeated.length; offset += slice.length) repeated.set(slice, offset);
      return splice(bytes, at, 0, repeated);
    },
  },
  {
    name: "huge field",
    apply: (bytes, random) => {
      const huge = new Uint8Array(20_000 + int(random, 80_000)).fill(ascii(`a",\n<{`)[int(random, 6)]!);
      if (random() < 0.5) huge[0] = 0x22; // often an opening quote, never closed
      return splice(bytes, anywhere(bytes, random), 0, huge);
    },
  },
];

/** One to three mutations of a file; `steps` names them for the failure message. */
export function mutate(source: Uint8Array, random: Random): { bytes: Uint8Array; steps: string[] } {
  let bytes = source;
  const steps: string[] = [];
  for (let n = 1 + int(random, 3); n > 0; n -= 1) {
    // A huge field is costly to parse: it stays one mutation in fifty.
    const mutation = MUTATIONS[int(random, MUTATIONS.length)]!;
    if (mutation.name === "huge field" && random() > 0.2) continue;
    bytes = mutation.apply(bytes, random);
    steps.push(mutation.name);
  }
  return { bytes, steps: steps.length > 0 ? steps : ["none"] };
}
