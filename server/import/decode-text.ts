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
