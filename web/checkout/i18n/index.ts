// The catalogues by language code, and the choice of one: the element's `lang` attribute, else the
// browser's preferred languages in order, else English.
import { de } from './de.js';
import { en, type Messages } from './en.js';

export const catalogues: Record<string, Messages> = { en, de };

export function pickLanguage(requested: readonly string[]): string {
  for (const tag of requested) {
    const base = tag.toLowerCase().split('-')[0]!;
    if (catalogues[base]) return base;
  }
  return 'en';
}

export type { Messages };
