import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { Api } from "./api";
import { CliError, EXIT } from "./exit-codes";
import { keyPrefix, loadLogin, loginFilePath, normaliseUrl, removeLogin, saveLogin } from "./login-store";
import { DEFAULT_REASON, findCustomer, findPassword, placeOf, readField, type Customer, type PasswordMetadata } from "./passwords";
import { readApiKey } from "./read-key";
import { FIELDS, parseField, parsePasswordPath } from "./references";
import { parseEnvTemplate, resolveEnvironment, runWithEnvironment } from "./run-command";

/*
 * vaultline: the command-line client of the REST API /api/v1 (README, "CLI"). Values go to stdout, messages to stderr,
 * and the exit code says what happened (exit-codes.ts).
 */

type JsonOption = { json?: boolean };

const print = (text: string) => void process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
const printJson = (value: unknown) => print(JSON.stringify(value, null, 2));

/** A secret as is, so `$(vaultline get …)` and pipes get exactly the value; a newline only for a person's terminal. */
const printValue = (value: string) => void process.stdout.write(process.stdout.isTTY ? `${value}\n` : value);

const apiOf = async () => new Api(await loadLogin());

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ")).join("\n");
}

const jsonOption = () => new Option("--json", "print JSON for scripts");
const reasonOption = () => new Option("--reason <text>", "why the secret is needed (recorded in the audit log)").default(DEFAULT_REASON);

const program = new Command("vaultline")
  .description("Fetch passwords from Vaultline in scripts: vaultline <command> --help for each command.")
  .enablePositionalOptions()
  .exitOverride()
  .showHelpAfterError();

program
  .command("login")
  .description("store an API key for an app (read from stdin or a hidden prompt, never from the command line)")
  .requiredOption("--url <url>", "the app's address, such as https://vault.example.com")
  .option("--key-stdin", "read the key from stdin instead of prompting")
  .addOption(jsonOption())
  .action(async (options: { url: string; keyStdin?: boolean } & JsonOption) => {
    const url = normaliseUrl(options.url);
    const key = await readApiKey(options.keyStdin === true);
    await new Api({ url, key }).get("/customers", { limit: 1 }); // refuse a wrong key before keeping it
    const { storedIn } = await saveLogin(url, key);
    if (options.json) printJson({ url, keyPrefix: keyPrefix(key), storedIn });
    else print(`Logged in to ${url} with ${keyPrefix(key)}; the key is kept in ${storedIn}.`);
  });

program
  .command("logout")
  .description("forget the stored API key")
  .addOption(jsonOption())
  .action(async (options: JsonOption) => {
    const removed = await removeLogin();
    if (options.json) printJson({ loggedOut: removed });
    else print(removed ? "Logged out: the stored API key is gone." : "Not logged in: nothing to forget.");
  });

program
  .command("whoami")
  .alias("status")
  .description("show which app and key the CLI uses, and check that the key still works")
  .addOption(jsonOption())
  .action(async (options: JsonOption) => {
    const login = await loadLogin();
    await new Api(login).get("/customers", { limit: 1 });
    const where = login.source === "file" ? loginFilePath() : login.source === "keyring" ? "the OS keyring" : "VAULTLINE_API_KEY";
    if (options.json) printJson({ url: login.url, keyPrefix: keyPrefix(login.key), source: login.source, valid: true });
    else print(`${login.url}\nkey ${keyPrefix(login.key)} from ${where}: accepted`);
  });

program
  .command("ls")
  .description("list customers, or a customer's passwords (metadata only, never secrets)")
  .argument("[customer]", "a customer's name")
  .addOption(jsonOption())
  .action(async (customerName: string | undefined, options: JsonOption) => {
    const api = await apiOf();
    if (customerName === undefined) {
      const customers = await api.all<Customer>("/customers");
      if (options.json) printJson(customers);
      else if (customers.length > 0) print(customers.map((c) => c.name).join("\n"));
      return;
    }
    const customer = await findCustomer(api, customerName);
    const passwords = await api.all<PasswordMetadata>("/passwords", { customerId: customer.id });
    if (options.json) printJson(passwords);
    else if (passwords.length > 0) print(table([["DESCRIPTION", "USERNAME", "WHERE"], ...passwords.map((p) => [p.description, p.username, placeOf(p)])]));
  });

program
  .command("get")
  .description("print one field of a password: the password itself unless --field says otherwise")
  .argument("<customer/description>", 'the password, "/" inside a name written %2F')
  .addOption(new Option("--field <field>", "which field").choices(FIELDS).default("password"))
  .addOption(reasonOption())
  .addOption(jsonOption())
  .action(async (path: string, options: { field: string; reason: string } & JsonOption) => {
    const { customer, description } = parsePasswordPath(path);
    const field = parseField(options.field, "--field");
    const api = await apiOf();
    const password = await findPassword(api, customer, description);
    const value = await readField(api, password, field, options.reason);
    if (options.json) printJson({ id: password.id, customer: password.customer.name, description: password.description, field, value });
    else printValue(value);
  });

program
  .command("totp")
  .description("print a password's current TOTP code")
  .argument("<customer/description>", 'the password, "/" inside a name written %2F')
  .addOption(jsonOption())
  .action(async (path: string, options: JsonOption) => {
    const { customer, description } = parsePasswordPath(path);
    const api = await apiOf();
    const password = await findPassword(api, customer, description);
    const code = await readField(api, password, "totp", DEFAULT_REASON);
    if (options.json) printJson({ id: password.id, customer: password.customer.name, description: password.description, code });
    else printValue(code);
  });

program
  .command("run")
  .description("run a command with vaultline://<customer>/<description>[/<field>] environment values replaced by the secrets")
  .option("--env-file <file>", "a NAME=value template whose values may be vaultline:// references")
  .addOption(reasonOption())
  .argument("<command...>", "the command and its arguments, after --")
  .passThroughOptions()
  .action(async (command: string[], options: { envFile?: string; reason: string }) => {
    let template: Record<string, string> = {};
    if (options.envFile) {
      let text: string;
      try {
        text = readFileSync(options.envFile, "utf8");
      } catch (error) {
        throw new CliError(EXIT.usage, `--env-file ${options.envFile}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}.`);
      }
      template = parseEnvTemplate(text, options.envFile);
    }
    // The child gets the secrets it asked for, not the key that fetched them.
    const env = { ...process.env, ...template };
    delete env.VAULTLINE_API_KEY;
    process.exitCode = await runWithEnvironment(command, await resolveEnvironment(await apiOf(), env, options.reason));
  });

function report(error: unknown, json: boolean): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage; // commander printed it
  const known = error instanceof CliError;
  const message = known ? error.message : `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
  const exitCode = known ? error.exitCode : EXIT.unavailable;
  process.stderr.write(json ? `${JSON.stringify({ error: { exitCode, message } })}\n` : `vaultline: ${message}\n`);
  return exitCode;
}

const ownArgs = process.argv.slice(2, process.argv.includes("--") ? process.argv.indexOf("--") : undefined);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = report(error, ownArgs.includes("--json"));
}
