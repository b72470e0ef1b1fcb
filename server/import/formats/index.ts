import { guessDelimiter, previewCsv } from "../csv/read-csv";
import { decodeText } from "../decode-text";
import { DETECT_SAMPLE_BYTES } from "../limits";
import { bitwardenCsv } from "./bitwarden-csv";
import { bitwardenJson } from "./bitwarden-json";
import { chromeCsv } from "./chrome-csv";
import { dashlaneCsv, dashlaneLegacyCsv } from "./dashlane-csv";
import { firefoxCsv } from "./firefox-csv";
import { genericCsv } from "./generic-csv";
import { keepass2Xml } from "./keepass2-xml";
import { keepassxcCsv } from "./keepassxc-csv";
import { keeperCsv } from "./keeper-csv";
import { keeperJson } from "./keeper-json";
import { lastpassCsv } from "./lastpass-csv";
import { huduCsv, itGlueCsv, passportalCsv } from "./msp-tools-csv";
import { onePassword1pux } from "./onepassword-1pux";
import { onePassword7Csv, onePasswordCsv, onePasswordMacCsv, onePasswordWindowsCsv } from "./onepassword-csv";
import { passboltCsv } from "./passbolt-csv";
import { passpackCsv } from "./passpack-csv";
import { pmpCsv } from "./pmp-csv";
import { psonoJson } from "./psono-json";
import { roboformCsv } from "./roboform-csv";
import type { FileSample, ImportFormat } from "./types";

export { proposeColumnMapping } from "./generic-csv";
export { ENTRY_FIELDS } from "./types";
export type {
  ColumnMapping,
  ColumnRef,
  EntryField,
  FileSample,
  ImportFormat,
  ImportFormatKind,
  ImportParseOptions,
  ImportParseResult,
  ImportRowStream,
} from "./types";

/**
 * Every format an import can read, in the order the picker lists them. Ids are stable: the pipeline stores them with
 * an import and the UI keys presets by them.
 */
export const IMPORT_FORMATS: readonly ImportFormat[] = [
  bitwardenJson,
  bitwardenCsv,
  onePassword1pux,
  onePasswordCsv,
  onePassword7Csv,
  onePasswordWindowsCsv,
  onePasswordMacCsv,
  lastpassCsv,
  keeperCsv,
  keeperJson,
  dashlaneCsv,
  dashlaneLegacyCsv,
  keepass2Xml,
  keepassxcCsv,
  chromeCsv,
  firefoxCsv,
  passboltCsv,
  psonoJson,
  roboformCsv,
  passpackCsv,
  itGlueCsv,
  huduCsv,
  passportalCsv,
  pmpCsv,
  genericCsv,
];

const byId = new Map(IMPORT_FORMATS.map((format) => [format.id, format]));

/** The format with this id, or undefined (an id from the client is checked against this list). */
export function getImportFormat(id: string): ImportFormat | undefined {
  return byId.get(id);
}

export interface ImportFormatCandidate {
  id: string;
  label: string;
  /** 0 < confidence ≤ 1; 1 means the file carries the format's exact signature. */
  confidence: number;
}

/** How many records of a CSV-like head detection reads (headerless formats judge by their shape). */
const DETECT_RECORDS = 20;

/**
 * The formats this file may be, most likely first (formats that rule it out are left out). Reads the file name, the
 * first DETECT_SAMPLE_BYTES as text and, for JSON, the whole document; never throws.
 */
export function detectImportFormat(fileName: string, bytes: Uint8Array): ImportFormatCandidate[] {
  const sample = sampleOf(fileName, bytes);
  return IMPORT_FORMATS.map((format) => ({ id: format.id, label: format.label, confidence: format.detect(sample) }))
    .filter((candidate) => candidate.confidence > 0)
    .sort((a, b) => b.confidence - a.confidence);
}

function sampleOf(fileName: string, bytes: Uint8Array): FileSample {
  const dot = fileName.lastIndexOf(".");
  const extension = dot === -1 ? "" : fileName.slice(dot + 1).toLowerCase();
  const head = decodeText(bytes.subarray(0, DETECT_SAMPLE_BYTES)).text;
  const json = looksLikeJson(head) ? parseJsonOrUndefined(decodeText(bytes).text) : undefined;
  const delimiter = guessDelimiter(head);
  const csvRecords = json === undefined && !head.trimStart().startsWith("<") ? previewCsv(head, DETECT_RECORDS, { delimiter }) : [];
  return { fileName, extension, head, csvRecords, delimiter, json };
}

function looksLikeJson(head: string): boolean {
  const start = head.trimStart()[0];
  return start === "{" || start === "[";
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
