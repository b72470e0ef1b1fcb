import { CliError, EXIT, type ExitCode } from "./exit-codes";
import type { Login } from "./login-store";

/*
 * The REST API /api/v1 as the CLI calls it: the key as a bearer token, JSON in and out, and every failure turned into
 * a CliError with the exit code scripts rely on and the server's own problem detail (which names the field at fault).
 */

/** A problem+json answer (RFC 9457) that a caller may want to handle itself (ambiguity, approval). */
export class ApiProblem extends CliError {
  constructor(
    exitCode: ExitCode,
    message: string,
    readonly status: number,
  ) {
    super(exitCode, message);
    this.name = "ApiProblem";
  }
}

function exitCodeOf(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 404) return EXIT.notFound;
  if (status === 409) return EXIT.ambiguous;
  if (status === 429 || status >= 500) return EXIT.unavailable;
  return EXIT.usage;
}

function explain(status: number, detail: string, retryAfter: string | null): string {
  if (status === 401) return `The API key was refused: ${detail} Run vaultline login with a valid key.`;
  if (status === 429) return `${detail}${retryAfter ? ` Retry after ${retryAfter} seconds.` : ""}`;
  return detail;
}

export type Query = Record<string, string | number | undefined>;

export class Api {
  constructor(private readonly login: Pick<Login, "url" | "key">) {}

  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.call<T>("GET", path, query);
  }

  post<T>(path: string, body: unknown = undefined): Promise<T> {
    return this.call<T>("POST", path, {}, body);
  }

  /** Every item of a cursor-paged list. */
  async all<T>(path: string, query: Query = {}): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await this.get<{ items: T[]; nextCursor: string | null }>(path, { ...query, limit: 100, cursor: cursor ?? undefined });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  private async call<T>(method: string, path: string, query: Query, body?: unknown): Promise<T> {
    const url = new URL(`${this.login.url}/api/v1${path}`);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = { authorization: `Bearer ${this.login.key}`, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(EXIT.unavailable, `Cannot reach ${this.login.url}: ${cause?.code ?? cause?.message ?? String(error)}.`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      throw new CliError(EXIT.unavailable, `${this.login.url} answered ${method} /api/v1${path} with ${response.status} and no JSON: is it the Vaultline app's address?`);
    }
    if (response.ok) return parsed as T;
    const detail = (parsed as { detail?: unknown } | null)?.detail;
    const message = typeof detail === "string" ? detail : `The server answered ${response.status}.`;
    throw new ApiProblem(exitCodeOf(response.status), explain(response.status, message, response.headers.get("retry-after")), response.status);
  }
}
