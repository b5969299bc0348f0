/** Every failure a person can act on carries one of these codes. */
export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  invalid_input: 422,
  rate_limited: 429,
  internal: 500,
  provider_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** One row-and-field problem in user input (an import row, a form field). */
export interface InputIssue {
  /** 1-based line in the uploaded file, when the problem has one. */
  line?: number;
  field?: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: InputIssue[];

  constructor(code: ErrorCode, message: string, issues: InputIssue[] = []) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.issues = issues;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** "line 4, field score: …" — how an issue reads in a CLI or a toast. */
export function formatIssue(issue: InputIssue): string {
  const where = [issue.line !== undefined ? `line ${issue.line}` : null, issue.field ? `field "${issue.field}"` : null].filter(Boolean).join(", ");
  return where ? `${where}: ${issue.message}` : issue.message;
}
