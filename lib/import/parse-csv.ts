import { IssueSink } from "./issues";
import { IMPORT_LIMITS } from "./limits";

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  cells: string[];
}

const SPECIAL = /[,\n\r"]/g;

/**
 * RFC 4180 CSV: comma-separated, double-quoted fields with "" escapes, LF or CRLF, read in
 * pieces of any size (a file streams through it). Written here rather than taken from a library
 * so that every quoting error names the line where the broken record starts (an unclosed quote
 * names the line it opened on), and parsing resumes on the next line so one file reports every
 * bad row.
 */
export class CsvParser {
  private line = 1;
  private startLine = 1;
  private cells: string[] = [];
  private cell = "";
  private quoted = false;
  private quoteLine = 1;
  private atCellStart = true;
  private afterClosingQuote = false;
  /** The piece ended on a quote inside a quoted field: an escaped quote or the closing one. */
  private pendingQuote = false;
  /** The piece ended on a carriage return outside quotes: a CRLF or a lone CR. */
  private pendingCR = false;
  /** After broken quoting: the rest of the physical line is skipped. */
  private skipping = false;
  /** A field grew past any legal size (an unclosed quote swallowing the file): reading stops. */
  private stopped = false;

  constructor(
    private readonly emit: (record: CsvRecord) => void,
    private readonly issues: IssueSink,
  ) {}

  push(text: string): void {
    let i = 0;
    const n = text.length;
    if (n === 0 || this.stopped) return;
    if (this.pendingQuote) {
      this.pendingQuote = false;
      if (text[0] === '"') {
        this.cell += '"';
        i = 1;
      } else this.closeQuote();
    }
    if (this.pendingCR && i < n) {
      this.pendingCR = false;
      if (text[i] === "\n") {
        this.endRecord();
        i++;
      } else this.regular("\r");
    }
    while (i < n) {
      if (this.skipping) {
        const newline = text.indexOf("\n", i);
        if (newline === -1) return;
        this.skipping = false;
        this.line++;
        this.reset();
        i = newline + 1;
        continue;
      }
      if (this.quoted) {
        const quote = text.indexOf('"', i);
        const end = quote === -1 ? n : quote;
        const piece = text.slice(i, end);
        this.cell += piece;
        this.line += countNewlines(piece);
        if (this.cell.length > IMPORT_LIMITS.lineChars) return this.stop();
        if (quote === -1) return;
        if (quote + 1 === n) {
          this.pendingQuote = true;
          return;
        }
        if (text[quote + 1] === '"') {
          this.cell += '"';
          i = quote + 2;
        } else {
          this.closeQuote();
          i = quote + 1;
        }
        continue;
      }
      SPECIAL.lastIndex = i;
      const match = SPECIAL.exec(text);
      const at = match ? match.index : n;
      if (at > i) {
        if (this.afterClosingQuote) {
          this.broken(`unexpected character ${JSON.stringify(text[i])} after a closing quote (write a quote inside a quoted field as "")`);
          i++;
          continue;
        }
        this.cell += text.slice(i, at);
        this.atCellStart = false;
        if (this.cell.length > IMPORT_LIMITS.lineChars) return this.stop();
      }
      if (!match) return;
      i = at + 1;
      const ch = match[0];
      if (ch === ",") {
        this.cells.push(this.cell);
        this.cell = "";
        this.atCellStart = true;
        this.afterClosingQuote = false;
      } else if (ch === "\n") this.endRecord();
      else if (ch === "\r") {
        if (i === n) this.pendingCR = true;
        else if (text[i] === "\n") {
          this.endRecord();
          i++;
        } else this.regular("\r");
      } else this.regular('"');
    }
  }

  /** The file ended: the last record, or the quote that never closed. */
  end(): void {
    if (this.stopped) return;
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.closeQuote();
    }
    if (this.pendingCR) {
      this.pendingCR = false;
      this.regular("\r");
    }
    if (this.skipping) return;
    if (this.quoted) {
      this.issues.add({ line: this.quoteLine, message: "a quoted field is opened here and never closed" });
      return;
    }
    this.cells.push(this.cell);
    if (!(this.cells.length === 1 && this.cells[0] === "")) this.emit({ line: this.startLine, cells: this.cells });
  }

  private stop(): void {
    this.stopped = true;
    const opened = this.quoted ? ` (the quote opened on line ${this.quoteLine} may never close)` : "";
    this.issues.add({ line: this.startLine, message: `a field longer than ${IMPORT_LIMITS.lineChars.toLocaleString("en-US")} characters starts in this record${opened}` });
  }

  private closeQuote(): void {
    this.quoted = false;
    this.afterClosingQuote = true;
  }

  /** A character that is not a separator, outside quotes. */
  private regular(ch: string): void {
    if (this.skipping) return;
    if (this.afterClosingQuote) return this.broken(`unexpected character ${JSON.stringify(ch)} after a closing quote (write a quote inside a quoted field as "")`);
    if (ch === '"') {
      if (!this.atCellStart) return this.broken('a quote inside an unquoted field (quote the whole field and write the quote as "")');
      this.quoted = true;
      this.quoteLine = this.line;
      this.atCellStart = false;
      return;
    }
    this.cell += ch;
    this.atCellStart = false;
  }

  private broken(reason: string): void {
    this.issues.add({ line: this.line, message: `broken CSV quoting: ${reason}` });
    this.skipping = true;
  }

  private endRecord(): void {
    this.cells.push(this.cell);
    if (!(this.cells.length === 1 && this.cells[0] === "")) this.emit({ line: this.startLine, cells: this.cells });
    this.line++;
    this.reset();
  }

  private reset(): void {
    this.cells = [];
    this.cell = "";
    this.quoted = false;
    this.atCellStart = true;
    this.afterClosingQuote = false;
    this.startLine = this.line;
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

/** A whole text at once: its records and quoting problems. */
export function parseCsv(text: string): { records: CsvRecord[]; issues: IssueSink["listed"] } {
  const records: CsvRecord[] = [];
  const issues = new IssueSink();
  const parser = new CsvParser((record) => records.push(record), issues);
  parser.push(text);
  parser.end();
  return { records, issues: issues.listed };
}
