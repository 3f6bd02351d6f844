// How an error reads in a form: 422 entries next to the field their `loc` names, the rest
// as sentences for the whole form.

import { ApiError } from "./http";

export interface FormErrors {
  fields: Record<string, string[]>;
  form: string[];
}

export const noErrors: FormErrors = { fields: {}, form: [] };

/**
 * `fields` maps the API's field names (loc[1]) to the form's own names; `details` maps a
 * string `detail` that is about one field ("Incorrect password") to that field.
 */
export function formErrors(
  error: unknown,
  fields: Record<string, string> | string[] = [],
  details: Record<string, string> = {},
): FormErrors {
  const names: Record<string, string> = Array.isArray(fields)
    ? Object.fromEntries(fields.map((name) => [name, name]))
    : fields;
  const result: FormErrors = { fields: {}, form: [] };
  if (error instanceof ApiError && error.status === 422 && Array.isArray(error.detail)) {
    for (const issue of error.detail) {
      const field = issue.loc.length > 1 ? names[String(issue.loc[1])] : undefined;
      const sentence = sentenceOf(issue.msg);
      if (field) (result.fields[field] ??= []).push(sentence);
      else result.form.push(issue.loc.length > 1 ? `${issue.loc[1]}: ${sentence}` : sentence);
    }
    return result;
  }
  if (error instanceof ApiError && typeof error.detail === "string" && details[error.detail] && error.status !== 429) {
    result.fields[details[error.detail]] = [sentenceOf(error.detail)];
    return result;
  }
  result.form.push(messageOf(error));
  return result;
}

/** One sentence for any error: what the API said, or what happened to the request. */
export function messageOf(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return error instanceof Error ? error.message : "Something went wrong.";
  }
  if (error.status === 429) {
    // "Too many …; try again later" reads "Too many …. Try again in 15 minutes."
    const what = (typeof error.detail === "string" ? error.detail : "Too many attempts")
      .replace(/[;,.]?\s*try again later\.?$/i, "");
    const wait = error.retryAfter !== null ? `Try again in ${duration(error.retryAfter)}.` : "Try again later.";
    return `${sentenceOf(what)} ${wait}`;
  }
  if (error.unavailable) return "The service is unavailable right now. Please try again in a moment.";
  if (typeof error.detail === "string") return sentenceOf(error.detail);
  if (Array.isArray(error.detail)) return error.detail.map((issue) => sentenceOf(issue.msg)).join(" ");
  if (error.status >= 500) return "Something went wrong on the server. Please try again.";
  return `The request failed (HTTP ${error.status}).`;
}

export function sentenceOf(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const first = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

export function duration(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}
