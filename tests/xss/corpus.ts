// Loads the XSS payload corpus from payloads.json and checks that every
// payload carries the sentinel call with its own index.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One hostile input: `payload` would call `__xss(id)` if a browser ran it. */
export type Payload = {
  id: number;
  /** Attack class, after the OWASP XSS cheat sheets: `event attribute`, `markdown link`. */
  class: string;
  payload: string;
};

/** Reads the corpus in file order, so `payloads[i].id === i`. */
export function loadPayloads(): Payload[] {
  const text = readFileSync(join(__dirname, 'payloads.json'), 'utf8');
  const file = JSON.parse(text) as { payloads: Payload[] };
  return file.payloads;
}

/**
 * Returns the problems of the corpus: ids out of order and payloads whose
 * text, after decoding the encodings the payloads use, lacks `__xss(id)`.
 */
export function corpusProblems(payloads: Payload[]): string[] {
  const problems: string[] = [];
  payloads.forEach((entry, index) => {
    if (entry.id !== index) {
      problems.push(`payload at position ${index} has id ${entry.id}`);
    }
    if (!decodeForCheck(entry.payload).includes(`__xss(${entry.id})`)) {
      problems.push(`payload ${entry.id} does not call __xss(${entry.id}): ${entry.payload}`);
    }
  });
  return problems;
}

/**
 * Decodes numeric character references (with or without `;`) and base64
 * `data:` bodies, which is enough to find the sentinel in every payload.
 */
function decodeForCheck(payload: string): string {
  const references = payload.replace(/&#(x[0-9a-f]+|[0-9]+);?/gi, (_, code: string) => {
    const value = code[0].toLowerCase() === 'x' ? parseInt(code.slice(1), 16) : parseInt(code, 10);
    return String.fromCodePoint(value);
  });
  const base64Bodies = [...references.matchAll(/base64,([A-Za-z0-9+/=]+)/g)].map((match) =>
    Buffer.from(match[1], 'base64').toString('utf8'),
  );
  return [references, ...base64Bodies].join('\n');
}
