"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { TextField } from "@/components/ui/text-field";
import { FormError } from "@/components/forms/form-error";
import type { UploadAnswer } from "./types";
import { containerOf, UploadRefused, uploadImportFile, type UploadContainer } from "./upload-file";

const MAX_MB = 100;
const forThisUpload = "Used to open the file for this upload only; Vaultline does not keep it.";
/** What the password fieldset says for each kind of protected file. */
const containerLabels: Record<UploadContainer, { legend: string; password: string; hint: string }> = {
  zip: { legend: "ZIP archive", password: "ZIP password", hint: forThisUpload },
  kdbx: { legend: "KeePass database", password: "Master password", hint: forThisUpload },
  bitwarden: {
    legend: "Password-protected Bitwarden export",
    password: "File password",
    hint: `The password chosen when the vault was exported. ${forThisUpload}`,
  },
};
const fileInputClasses =
  "block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-50";

/**
 * Step 1: choose the export file. A ZIP, a KeePass database or a password-protected Bitwarden export asks for its
 * password (and, for KeePass, an optional key file) before it is sent; a wrong or missing password comes back next to
 * the field.
 */
export function UploadForm({ tenant, onUploaded }: { tenant: string; onUploaded: (answer: UploadAnswer) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [container, setContainer] = useState<UploadContainer | null>(null);
  const [password, setPassword] = useState("");
  const [keyFile, setKeyFile] = useState<File | null>(null);
  const [innerFileName, setInnerFileName] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<UploadRefused | null>(null);
  const fieldError = (field: string) => (error?.field === field ? error.message : null);

  async function choose(chosen: File | undefined) {
    setError(null);
    setFile(chosen ?? null);
    setContainer(chosen ? await containerOf(chosen) : null);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return setError(new UploadRefused("Choose a file to upload.", "file"));
    if (file.size > MAX_MB * 1024 * 1024) return setError(new UploadRefused(`The file is larger than ${MAX_MB} MB, the most one import takes: split it.`, "file"));
    setPending(true);
    setError(null);
    try {
      onUploaded(await uploadImportFile(tenant, { file, password, keyFile, innerFileName }));
    } catch (caught) {
      setError(caught instanceof UploadRefused ? caught : new UploadRefused("The upload failed: check your connection and try again.", null));
      if (caught instanceof UploadRefused && caught.field === "password") setContainer((c) => c ?? "zip");
    } finally {
      setPending(false);
    }
  }

  return (
    <form noValidate onSubmit={submit} className="max-w-2xl space-y-4" aria-label="Upload an export file">
      <div>
        <label htmlFor="import-file" className="mb-1 block text-sm font-medium text-slate-800">
          Export file
        </label>
        <input
          id="import-file"
          type="file"
          accept=".csv,.tsv,.txt,.json,.xml,.1pux,.zip,.kdbx,text/csv,application/json,application/zip"
          onChange={(e) => void choose(e.target.files?.[0])}
          aria-describedby="import-file-hint"
          aria-invalid={fieldError("file") ? true : undefined}
          className={fileInputClasses}
        />
        <p id="import-file-hint" className="mt-1 text-sm text-slate-500">
          An export of Bitwarden (JSON, also password-protected, or CSV), 1Password, LastPass, Keeper, Dashlane, KeePass (XML, CSV or a .kdbx database), Chrome, Firefox, Passbolt, Psono,
          RoboForm or Passpack, or a CSV in a password-protected ZIP. Up to {MAX_MB} MB. The file is stored encrypted until the import ends.
        </p>
        <FieldError id="import-file-error" message={fieldError("file")} />
      </div>
      {container ? (
        <fieldset className="space-y-3 rounded-md border border-slate-200 p-4">
          <legend className="px-1 text-sm font-medium text-slate-800">{containerLabels[container].legend}</legend>
          <TextField
            id="import-password"
            label={containerLabels[container].password}
            type="password"
            autoComplete="off"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldError("password")}
            hint={containerLabels[container].hint}
          />
          {container === "bitwarden" ? null : container === "kdbx" ? (
            <div>
              <label htmlFor="import-key-file" className="mb-1 block text-sm font-medium text-slate-800">
                Key file (optional)
              </label>
              <input id="import-key-file" type="file" onChange={(e) => setKeyFile(e.target.files?.[0] ?? null)} className={fileInputClasses} />
              <FieldError id="import-key-file-error" message={fieldError("keyFile")} />
            </div>
          ) : (
            <TextField
              id="import-inner-file"
              label="File inside the ZIP (optional)"
              value={innerFileName}
              onChange={(e) => setInnerFileName(e.target.value)}
              error={fieldError("fileName")}
              hint="Without a name, the first CSV, TSV or TXT file is read."
            />
          )}
        </fieldset>
      ) : null}
      <FormError message={error && !["file", "password", "keyFile", "fileName"].includes(error.field ?? "") ? error.message : null} />
      <Button type="submit" pending={pending}>
        {pending ? "Uploading…" : "Upload and preview"}
      </Button>
    </form>
  );
}
