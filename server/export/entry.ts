/*
 * One password as every export format writes it (KDBX, CSV, Bitwarden JSON, the offline HTML page), after the
 * exporter has checked what the member may reveal and opened the secrets. Values are in the clear: this shape
 * goes only from the export job to a format writer, never into a job payload, a log line or an error.
 * An empty value is null (or an empty list), so every writer treats "nothing" the same way.
 */

/** A custom field of a password; `secret` ones are sealed in Vaultline and written as protected where a format can. */
export interface ExportCustomField {
  name: string;
  value: string;
  secret: boolean;
}

/** One password and where it is filed: always a customer, and at most one of a contact or a device of that customer. */
export interface ExportEntry {
  customer: string;
  contact: string | null;
  device: string | null;
  /** The password's name/description as the technician sees it in lists. */
  title: string;
  username: string | null;
  password: string | null;
  urls: string[];
  notes: string | null;
  /** An `otpauth://` URI or a bare base32 seed, as stored. */
  totp: string | null;
  customFields: ExportCustomField[];
  tags: string[];
}
