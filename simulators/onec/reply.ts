/** What a simulated method answers, and 1C's ways of answering. */

export interface Reply {
  status: number;
  body: Buffer;
  contentType?: string;
}

export const json = (status: number, value: unknown): Reply => ({ status, body: Buffer.from(JSON.stringify(value), 'utf8') });

/** How 1C reports a failed call: 500 with a message. */
export const failure = (message: string): Reply => json(500, { message });

/** A business refusal: processed, and the answer is no. */
export const refusal = (message: string, result: string | boolean = 'false'): Reply => json(200, { result, message });

/** Parses a request body with the method's schema, or answers 500 as 1C does for a malformed call. */
export function parseRequest<T>(body: string, parse: (v: unknown) => { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } }): T | Reply {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    return failure(`Ошибка разбора JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const r = parse(value);
  if (!r.success) return failure(`Некорректный запрос: ${r.error.issues.map((i) => `${i.path.map(String).join('.') || 'тело'}: ${i.message}`).join('; ')}`);
  return r.data;
}

export function isReply(v: unknown): v is Reply {
  return v !== null && typeof v === 'object' && 'status' in v && 'body' in v && Buffer.isBuffer((v as Reply).body);
}
