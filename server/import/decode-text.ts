/** A file's bytes as text: UTF-8, byte order mark removed, invalid sequences replaced (and remembered). */
export interface DecodedText {
  text: string;
  /** True when some bytes were not UTF-8 and became U+FFFD: the rows holding them are reported. */
  hadInvalidUtf8: boolean;
}

const REPLACEMENT = "\uFFFD";
const lenient = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false });
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Decodes without throwing; the BOM goes (TextDecoder drops it), CRLF and every other character stay as written. */
export function decodeText(bytes: Uint8Array): DecodedText {
  const text = lenient.decode(bytes);
  if (!text.includes(REPLACEMENT)) return { text, hadInvalidUtf8: false };
  // A U+FFFD can be a real character of the file; only a strict decode tells the two apart.
  try {
    strict.decode(bytes);
    return { text, hadInvalidUtf8: false };
  } catch {
    return { text, hadInvalidUtf8: true };
  }
}

/** True when a decoded value holds a replacement character, i.e. (in a file with invalid UTF-8) lost bytes. */
export function hasReplacementCharacter(value: string): boolean {
  return value.includes(REPLACEMENT);
}
