import { isUtf8 } from "node:buffer";

/** A file's bytes as text: byte order mark removed, invalid sequences replaced (and remembered). */
export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** True when some bytes were not valid in the encoding and became U+FFFD: the rows holding them are reported. */
  hadInvalidBytes: boolean;
}

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be";

const REPLACEMENT = "\uFFFD";

/**
 * Decodes without throwing. UTF-8 unless a UTF-16 byte order mark says otherwise (Excel's "Unicode Text", a common
 * way to get a TSV); the BOM goes, CRLF and every other character stay as written.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const encoding = encodingOf(bytes);
  const text = new TextDecoder(encoding, { fatal: false }).decode(bytes);
  if (!text.includes(REPLACEMENT)) return { text, encoding, hadInvalidBytes: false };
  // A U+FFFD can be a real character of the file; only a strict decode tells the two apart.
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return { text, encoding, hadInvalidBytes: false };
  } catch {
    return { text, encoding, hadInvalidBytes: true };
  }
}

function encodingOf(bytes: Uint8Array): TextEncoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return "utf-8";
}

/** True when a decoded value holds a replacement character, i.e. (in a file with invalid bytes) lost bytes. */
export function hasReplacementCharacter(value: string): boolean {
  return value.includes(REPLACEMENT);
}

/**
 * A file's text handed over in pieces, so a CSV is read without the whole file ever becoming one string (a string of
 * the file's size lives in V8's old generation at once, and each request or job step that read the file added one).
 */
export interface PiecedText {
  /** The text's start, at least TEXT_HEAD_CHARS characters (all of it when shorter): what a format guesses from. */
  head: string;
  /** The whole text from its start, piece by piece; each call starts anew. */
  pieces(): Iterable<string>;
}

/** As much of the start as Papa Parse guesses the line break from (1 MiB), so a pieced read guesses as a whole one. */
export const TEXT_HEAD_CHARS = 1024 * 1024;
/** Bytes decoded per piece: a piece, and the records cut from it, are small enough to die young. */
const PIECE_BYTES = 32 * 1024;

/** A text already whole, as pieces (one). */
export function wholeText(text: string): PiecedText {
  return { head: text.slice(0, TEXT_HEAD_CHARS), pieces: () => [text] };
}

/** The pieces joined: for formats read as one document (JSON, XML). */
export const joinPieces = (text: PiecedText): string => [...text.pieces()].join("");

/**
 * decodeText's result without the whole text: the same characters (BOM removed, invalid sequences replaced), decoded
 * a piece at a time whenever they are read. Whether the bytes held invalid sequences is checked without decoding.
 */
export function decodePieces(bytes: Uint8Array): { text: PiecedText; encoding: TextEncoding; hadInvalidBytes: boolean } {
  const encoding = encodingOf(bytes);
  const pieces = () => decodedPieces(bytes, new TextDecoder(encoding, { fatal: false }));
  let head = "";
  for (const piece of pieces()) {
    head += piece;
    if (head.length >= TEXT_HEAD_CHARS) break;
  }
  return { text: { head, pieces }, encoding, hadInvalidBytes: !isValidIn(bytes, encoding) };
}

function* decodedPieces(bytes: Uint8Array, decoder: TextDecoder): Generator<string> {
  for (let offset = 0; offset < bytes.byteLength; offset += PIECE_BYTES) {
    const piece = decoder.decode(bytes.subarray(offset, offset + PIECE_BYTES), { stream: true });
    if (piece !== "") yield piece;
  }
  const rest = decoder.decode();
  if (rest !== "") yield rest;
}

/** Whether a strict decode would succeed (decodeText's test for lost bytes); UTF-8 is checked in place. */
function isValidIn(bytes: Uint8Array, encoding: TextEncoding): boolean {
  if (encoding === "utf-8") return isUtf8(bytes);
  try {
    for (const piece of decodedPieces(bytes, new TextDecoder(encoding, { fatal: true }))) void piece;
    return true;
  } catch {
    return false;
  }
}
