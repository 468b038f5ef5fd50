// Builders of backlog JSON for the browser tests, following the schema in
// crates/backlog-core/src/model.rs (schema_version 1).
import type { Payload } from './corpus';

export type Project = {
  number: number;
  title: string;
  markdown: string;
  description: string;
  expected_impact: string | null;
  deliverable: string | null;
  repositories: string[];
  tech_stack: string | null;
};

export type Entry = {
  slug: string;
  title: string;
  date: string;
  image: string | null;
  image_width: number | null;
  image_height: number | null;
  caption: string | null;
  tags: string[];
  technologies: string[];
  overview: string;
  excerpt: string;
  links: { website: string | null; registry: string | null; repositories: string[] };
  projects: Project[];
  source: string;
};

export type Backlog = {
  schema_version: number;
  about: Entry | null;
  entries: unknown[];
};

/** Slug of the About entry, which the header's About link opens. */
export const ABOUT_SLUG = 'backlog';

/** Slug of the entry that carries every payload at once. */
export const ALL_PAYLOADS_SLUG = 'xss-all';

/** Returns the slug of the entry built from one payload. */
export function payloadSlug(payload: Payload): string {
  return `xss-${payload.id}`;
}

/**
 * Returns a word that only the entry of `payload` contains, so a search
 * for it must find exactly one good. Zero-padded, so `xsscase007z` is not
 * a substring of another marker.
 */
export function payloadMarker(payload: Payload): string {
  return `xsscase${String(payload.id).padStart(3, '0')}z`;
}

/** Returns an entry with `payload` in every field, its slug and sizes aside. */
export function payloadEntry(payload: Payload): Entry {
  const text = payload.payload;
  return {
    slug: payloadSlug(payload),
    title: text,
    date: text,
    image: text,
    image_width: 320,
    image_height: 200,
    caption: text,
    tags: [text],
    technologies: [text, payloadMarker(payload)],
    overview: text,
    excerpt: text,
    links: { website: text, registry: text, repositories: [text] },
    projects: [projectOf(1, text)],
    source: text,
  };
}

/**
 * Returns an entry whose every field contains all payloads joined by
 * `separator`, so one payload's unclosed markup meets the next one.
 * Its second project joins them with nothing between.
 */
export function combinedEntry(slug: string, payloads: Payload[], separator: string): Entry {
  const texts = payloads.map((payload) => payload.payload);
  const joined = texts.join(separator);
  return {
    slug,
    title: texts.join(' '),
    date: '2021-02-15T13:32:20+03:00',
    image: joined,
    image_width: 640,
    image_height: 360,
    caption: joined,
    tags: [],
    technologies: texts,
    overview: joined,
    excerpt: texts.join(' '),
    links: { website: joined, registry: joined, repositories: texts },
    projects: [projectOf(1, joined), projectOf(2, texts.join(''))],
    source: joined,
  };
}

/**
 * Returns entries that break the schema while carrying a payload: image
 * sizes as strings and tags as one string. The app must skip them.
 */
export function malformedPayloadEntries(payload: Payload): unknown[] {
  const base = payloadEntry(payload);
  return [
    { ...base, slug: 'xss-string-width', image_width: payload.payload },
    { ...base, slug: 'xss-string-height', image_height: payload.payload },
    { ...base, slug: 'xss-string-tags', tags: payload.payload },
  ];
}

/** Returns a well-formed entry with plain text, for size and failure tests. */
export function plainEntry(slug: string, title: string, overview: string, tags: string[]): Entry {
  return {
    slug,
    title,
    date: '2021-02-15T13:32:20+03:00',
    image: null,
    image_width: null,
    image_height: null,
    caption: null,
    tags,
    technologies: ['Rust'],
    overview,
    excerpt: overview.slice(0, 200),
    links: { website: null, registry: null, repositories: [] },
    projects: [],
    source: `_posts/2021-02-15-${slug}.md`,
  };
}

export function projectOf(number: number, text: string): Project {
  return {
    number,
    title: text,
    markdown: text,
    description: text,
    expected_impact: text,
    deliverable: text,
    repositories: [text],
    tech_stack: text,
  };
}
