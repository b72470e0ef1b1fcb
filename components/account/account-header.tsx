import { UserMenu } from "@/components/shell/user-menu";
import { Logo } from "@/components/ui/logo";

export function AccountHeader({ name, email }: { name: string; email: string }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl items-center justify-between px-4 py-2 sm:px-6">
        <Logo href="/select-workspace" />
        <UserMenu name={name} email={email} />
      </div>
    </header>
  );
}
