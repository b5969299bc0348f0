import type { Metadata } from "next";
import { requirePageUser } from "@/app/_server/current-user";
import { UsersAdmin } from "@/components/auth/users-admin";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  await requirePageUser("admin");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
      <UsersAdmin />
    </div>
  );
}
