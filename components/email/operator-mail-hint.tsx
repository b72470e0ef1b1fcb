/**
 * Where account mail went on a server without an email provider: to its operator, who reads it with
 * `npm run mail` (never to a workspace's outbox, where others could use its link).
 */
export function OperatorMailHint() {
  return (
    <p className="mt-2">
      This server sends no email: its operator finds the message with <code className="font-mono">npm run mail</code>.
    </p>
  );
}
