/**
 * Starts a workspace's single sign-on: null while the browser goes on to the identity provider, else what went wrong. A fetch,
 * not a form post: the CSP's form-action would stop a form's redirect to another site.
 */
export async function startSso(input: { workspace: string } | { email: string }): Promise<string | null> {
  const response = await fetch("/api/sso/start", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) }).catch(() => null);
  const body = (await response?.json().catch(() => null)) as { url?: string; error?: string } | null;
  if (response?.ok && body?.url) {
    window.location.assign(body.url);
    return null;
  }
  return body?.error ?? "Single sign-on could not start. Try again.";
}
