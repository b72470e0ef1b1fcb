import { CliError, EXIT } from "./exit-codes";

/*
 * The API key comes from stdin or a prompt that does not echo, never from the command line, where any user of the
 * machine sees it in the process list.
 */

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const { stdin, stderr } = process;
  stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = "";
    const done = (settle: () => void) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      stderr.write("\n");
      settle();
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString("utf8")) {
        if (char === "\r" || char === "\n") return done(() => resolve(typed));
        if (char === "\u0003") return done(() => reject(new CliError(EXIT.usage, "Login cancelled.")));
        typed = char === "\u007f" || char === "\b" ? typed.slice(0, -1) : typed + char;
      }
    };
    stdin.on("data", onData);
  });
}

export async function readApiKey(fromStdin: boolean): Promise<string> {
  let key: string;
  if (fromStdin) key = await readAll(process.stdin);
  else if (process.stdin.isTTY) key = await promptHidden("API key (input hidden): ");
  else throw new CliError(EXIT.usage, "No terminal to ask for the API key: pipe it in with --key-stdin.");
  key = key.trim();
  if (!key) throw new CliError(EXIT.usage, "The API key is empty: create one in the app under Settings → API keys.");
  if (/\s/.test(key)) throw new CliError(EXIT.usage, "The API key must be a single line without spaces.");
  return key;
}
