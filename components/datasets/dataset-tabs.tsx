"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { useUser } from "@/components/auth/user-context";

const tabs = [
  { href: "", label: "Overview" },
  { href: "/label", label: "Label" },
  { href: "/judge", label: "Judge" },
  { href: "/disagreements", label: "Disagreements" },
  { href: "/optimize", label: "Optimize" },
  { href: "/versions", label: "Versions" },
  { href: "/models", label: "Models" },
  { href: "/adjudicate", label: "Adjudicate" },
] as const;

export function DatasetTabs({ datasetId, name }: { datasetId: number; name: string }) {
  const pathname = usePathname();
  const { canAdjudicate } = useUser();
  const base = `/datasets/${datasetId}`;
  const navRef = useRef<HTMLElement>(null);
  // On a narrow screen the strip scrolls sideways: bring the current tab into it.
  useEffect(() => {
    const nav = navRef.current;
    const tab = nav?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!nav || !tab) return;
    const overflow = tab.getBoundingClientRect().right - nav.getBoundingClientRect().right;
    if (overflow > 0) nav.scrollLeft += overflow + 16;
  }, [pathname]);
  return (
    <div className="mb-6 border-b border-slate-200">
      <div className="mb-2 text-xs text-slate-500">
        <Link href="/" className="hover:underline">
          Datasets
        </Link>{" "}
        / <span className="text-slate-700">{name}</span>
      </div>
      <nav ref={navRef} className="-mb-px flex gap-5 overflow-x-auto text-sm [scrollbar-width:none] sm:gap-6" aria-label="Dataset">
        {tabs
          .filter((tab) => tab.href !== "/adjudicate" || canAdjudicate)
          .map((tab) => {
            const href = `${base}${tab.href}`;
            const active = tab.href === "" ? pathname === base : pathname.startsWith(href);
            return (
              <Link
                key={tab.label}
                href={href}
                aria-current={active ? "page" : undefined}
                className={`shrink-0 whitespace-nowrap border-b-2 pb-2 ${active ? "border-indigo-500 font-medium text-slate-900" : "border-transparent text-slate-500 hover:text-slate-800"}`}
              >
                {tab.label}
              </Link>
            );
          })}
      </nav>
    </div>
  );
}
