"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const links = [
  { href: "/", label: "Datasets", adminOnly: false },
  { href: "/import", label: "Import", adminOnly: true },
  { href: "/users", label: "Users", adminOnly: true },
  { href: "/settings", label: "Settings", adminOnly: false },
] as const;

/** "/" owns every dataset page too, so a dataset's own import page still reads as Datasets. */
function isActive(href: string, pathname: string): boolean {
  if (href === "/") return pathname === "/" || pathname.startsWith("/datasets");
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** The app's top navigation, the current section marked for sight and for screen readers. */
export function AppNav({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  return (
    <nav className="flex gap-4 overflow-x-auto text-sm text-slate-600 [scrollbar-width:none]" aria-label="Main">
      {links
        .filter((link) => isAdmin || !link.adminOnly)
        .map((link) => {
          const active = isActive(link.href, pathname);
          return (
            <Link
              key={link.href}
              href={link.href}
              aria-current={active ? "page" : undefined}
              className={`shrink-0 border-b-2 py-1 ${active ? "border-indigo-500 font-medium text-slate-900" : "border-transparent hover:text-slate-900"}`}
            >
              {link.label}
            </Link>
          );
        })}
    </nav>
  );
}
