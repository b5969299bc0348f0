import type { InputIssue } from "@/lib/errors";
import { IMPORT_LIMITS } from "./limits";

/**
 * Problems found in a file: every one counted, the first few hundred kept to list. A file of a
 * million bad lines costs a counter, not a million messages.
 */
export class IssueSink {
  readonly listed: InputIssue[] = [];
  count = 0;
  /** Distinct lines with a problem (problems arrive in line order). */
  lines = 0;
  private lastLine: number | undefined = undefined;

  add(issue: InputIssue): void {
    this.count++;
    if (issue.line === undefined || issue.line !== this.lastLine) this.lines++;
    this.lastLine = issue.line;
    if (this.listed.length < IMPORT_LIMITS.listedIssues) this.listed.push(issue);
  }

  /** ": 1,000,000 problems, the first 200 listed" when the list is cut. */
  more(): string {
    return this.count > this.listed.length ? `: ${this.count.toLocaleString("en-US")} problems, the first ${this.listed.length} listed` : "";
  }
}
