/*
 * The corrected event an operator edits before a replay: the original payload,
 * pretty-printed when it is JSON so it can be read and fixed, and checked before it is
 * sent so a typo is shown in the editor instead of becoming another dead letter.
 */

/** The payload as the editor opens it: indented JSON when it parses, the text as it was otherwise. */
export function draftFromPayload(payload: string | null): string {
  if (payload === null) return '';
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

export type CorrectedEvent = { ok: true; body: string } | { ok: false; message: string };

/** The edited text as a replay body, or why it cannot be one. */
export function parseCorrectedEvent(text: string): CorrectedEvent {
  if (text.trim() === '') return { ok: false, message: 'The corrected event is empty.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${jsonErrorMessage(error, text)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'The corrected event must be one JSON object (a CloudEvent), not an array or a single value.' };
  }
  return { ok: true, body: JSON.stringify(value) };
}

/** The parser's message, with the line and column when it gives a position. */
function jsonErrorMessage(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (!position) return message;
  const offset = Number(position[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${message.replace(/\s*\(line \d+ column \d+\)/, '')} (line ${line}, column ${column})`;
}
