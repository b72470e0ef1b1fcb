import { AppError } from "@/server/errors";

/** Why a ZIP or KeePass file could not be opened; the UI can act on it (ask again for the password…). */
export type ContainerFailure =
  | "password_required"
  | "wrong_password"
  | "too_large"
  | "zip_bomb"
  | "no_resource_file"
  | "unsupported"
  | "damaged";

/**
 * A container (ZIP, KDBX) that could not be opened. `field` names the input to fix (`password`, `keyFile`, `file`,
 * `fileName`) so the upload form shows the message next to it; messages never carry a secret or file content.
 */
export class ContainerError extends AppError {
  constructor(
    readonly failure: ContainerFailure,
    field: "password" | "keyFile" | "file" | "fileName",
    message: string,
  ) {
    super("BAD_REQUEST", message, field);
    this.name = "ContainerError";
  }
}
